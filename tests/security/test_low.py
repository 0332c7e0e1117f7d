"""The small items: 500s that became answers, and what answers no longer disclose."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from tests.conftest import PASSWORD, login

EARLY = "0001-01-01T00:00:00+01:00"
LATE = "9999-12-31T23:59:59-01:00"


@pytest.mark.parametrize("path", ["/api/v1/auditoria/list", "/api/v1/inferencias/list"])
def test_extreme_since_and_until_filter_instead_of_500(
    client: TestClient, admin: dict[str, str], path: str
) -> None:
    for params in ({"since": EARLY}, {"until": EARLY}, {"since": LATE}, {"until": LATE}):
        response = client.get(path, params=params, headers=admin)
        assert response.status_code == 200, (params, response.text)


def test_concurrent_duplicate_signups_answer_409_not_500(settings: Settings) -> None:
    wide = settings.model_copy(update={"password_hash_concurrency": 4, "password_hash_wait_s": 30})
    with TestClient(create_app(wide)) as client:
        _signups_race(client, login(client, "admin"))


def _signups_race(client: TestClient, admin: dict[str, str]) -> None:
    barrier = Barrier(4)

    def signup(_: int) -> int:
        barrier.wait()
        body = {"username": "duplicado", "password": PASSWORD, "perfil": "leitor"}
        return client.post("/api/v1/usuarios/signup", json=body, headers=admin).status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        codes = sorted(pool.map(signup, range(4)))
    assert codes == [201, 409, 409, 409]  # one is created; the others collide, none is 500


def test_the_audit_request_id_is_made_by_the_server(
    client: TestClient, admin: dict[str, str]
) -> None:
    for _ in range(2):
        client.post(
            "/api/v1/usuarios/login",
            data={"username": "ninguem", "password": "errada-123"},
            headers={"X-Request-ID": "forjado-1"},
        )
    events = client.get(
        "/api/v1/auditoria/list", params={"action": "login.falhou"}, headers=admin
    ).json()["data"]
    ids = {event["request_id"] for event in events}
    assert "forjado-1" not in ids and len(ids) == 2
    assert {event["details"]["client_request_id"] for event in events} == {"forjado-1"}


def test_unknown_keys_nested_too_deep_are_refused_and_details_keep_answering(
    client: TestClient, recrutador: dict[str, str], admin: dict[str, str]
) -> None:
    from tests.helpers import VALIDATION_ERROR

    deep: object = "fundo"
    for _ in range(800):
        deep = {"x": deep}
    record = {"infos_basicas": {"codigo_profissional": 8100, "nome": "A"}, "extra": deep}
    response = client.post("/api/v1/candidatos/create", json=record, headers=recrutador)
    assert response.status_code == VALIDATION_ERROR
    shallow = {"infos_basicas": {"codigo_profissional": 8100, "nome": "A"}, "extra": {"a": [1]}}
    assert client.post("/api/v1/candidatos/create", json=shallow, headers=recrutador).is_success
    assert client.get("/api/v1/candidatos/details/8100", headers=admin).status_code == 200
    assert client.get("/api/v1/candidatos/8100/dados-pessoais", headers=admin).status_code == 200


def test_imports_and_exports_cannot_touch_the_registry_or_drift_reports(
    client: TestClient, admin: dict[str, str]
) -> None:
    for key in ("models/match/CURRENT", "drift_reports/LATEST", "MODELS/match/CURRENT"):
        export = client.post(
            "/api/v1/candidatos/export-applicants", json={"file_key": key}, headers=admin
        )
        assert export.status_code == 403, export.text
        imported = client.post(
            "/api/v1/candidatos/update-tables", json={"file_key": key}, headers=admin
        )
        assert imported.status_code == 403, imported.text


def test_import_errors_disclose_no_storage_location_and_long_names_are_no_500(
    client: TestClient, admin: dict[str, str]
) -> None:
    from tests.helpers import VALIDATION_ERROR

    missing = client.post(
        "/api/v1/vagas/update-tables", json={"file_key": "raw/nada.json"}, headers=admin
    )
    assert missing.status_code == 404
    assert "file:" not in missing.text and "storage" not in missing.text
    long_name = client.post(
        "/api/v1/vagas/update-tables", json={"file_key": "a" * 300 + ".json"}, headers=admin
    )
    assert long_name.status_code == VALIDATION_ERROR, long_name.text


def test_the_trailing_slash_redirect_does_not_reflect_the_host(
    client: TestClient, admin: dict[str, str]
) -> None:
    response = client.get(
        "/api/v1/candidatos/list/",
        headers={**admin, "Host": "evil.example"},
        follow_redirects=False,
    )
    assert "evil.example" not in response.headers.get("location", "")
