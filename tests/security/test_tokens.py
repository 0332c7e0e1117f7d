"""Tokens die with their user: ids are never reused, credential changes and logout revoke."""

from fastapi.testclient import TestClient

from tests.conftest import PASSWORD, login

URL = "/api/v1/usuarios"


def _create(client: TestClient, admin: dict[str, str], username: str, perfil: str) -> int:
    response = client.post(
        f"{URL}/signup",
        json={"username": username, "password": PASSWORD, "perfil": perfil},
        headers=admin,
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _me(client: TestClient, headers: dict[str, str]) -> int:
    return client.get(f"{URL}/logado", headers=headers).status_code


def test_a_deleted_users_token_never_becomes_the_next_users(
    client: TestClient, admin: dict[str, str]
) -> None:
    old_id = _create(client, admin, "leitor-temp", "leitor")
    stolen = login(client, "leitor-temp")
    assert client.delete(f"{URL}/{old_id}", headers=admin).status_code == 204
    new_id = _create(client, admin, "novo-admin", "admin")
    assert new_id != old_id
    assert _me(client, stolen) == 401
    # Even the highest id freed at the end of the table is never handed out again.
    assert client.delete(f"{URL}/{new_id}", headers=admin).status_code == 204
    assert _create(client, admin, "outro", "leitor") > new_id


def test_deactivation_role_change_and_reset_revoke_tokens_at_once(
    client: TestClient, admin: dict[str, str]
) -> None:
    user_id = _create(client, admin, "vitima", "recrutador")
    # role change
    token = login(client, "vitima")
    assert (
        client.put(f"{URL}/{user_id}", json={"perfil": "leitor"}, headers=admin).status_code == 200
    )
    assert _me(client, token) == 401
    # admin reset of the password
    token = login(client, "vitima")
    reset = {"password": "nova-senha-456"}
    assert client.put(f"{URL}/{user_id}", json=reset, headers=admin).status_code == 200
    assert _me(client, token) == 401
    # deactivation, then reactivation: the old token stays dead
    token = login(client, "vitima", "nova-senha-456")
    assert (
        client.put(f"{URL}/{user_id}", json={"is_active": False}, headers=admin).status_code == 200
    )
    assert (
        client.put(f"{URL}/{user_id}", json={"is_active": True}, headers=admin).status_code == 200
    )
    assert _me(client, token) == 401


def test_own_password_change_revokes_the_old_token(
    client: TestClient, admin: dict[str, str]
) -> None:
    user_id = _create(client, admin, "trocadora", "leitor")
    token = login(client, "trocadora")
    other_session = login(client, "trocadora")
    body = {"password": "senha-nova-789", "current_password": PASSWORD}
    assert client.put(f"{URL}/{user_id}", json=body, headers=token).status_code == 200
    assert _me(client, other_session) == 401
    assert _me(client, login(client, "trocadora", "senha-nova-789")) == 200


def test_logout_revokes_the_token(client: TestClient, leitor: dict[str, str]) -> None:
    assert _me(client, leitor) == 200
    assert client.post(f"{URL}/logout", headers=leitor).status_code == 204
    assert _me(client, leitor) == 401
    assert client.post(f"{URL}/logout", headers=leitor).status_code == 401
    assert _me(client, login(client, "leitor")) == 200


def test_a_token_without_a_version_is_refused(client: TestClient) -> None:
    from datetime import UTC, datetime, timedelta

    import jwt

    from tests.conftest import TEST_SECRET

    now = datetime.now(UTC)
    legacy = jwt.encode({"sub": "1", "iat": now, "exp": now + timedelta(hours=1)}, TEST_SECRET)
    assert _me(client, {"Authorization": f"Bearer {legacy}"}) == 401
