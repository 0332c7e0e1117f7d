"""Users and authentication through the HTTP API."""

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from talentmatch.core.config import Settings
from talentmatch.core.security import create_access_token
from talentmatch.db.engines import make_engine
from talentmatch.usuarios.models import Usuario
from tests.conftest import PASSWORD, TEST_SECRET, login
from tests.helpers import VALIDATION_ERROR

URL = "/api/v1/usuarios"


def test_login_returns_a_bearer_token_that_identifies_the_user(client: TestClient) -> None:
    response = client.post(f"{URL}/login", data={"username": "leitor", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 60 * 60
    me = client.get(f"{URL}/logado", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json() == {
        "id": me.json()["id"],
        "username": "leitor",
        "perfil": "leitor",
        "is_active": True,
    }


def test_unknown_user_and_wrong_password_get_the_same_answer(client: TestClient) -> None:
    wrong = client.post(f"{URL}/login", data={"username": "admin", "password": "errada-123"})
    unknown = client.post(f"{URL}/login", data={"username": "ninguem", "password": "errada-123"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.headers["www-authenticate"] == "Bearer"


def test_failed_logins_are_bounded_per_minute(client: TestClient, settings: Settings) -> None:
    for _ in range(settings.login_max_failures_per_minute):
        response = client.post(f"{URL}/login", data={"username": "admin", "password": "x" * 8})
        assert response.status_code == 401
    blocked = client.post(f"{URL}/login", data={"username": "admin", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "tente novamente" in blocked.json()["detail"]
    assert int(blocked.headers["retry-after"]) >= 1
    # Another account is not affected.
    assert (
        client.post(f"{URL}/login", data={"username": "leitor", "password": PASSWORD}).status_code
        == 200
    )


def test_passwords_are_stored_as_argon2_hashes(client: TestClient, settings: Settings) -> None:
    engine = make_engine(settings.resolved_auth_database_url)
    with Session(engine) as session:
        user = session.exec(select(Usuario).where(Usuario.username == "admin")).one()
    engine.dispose()
    assert user.hashed_password.startswith("$argon2id$")
    assert PASSWORD not in user.hashed_password


def test_expired_forged_and_malformed_tokens_are_401(client: TestClient) -> None:
    expired = create_access_token(
        subject="1", secret=TEST_SECRET, algorithm="HS256", expires_in=timedelta(seconds=-1)
    )
    forged = create_access_token(
        subject="1", secret="another-secret-" * 4, algorithm="HS256", expires_in=timedelta(hours=1)
    )
    for token in (expired, forged, "not-a-jwt"):
        response = client.get(f"{URL}/logado", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, token
    response = client.get(f"{URL}/logado", headers={"Authorization": f"Bearer {expired}"})
    assert "expirado" in response.json()["detail"]


def test_token_expiry_follows_the_setting(settings: Settings) -> None:
    from talentmatch.app import create_app

    short = settings.model_copy(update={"access_token_expire_minutes": 5})
    with TestClient(create_app(short)) as client:
        response = client.post(f"{URL}/login", data={"username": "admin", "password": PASSWORD})
        assert response.json()["expires_in"] == 300


def test_signup_is_admin_only_and_refuses_a_taken_username(
    client: TestClient, admin: dict[str, str]
) -> None:
    body = {"username": "novo.recrutador", "password": "uma-senha-boa", "perfil": "recrutador"}
    created = client.post(f"{URL}/signup", json=body, headers=admin)
    assert created.status_code == 201
    assert created.json()["perfil"] == "recrutador"
    assert "password" not in created.json() and "hashed_password" not in created.json()
    assert client.post(f"{URL}/signup", json=body, headers=admin).status_code == 409
    assert login(client, "novo.recrutador", "uma-senha-boa")


def test_signup_validates_its_body(client: TestClient, admin: dict[str, str]) -> None:
    for body in (
        {"username": "ab", "password": "uma-senha-boa"},
        {"username": "valido", "password": "curta"},
        {"username": "valido", "password": "uma-senha-boa", "perfil": "root"},
    ):
        assert (
            client.post(f"{URL}/signup", json=body, headers=admin).status_code == VALIDATION_ERROR
        ), body


def test_list_users_is_paginated(client: TestClient, admin: dict[str, str]) -> None:
    page = client.get(f"{URL}/list", params={"limit": 2}, headers=admin).json()
    assert page["total"] == 3
    assert [user["username"] for user in page["data"]] == ["leitor", "recrutador"]


def test_a_user_changes_its_own_password_and_nothing_else(
    client: TestClient, leitor: dict[str, str]
) -> None:
    me = client.get(f"{URL}/logado", headers=leitor).json()
    without_current = client.put(
        f"{URL}/{me['id']}", json={"password": "nova-senha-123"}, headers=leitor
    )
    assert without_current.status_code == 403
    wrong_current = {"password": "nova-senha-123", "current_password": "errada-123"}
    assert client.put(f"{URL}/{me['id']}", json=wrong_current, headers=leitor).status_code == 403
    body = {"password": "nova-senha-123", "current_password": PASSWORD}
    changed = client.put(f"{URL}/{me['id']}", json=body, headers=leitor)
    assert changed.status_code == 200
    # The change revoked the old token; the new password logs in.
    assert client.get(f"{URL}/logado", headers=leitor).status_code == 401
    leitor = login(client, "leitor", "nova-senha-123")
    promote = client.put(f"{URL}/{me['id']}", json={"perfil": "admin"}, headers=leitor)
    assert promote.status_code == 403
    other_id = me["id"] + 1  # the fixture users are leitor, recrutador, admin in that order
    other = client.put(f"{URL}/{other_id}", json={"password": "nova-senha-123"}, headers=leitor)
    assert other.status_code == 403


def test_admin_updates_and_deletes_users(client: TestClient, admin: dict[str, str]) -> None:
    users = {u["username"]: u for u in client.get(f"{URL}/list", headers=admin).json()["data"]}
    leitor_id = users["leitor"]["id"]
    updated = client.put(f"{URL}/{leitor_id}", json={"perfil": "recrutador"}, headers=admin)
    assert updated.json()["perfil"] == "recrutador"
    assert client.delete(f"{URL}/{leitor_id}", headers=admin).status_code == 204
    assert client.delete(f"{URL}/{leitor_id}", headers=admin).status_code == 404
    assert (
        client.put(f"{URL}/{leitor_id}", json={"perfil": "leitor"}, headers=admin).status_code
        == 404
    )
    admin_id = users["admin"]["id"]
    assert client.delete(f"{URL}/{admin_id}", headers=admin).status_code == 409


def test_a_deleted_or_deactivated_user_loses_access(
    client: TestClient, admin: dict[str, str], recrutador: dict[str, str]
) -> None:
    users = {u["username"]: u for u in client.get(f"{URL}/list", headers=admin).json()["data"]}
    client.put(f"{URL}/{users['recrutador']['id']}", json={"is_active": False}, headers=admin)
    assert client.get(f"{URL}/logado", headers=recrutador).status_code == 401
    response = client.post(f"{URL}/login", data={"username": "recrutador", "password": PASSWORD})
    assert response.status_code == 401


def test_renaming_to_a_taken_username_is_409(client: TestClient, admin: dict[str, str]) -> None:
    users = {u["username"]: u for u in client.get(f"{URL}/list", headers=admin).json()["data"]}
    response = client.put(
        f"{URL}/{users['leitor']['id']}", json={"username": "admin"}, headers=admin
    )
    assert response.status_code == 409
