"""HTTP hardening through HTTP: security headers, CORS, docs, body size and input limits."""

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from talentmatch.core.middleware import API_CSP
from talentmatch.db.sections import EXTRAS_MAX_KEYS, LONG_TEXT_MAX, SHORT_TEXT_MAX, TEXT_MAX
from talentmatch.db.types import MAX_CODE
from talentmatch.inferencias.models import MAX_BATCH
from talentmatch.recommending.dependencies import MAX_K
from tests.conftest import login, make_settings
from tests.helpers import VALIDATION_ERROR

CANDIDATOS = "/api/v1/candidatos"
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "content-security-policy": API_CSP,
}
ALLOWED_ORIGIN = "https://recrutamento.example.com"


def assert_security_headers(response: Any, *, api: bool) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (name, response.headers)
    assert (response.headers.get("cache-control") == "no-store") is api


def total_candidatos(client: TestClient, headers: dict[str, str]) -> int:
    answer = client.get(f"{CANDIDATOS}/list", headers=headers)
    assert answer.status_code == 200, answer.text
    total: int = answer.json()["total"]
    return total


def candidato(**infos: Any) -> dict[str, Any]:
    return {"infos_basicas": {"nome": "Maria", **infos}}


@pytest.fixture
def limited(settings: Settings) -> Iterator[TestClient]:
    """An app accepting bodies of at most 4 KiB, with one allowed CORS origin."""
    changed = settings.model_copy(update={"max_body_bytes": 4096, "cors_origins": [ALLOWED_ORIGIN]})
    with TestClient(create_app(changed)) as client:
        yield client


# --- security headers ------------------------------------------------------------------
def test_health_has_the_security_headers_and_no_hsts_outside_production(
    client: TestClient,
) -> None:
    answer = client.get("/health")
    assert answer.status_code == 200
    assert_security_headers(answer, api=False)
    assert "strict-transport-security" not in answer.headers


def test_api_answers_are_not_stored_by_caches(client: TestClient, admin: dict[str, str]) -> None:
    answer = client.get(f"{CANDIDATOS}/list", headers=admin)
    assert answer.status_code == 200
    assert_security_headers(answer, api=True)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/nada", 404),
        (f"{CANDIDATOS}/details/0", VALIDATION_ERROR),
        (f"{CANDIDATOS}/list", 401),
    ],
)
def test_errors_have_the_security_headers(
    client: TestClient, admin: dict[str, str], path: str, status: int
) -> None:
    answer = client.get(path, headers=admin if status != 401 else {})
    assert answer.status_code == status, answer.text
    assert_security_headers(answer, api=True)


def test_a_server_error_has_the_security_headers(settings: Settings) -> None:
    app = create_app(settings)

    def boom() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/boom", boom)
    answer = TestClient(app, raise_server_exceptions=False).get("/boom")
    assert answer.status_code == 500
    assert answer.json() == {"detail": "Erro interno do servidor."}
    assert_security_headers(answer, api=False)


def production_app(tmp_path: Path, **overrides: object) -> TestClient:
    settings = make_settings(
        tmp_path, env="production", jwt_secret=secrets.token_urlsafe(48), **overrides
    )
    return TestClient(create_app(settings))  # no lifespan: the docs routes need no database


def test_production_sends_hsts_and_hides_the_docs(tmp_path: Path) -> None:
    client = production_app(tmp_path)
    for path in ("/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert answer.headers["strict-transport-security"].startswith("max-age=")
        assert_security_headers(answer, api=False)


def test_docs_enabled_in_production_load_swagger_ui_from_its_cdn_only(tmp_path: Path) -> None:
    client = production_app(tmp_path, docs_enabled=True)
    assert client.get("/openapi.json").status_code == 200
    for path in ("/docs", "/redoc"):
        page = client.get(path)
        assert page.status_code == 200
        policy = page.headers["content-security-policy"]
        assert "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net;" in policy
        assert "https://cdn.jsdelivr.net" in page.text
    assert client.get("/openapi.json").headers["content-security-policy"] == API_CSP


def test_docs_are_on_in_development(tmp_path: Path) -> None:
    client = TestClient(create_app(make_settings(tmp_path, env="development")))
    assert client.get("/docs").status_code == 200


# --- CORS --------------------------------------------------------------------------------
def test_an_allowed_origin_gets_cors_headers_and_another_does_not(limited: TestClient) -> None:
    allowed = limited.get("/health", headers={"Origin": ALLOWED_ORIGIN})
    assert allowed.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert "access-control-allow-credentials" not in allowed.headers
    other = limited.get("/health", headers={"Origin": "https://evil.example.com"})
    assert "access-control-allow-origin" not in other.headers


def test_a_preflight_from_an_allowed_origin_is_answered(limited: TestClient) -> None:
    headers = {
        "Origin": ALLOWED_ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    answer = limited.options(f"{CANDIDATOS}/create", headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert "POST" in answer.headers["access-control-allow-methods"]
    refused = limited.options(
        f"{CANDIDATOS}/create", headers={**headers, "Origin": "https://evil.example.com"}
    )
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers


def test_without_origins_there_are_no_cors_headers(client: TestClient) -> None:
    answer = client.get("/health", headers={"Origin": ALLOWED_ORIGIN})
    assert "access-control-allow-origin" not in answer.headers


# --- body size -----------------------------------------------------------------------------
def test_a_body_over_the_limit_is_413_and_nothing_is_stored(limited: TestClient) -> None:
    headers = login(limited, "recrutador")
    body = candidato(objetivo_profissional="x" * 5000)
    answer = limited.post(f"{CANDIDATOS}/create", json=body, headers=headers)
    assert answer.status_code == 413
    assert "4096 bytes" in answer.json()["detail"]
    assert_security_headers(answer, api=True)
    assert total_candidatos(limited, headers) == 0


def test_a_streamed_body_without_content_length_is_counted(limited: TestClient) -> None:
    headers = {**login(limited, "recrutador"), "Content-Type": "application/json"}
    chunks = [b'{"infos_basicas": {"nome": "', b"x" * 3000, b"x" * 3000, b'"}}']
    answer = limited.post(f"{CANDIDATOS}/create", content=iter(chunks), headers=headers)
    assert answer.status_code == 413
    assert total_candidatos(limited, headers) == 0
    small = [b'{"infos_basicas": {"nome": "', b"Maria", b'"}}']
    answer = limited.post(f"{CANDIDATOS}/create", content=iter(small), headers=headers)
    assert answer.status_code == 200, answer.text


def test_the_default_limit_takes_two_resumes_at_their_maximum(
    client: TestClient, recrutador: dict[str, str]
) -> None:
    body = {**candidato(), "cv_pt": "ç" * TEXT_MAX, "cv_en": "\u2603" * TEXT_MAX}
    answer = client.post(f"{CANDIDATOS}/create", json=body, headers=recrutador)
    assert answer.status_code == 200, answer.text[:300]


# --- input limits -------------------------------------------------------------------------
REFUSED = {
    "short": candidato(nome="n" * (SHORT_TEXT_MAX + 1)),
    "long": candidato(objetivo_profissional="o" * (LONG_TEXT_MAX + 1)),
    "resume": {**candidato(), "cv_pt": "c" * (TEXT_MAX + 1)},
    "section": {**candidato(), "informacoes_pessoais": {"endereco": "e" * (SHORT_TEXT_MAX + 1)}},
    "extra-keys": candidato(**{f"campo_{i}": "v" for i in range(EXTRAS_MAX_KEYS + 1)}),
    "extra-value": candidato(campo_novo="v" * (LONG_TEXT_MAX + 1)),
    "extra-key-name": candidato(**{"k" * 201: "v"}),
    "nul": candidato(nome="Ma\u0000ria"),
    "nul-extra": {**candidato(), "extra": {"nested": ["a\u0000"]}},
}


@pytest.mark.parametrize("body", list(REFUSED.values()), ids=list(REFUSED))
def test_text_over_its_limit_is_a_validation_error_and_nothing_is_stored(
    client: TestClient, recrutador: dict[str, str], body: dict[str, Any]
) -> None:
    answer = client.post(f"{CANDIDATOS}/create", json=body, headers=recrutador)
    assert answer.status_code == VALIDATION_ERROR, answer.text[:300]
    assert answer.json()["detail"][0]["msg"]
    assert total_candidatos(client, recrutador) == 0


def test_vaga_sections_have_the_same_limits(client: TestClient, recrutador: dict[str, str]) -> None:
    body = {"informacoes_basicas": {"titulo_vaga": "t" * (SHORT_TEXT_MAX + 1)}}
    answer = client.post("/api/v1/vagas/create", json=body, headers=recrutador)
    assert answer.status_code == VALIDATION_ERROR
    assert answer.json()["detail"][0]["loc"][-1] == "titulo_vaga"


def test_an_escaped_backslash_before_u0000_is_plain_text(
    client: TestClient, recrutador: dict[str, str]
) -> None:
    answer = client.post(
        f"{CANDIDATOS}/create", json=candidato(nome="C:\\u0000"), headers=recrutador
    )
    assert answer.status_code == 200, answer.text
    code = answer.json()["codigo_candidato"]
    details = client.get(f"{CANDIDATOS}/details/{code}", headers=recrutador).json()
    assert details["infos_basicas"]["nome"] == "C:\\u0000"


def test_nul_in_a_query_or_a_form_is_a_validation_error(
    client: TestClient, admin: dict[str, str]
) -> None:
    answer = client.get("/api/v1/inferencias/list?model_version=v%00", headers=admin)
    assert answer.status_code == VALIDATION_ERROR
    assert answer.json()["detail"][0]["loc"] == ["query"]
    form = {"username": "admin\u0000", "password": "x"}
    assert client.post("/api/v1/usuarios/login", data=form).status_code == VALIDATION_ERROR


@pytest.mark.parametrize(
    "query", ["limit=1000001", "limit=0", "offset=-1", "offset=1000000001", "limit=1" + "0" * 30]
)
def test_page_parameters_are_bounded(client: TestClient, admin: dict[str, str], query: str) -> None:
    for resource in ("candidatos", "vagas", "prospects", "usuarios", "inferencias"):
        answer = client.get(f"/api/v1/{resource}/list?{query}", headers=admin)
        assert answer.status_code == VALIDATION_ERROR, (resource, answer.text)


def test_a_large_page_is_lowered_to_the_maximum(client: TestClient, admin: dict[str, str]) -> None:
    answer = client.get(f"{CANDIDATOS}/list?limit=5000", headers=admin)
    assert answer.json()["limit"] == 1000


def test_k_is_bounded(client: TestClient, admin: dict[str, str]) -> None:
    paths = [f"{CANDIDATOS}/1/recomendacoes", "/api/v1/vagas/1/recomendacoes"]
    for path in paths:
        assert client.get(f"{path}?k={MAX_K + 1}", headers=admin).status_code == VALIDATION_ERROR
    answer = client.post(
        f"/api/v1/inferencias/recommendationModel/predict?k={MAX_K + 1}", json={}, headers=admin
    )
    assert answer.status_code == VALIDATION_ERROR


def test_batches_are_bounded(client: TestClient, admin: dict[str, str]) -> None:
    pairs = [{"codigo_profissional": 1, "codigo_vaga": 1}] * (MAX_BATCH + 1)
    answer = client.post(
        "/api/v1/inferencias/matchModel/predict-batch", json={"pairs": pairs}, headers=admin
    )
    assert answer.status_code == VALIDATION_ERROR
    listed = client.get("/api/v1/inferencias/list", headers=admin).json()
    assert listed["total"] == 0


def test_user_names_and_passwords_are_bounded(client: TestClient, admin: dict[str, str]) -> None:
    too_long = [
        {"username": "u" * 65, "password": "senha-longa-123", "perfil": "leitor"},
        {"username": "usuario", "password": "p" * 129, "perfil": "leitor"},
    ]
    for body in too_long:
        assert (
            client.post("/api/v1/usuarios/signup", json=body, headers=admin).status_code
            == VALIDATION_ERROR
        )
    users = client.get("/api/v1/usuarios/list", headers=admin).json()
    assert users["total"] == 3
    form = {"username": "admin", "password": "p" * 129}
    assert client.post("/api/v1/usuarios/login", data=form).status_code == VALIDATION_ERROR
    assert (
        client.put(f"/api/v1/usuarios/{2**63}", json={}, headers=admin).status_code
        == VALIDATION_ERROR
    )


def test_a_client_taking_the_largest_code_does_not_break_new_codes(
    client: TestClient, recrutador: dict[str, str]
) -> None:
    def create(**infos: Any) -> int:
        answer = client.post(f"{CANDIDATOS}/create", json=candidato(**infos), headers=recrutador)
        assert answer.status_code == 200, answer.text
        code: int = answer.json()["codigo_candidato"]
        return code

    assert create(codigo_profissional=MAX_CODE) == MAX_CODE
    assert create() == 1
    assert create() == 2
    assert create(codigo_profissional=4) == 4
    assert create() == 3
    assert create() == 5
    assert create(codigo_profissional=1) == 1  # an update
