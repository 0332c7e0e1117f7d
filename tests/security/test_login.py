"""The login: an atomic throttle by username and address, bounded hash checks, look-alikes."""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from tests.conftest import PASSWORD, login
from tests.helpers import VALIDATION_ERROR

URL = "/api/v1/usuarios"


def _try(client: TestClient, username: str, password: str = "senha-errada-1") -> int:
    response = client.post(f"{URL}/login", data={"username": username, "password": password})
    if response.status_code == 429:
        assert int(response.headers["retry-after"]) >= 1
    return response.status_code


def _failures_audited(client: TestClient, admin: dict[str, str]) -> int:
    page = client.get(
        "/api/v1/auditoria/list", params={"action": "login.falhou"}, headers=admin
    ).json()
    return int(page["total"])


def test_parallel_wrong_passwords_are_checked_no_more_than_the_limit(
    client: TestClient, settings: Settings
) -> None:
    admin = login(client, "admin")
    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(lambda _: _try(client, "recrutador"), range(20)))
    checked = codes.count(401)
    assert set(codes) <= {401, 429}
    assert 1 <= checked <= settings.login_max_failures_per_minute
    # Refused tries leave no audit row behind: the flood is bounded by the throttle.
    assert _failures_audited(client, admin) == checked


@pytest.fixture
def two_addresses(settings: Settings) -> Iterator[tuple[TestClient, TestClient]]:
    """Two clients of one running app, from different addresses."""
    app = create_app(settings)
    with TestClient(app, client=("203.0.113.7", 4000)) as attacker:
        yield attacker, TestClient(app, client=("198.51.100.2", 4001))


def test_guesses_from_one_address_do_not_lock_the_real_user_out(
    two_addresses: tuple[TestClient, TestClient], settings: Settings
) -> None:
    attacker, real_user = two_addresses
    codes = [_try(attacker, "leitor") for _ in range(settings.login_max_failures_per_minute + 2)]
    assert codes[-1] == 429  # the guesser backs off ...
    assert codes.count(401) == settings.login_max_failures_per_minute
    # ... and the real user, elsewhere, logs in at once.
    assert _try(real_user, "leitor", PASSWORD) == 200
    # The guesser's wait grows with each refused... checked try (back-off, not a fixed lock).
    refused = attacker.post(f"{URL}/login", data={"username": "leitor", "password": "x" * 8})
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 900


def test_a_global_cap_per_username_holds_across_addresses(
    tmp_path: Path, settings: Settings
) -> None:
    capped = settings.model_copy(update={"login_max_failures_per_username_per_minute": 3})
    app = create_app(capped)
    with TestClient(app, client=("10.0.0.1", 1)) as first:
        codes = [_try(TestClient(app, client=(f"10.0.0.{n}", 1)), "admin") for n in range(1, 6)]
        assert codes == [401, 401, 401, 429, 429]
        assert first is not None


def test_concurrent_password_checks_are_bounded_with_429(settings: Settings) -> None:
    narrow = settings.model_copy(update={"password_hash_concurrency": 1, "password_hash_wait_s": 0})
    with TestClient(create_app(narrow)) as client, ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(lambda n: _try(client, f"ninguem-{n}"), range(8)))
    assert 429 in codes and 401 in codes
    assert set(codes) <= {401, 429}


def test_current_password_guesses_through_update_are_throttled(
    client: TestClient, settings: Settings
) -> None:
    leitor = login(client, "leitor")
    me = client.get(f"{URL}/logado", headers=leitor).json()
    codes = []
    for n in range(settings.login_max_failures_per_minute + 2):
        body = {"password": "nova-senha-123", "current_password": f"chute-{n}"}
        codes.append(client.put(f"{URL}/{me['id']}", json=body, headers=leitor).status_code)
    assert codes[: settings.login_max_failures_per_minute] == [403] * 5
    assert codes[-1] == 429


def test_the_last_active_admin_cannot_demote_or_deactivate_itself(
    client: TestClient, admin: dict[str, str]
) -> None:
    me = client.get(f"{URL}/logado", headers=admin).json()
    for change in ({"perfil": "leitor"}, {"is_active": False}):
        response = client.put(f"{URL}/{me['id']}", json=change, headers=admin)
        assert response.status_code == 409, change
    # With a second admin, the first may step down.
    body = {"username": "segundo-admin", "password": PASSWORD, "perfil": "admin"}
    assert client.post(f"{URL}/signup", json=body, headers=admin).status_code == 201
    assert (
        client.put(f"{URL}/{me['id']}", json={"perfil": "leitor"}, headers=admin).status_code == 200
    )


@pytest.mark.parametrize("name", ["Admin", "admin ", " ADMIN", "\uff41\uff44\uff4d\uff49\uff4e"])
def test_look_alike_usernames_are_the_same_user(
    client: TestClient, admin: dict[str, str], name: str
) -> None:
    body = {"username": name, "password": PASSWORD, "perfil": "leitor"}
    assert client.post(f"{URL}/signup", json=body, headers=admin).status_code == 409
    assert _try(client, name, PASSWORD) == 200  # and they log in as it


def test_mixed_script_usernames_are_refused(client: TestClient, admin: dict[str, str]) -> None:
    body = {"username": "\u0430dmin", "password": PASSWORD, "perfil": "admin"}  # Cyrillic a
    assert client.post(f"{URL}/signup", json=body, headers=admin).status_code == VALIDATION_ERROR


def test_a_token_whose_subject_is_no_plain_int_is_401_not_500(client: TestClient) -> None:
    from datetime import UTC, datetime, timedelta

    import jwt

    from tests.conftest import TEST_SECRET

    now = datetime.now(UTC)
    for subject in ("²", "1" * 40, "-1", "1.0"):
        claims = {"sub": subject, "ver": 0, "iat": now, "exp": now + timedelta(hours=1)}
        token = jwt.encode(claims, TEST_SECRET)
        response = client.get(f"{URL}/logado", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, subject
