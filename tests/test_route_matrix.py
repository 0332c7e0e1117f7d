"""Every /api/v1 route refuses a missing token (401) and a role below its minimum (403).

The table below must name every route the app has: a new route that is not added here
fails `test_the_table_covers_every_route`, so no route can be left open by forgetting.
"""

import re
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.usuarios.models import Perfil
from talentmatch.web.install import ROUTERS
from tests.conftest import make_settings

PUBLIC = None
LEITOR, RECRUTADOR, ADMIN = Perfil.leitor, Perfil.recrutador, Perfil.admin

MINIMUM_ROLE: dict[tuple[str, str], Perfil | None] = {
    ("POST", "/api/v1/usuarios/login"): PUBLIC,
    ("POST", "/api/v1/usuarios/logout"): LEITOR,
    ("GET", "/api/v1/usuarios/logado"): LEITOR,
    ("POST", "/api/v1/usuarios/signup"): ADMIN,
    ("GET", "/api/v1/usuarios/list"): ADMIN,
    ("PUT", "/api/v1/usuarios/{user_id}"): LEITOR,  # own password only; tested apart
    ("DELETE", "/api/v1/usuarios/{user_id}"): ADMIN,
    ("POST", "/api/v1/candidatos/create"): RECRUTADOR,
    ("GET", "/api/v1/candidatos/list"): LEITOR,
    ("GET", "/api/v1/candidatos/details/{codigo_profissional}"): LEITOR,
    ("GET", "/api/v1/candidatos/search"): LEITOR,
    ("GET", "/api/v1/candidatos/{codigo_profissional}/dados-pessoais"): ADMIN,
    ("POST", "/api/v1/candidatos/{codigo_profissional}/anonimizar"): ADMIN,
    ("POST", "/api/v1/vagas/create"): RECRUTADOR,
    ("GET", "/api/v1/vagas/list"): LEITOR,
    ("GET", "/api/v1/vagas/details/{codigo_vaga}"): LEITOR,
    ("GET", "/api/v1/vagas/search"): LEITOR,
    ("POST", "/api/v1/prospects/add-candidate"): RECRUTADOR,
    ("PUT", "/api/v1/prospects/update-candidate"): RECRUTADOR,
    ("GET", "/api/v1/prospects/list"): LEITOR,
    ("GET", "/api/v1/prospects/grouped-list"): LEITOR,
    ("GET", "/api/v1/prospects/{codigo_vaga}"): LEITOR,
    ("GET", "/api/v1/prospects/{codigo_vaga}/{codigo_candidato}/historico"): LEITOR,
    ("GET", "/api/v1/prospects/status"): LEITOR,
    ("GET", "/api/v1/prospects/candidato/{codigo_candidato}"): LEITOR,
    ("POST", "/api/v1/prospects/status"): ADMIN,
    ("POST", "/api/v1/inferencias/matchModel/predict"): RECRUTADOR,
    ("POST", "/api/v1/inferencias/recommendationModel/predict"): RECRUTADOR,
    ("GET", "/api/v1/inferencias/recommendationModel"): LEITOR,
    ("POST", "/api/v1/inferencias/recommendationModel/reload"): ADMIN,
    ("GET", "/api/v1/vagas/{codigo_vaga}/recomendacoes"): RECRUTADOR,
    ("GET", "/api/v1/candidatos/{codigo_profissional}/recomendacoes"): RECRUTADOR,
    ("GET", "/api/v1/inferencias/driftReport"): LEITOR,
    ("GET", "/api/v1/inferencias/driftReport/summary"): LEITOR,
    ("POST", "/api/v1/inferencias/driftReport/run"): ADMIN,
    ("GET", "/api/v1/inferencias/driftReport/html"): LEITOR,
    ("POST", "/api/v1/inferencias/matchModel/predict-ids"): RECRUTADOR,
    ("POST", "/api/v1/inferencias/matchModel/predict-batch"): RECRUTADOR,
    ("GET", "/api/v1/inferencias/models"): LEITOR,
    ("POST", "/api/v1/inferencias/models/reload"): ADMIN,
    ("GET", "/api/v1/inferencias/list"): RECRUTADOR,
    ("POST", "/api/v1/candidatos/update-tables"): ADMIN,
    ("POST", "/api/v1/candidatos/export-applicants"): ADMIN,
    ("POST", "/api/v1/vagas/update-tables"): ADMIN,
    ("POST", "/api/v1/vagas/export-vagas"): ADMIN,
    ("POST", "/api/v1/prospects/update-tables"): ADMIN,
    ("POST", "/api/v1/prospects/export-prospects"): ADMIN,
    ("GET", "/api/v1/jobs"): ADMIN,
    ("GET", "/api/v1/jobs/{job_id}"): ADMIN,
    ("POST", "/api/v1/jobs/{job_id}/cancel"): ADMIN,
    ("GET", "/api/v1/auditoria/list"): ADMIN,
}


# Routes whose access depends on the target as well as the role (tested in test_usuarios).
SELF_SERVICE = {("PUT", "/api/v1/usuarios/{user_id}")}


def app_routes() -> set[tuple[str, str]]:
    """Every (method, path) under /api/v1 that the app serves, from its OpenAPI schema."""
    app = create_app(make_settings(Path("unused")))
    return {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        if path.startswith("/api/v1")
        for method in operations
    }


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def test_the_table_covers_every_route() -> None:
    assert app_routes() == set(MINIMUM_ROLE)


def test_only_login_is_public() -> None:
    assert [route for route, role in MINIMUM_ROLE.items() if role is PUBLIC] == [
        ("POST", "/api/v1/usuarios/login")
    ]


PROTECTED = sorted(route for route, role in MINIMUM_ROLE.items() if role is not PUBLIC)


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_no_token_is_401(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, concrete(path), json={})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["detail"]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_a_role_below_the_minimum_is_403(
    client: TestClient,
    method: str,
    path: str,
    leitor: dict[str, str],
    recrutador: dict[str, str],
) -> None:
    headers_by_role = {LEITOR: leitor, RECRUTADOR: recrutador}
    minimum = MINIMUM_ROLE[(method, path)]
    assert minimum is not None
    below = [role for role in headers_by_role if role.rank < minimum.rank]
    for role in below:
        response = client.request(method, concrete(path), json={}, headers=headers_by_role[role])
        assert response.status_code == 403, (role, response.text)
    for role, headers in headers_by_role.items():
        if role.rank >= minimum.rank and (method, path) not in SELF_SERVICE:
            response = client.request(method, concrete(path), json={}, headers=headers)
            assert response.status_code not in (401, 403), (role, response.text)


# The web app's pages (/app): a session cookie and a role, as the API's routes; forms also
# need their CSRF token (tests/web). PUBLIC: the login form and the redirects to it.
WEB_MINIMUM_ROLE: dict[tuple[str, str], Perfil | None] = {
    ("GET", "/"): PUBLIC,
    ("GET", "/app"): PUBLIC,
    ("GET", "/app/"): PUBLIC,
    ("GET", "/app/login"): PUBLIC,
    ("POST", "/app/login"): PUBLIC,  # its signed double-submit token instead of a session
    ("POST", "/app/logout"): LEITOR,
    ("GET", "/app/vagas"): LEITOR,
    ("GET", "/app/vagas/{codigo_vaga}"): LEITOR,
    ("POST", "/app/vagas/{codigo_vaga}/pipeline"): RECRUTADOR,
    ("GET", "/app/vagas/{codigo_vaga}/quadro"): LEITOR,
    ("POST", "/app/vagas/{codigo_vaga}/quadro/mover"): RECRUTADOR,
    ("GET", "/app/candidatos"): LEITOR,
    ("GET", "/app/candidatos/{codigo_profissional}"): LEITOR,
    ("GET", "/app/vagas/nova"): RECRUTADOR,
    ("POST", "/app/vagas/nova"): RECRUTADOR,
    ("GET", "/app/vagas/{codigo_vaga}/editar"): RECRUTADOR,
    ("POST", "/app/vagas/{codigo_vaga}/editar"): RECRUTADOR,
    ("GET", "/app/candidatos/novo"): RECRUTADOR,
    ("POST", "/app/candidatos/novo"): RECRUTADOR,
    ("GET", "/app/candidatos/{codigo_profissional}/editar"): RECRUTADOR,
    ("POST", "/app/candidatos/{codigo_profissional}/editar"): RECRUTADOR,
    ("POST", "/app/candidatos/{codigo_profissional}/dados-pessoais"): ADMIN,
    ("GET", "/app/candidatos/{codigo_profissional}/anonimizar"): ADMIN,
    ("POST", "/app/candidatos/{codigo_profissional}/anonimizar"): ADMIN,
    ("GET", "/app/arquivos"): ADMIN,
    ("POST", "/app/arquivos/importar"): ADMIN,
    ("POST", "/app/arquivos/exportar"): ADMIN,
    ("POST", "/app/arquivos/enviar"): ADMIN,
    ("GET", "/app/tarefas/{job_id}"): ADMIN,
    ("POST", "/app/tarefas/{job_id}/cancelar"): ADMIN,
    ("GET", "/app/tarefas/{job_id}/progress.json"): ADMIN,
    ("GET", "/app/tarefas/{job_id}/download"): ADMIN,
    ("GET", "/app/modelos"): LEITOR,
    ("POST", "/app/modelos/recarregar"): ADMIN,
    ("GET", "/app/drift"): LEITOR,
    ("GET", "/app/drift/relatorio"): LEITOR,
    ("POST", "/app/drift/gerar"): ADMIN,
    ("GET", "/app/auditoria"): ADMIN,
    ("GET", "/app/usuarios"): ADMIN,
    ("POST", "/app/usuarios"): ADMIN,
    ("POST", "/app/usuarios/{user_id}/perfil"): ADMIN,
    ("POST", "/app/usuarios/{user_id}/ativo"): ADMIN,
    ("POST", "/app/usuarios/{user_id}/remover"): ADMIN,
}


def web_routes() -> set[tuple[str, str]]:
    """Every (method, path) of the web app's routers (all that `include_web` includes)."""
    return {
        (method, route.path)
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }


def test_the_web_table_covers_every_page() -> None:
    assert web_routes() == set(WEB_MINIMUM_ROLE)


WEB_PROTECTED = sorted(route for route, role in WEB_MINIMUM_ROLE.items() if role is not PUBLIC)


@pytest.mark.parametrize(("method", "path"), WEB_PROTECTED)
def test_a_page_without_a_session_goes_to_the_login(
    client: TestClient, method: str, path: str, admin: dict[str, str]
) -> None:
    # A bearer token is no session: /app reads only its own cookie.
    response = client.request(method, concrete(path), headers=admin, follow_redirects=False)
    assert response.status_code == 303, response.text
    assert response.headers["location"].startswith("/app/login")
