"""The users and audit pages through HTTP: creating a user (the API's rules), changing a perfil
(the user's web session and tokens end), deactivating, reactivating, removing, the last admin
kept as the API keeps it; the audit log with the API's filters and true totals; admins only,
CSRF on every form, nothing written on a refusal."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from tests.conftest import PASSWORD, login
from tests.web.helpers import csrf_of
from tests.web.test_web_files import logged_in

API = "/api/v1"


@pytest.fixture
def browser(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as other:
        yield other


def users(client: TestClient, admin: dict[str, str]) -> dict[str, dict[str, Any]]:
    page = client.get(f"{API}/usuarios/list", headers=admin).json()
    return {user["username"]: user for user in page["data"]}


def post(browser: TestClient, path: str, **data: str) -> Any:
    token = csrf_of(browser.get("/app/usuarios").text)
    return browser.post(path, data={"csrf_token": token, **data}, follow_redirects=False)


def test_an_admin_creates_a_user_who_then_logs_in(
    client: TestClient, browser: TestClient, admin: dict[str, str]
) -> None:
    logged_in(browser, "admin")
    page = browser.get("/app/usuarios")
    assert page.status_code == 200
    assert 'data-user="recrutador"' in page.text and 'for="novo-senha"' in page.text
    answer = post(
        browser,
        "/app/usuarios",
        username="Nova.Pessoa",
        password="senha-longa-1",
        perfil="recrutador",
    )
    assert answer.status_code == 303, answer.text
    created = users(client, admin)["nova.pessoa"]  # the API's canonical name
    assert created["perfil"] == "recrutador" and created["is_active"]
    assert "Usuário &#39;nova.pessoa&#39; criado." in browser.get("/app/usuarios").text
    login(client, "nova.pessoa", "senha-longa-1")
    # The same name again: the API's 409, as a page.
    again = post(browser, "/app/usuarios", username="nova.pessoa", password="outra-senha-2")
    assert again.status_code == 409 and "já existe" in again.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"username": "ab", "password": "senha-longa-1"}, "de 3 a 64 caracteres"),
        ({"username": "pessoa", "password": "curta"}, "de 8 a 128 caracteres"),
        ({"username": "pessoa", "password": "senha-longa-1", "perfil": "chefe"}, "Perfil inválido"),
        ({"username": "\u0430dmin2", "password": "senha-longa-1"}, "mistura alfabetos"),
    ],
)
def test_an_invalid_new_user_shows_the_form_again_and_writes_nothing(
    client: TestClient,
    browser: TestClient,
    admin: dict[str, str],
    fields: dict[str, str],
    message: str,
) -> None:
    before = users(client, admin)
    logged_in(browser, "admin")
    answer = post(browser, "/app/usuarios", **fields)
    assert answer.status_code == 400
    assert "data-errors" in answer.text and message in answer.text
    assert 'name="password" type="password" required' in answer.text  # the password not echoed
    assert fields["password"] not in answer.text
    assert users(client, admin) == before


def test_a_recrutadors_session_ends_when_the_admin_changes_its_role_on_the_page(
    client: TestClient, browser: TestClient, settings: Settings, admin: dict[str, str]
) -> None:
    with TestClient(create_app(settings)) as recrutador:
        logged_in(recrutador, "recrutador")
        token = login(client, "recrutador")
        assert recrutador.get("/app/vagas").status_code == 200
        logged_in(browser, "admin")
        target = users(client, admin)["recrutador"]["id"]
        answer = post(browser, f"/app/usuarios/{target}/perfil", perfil="leitor")
        assert answer.status_code == 303, answer.text
        assert users(client, admin)["recrutador"]["perfil"] == "leitor"
        # The web session and the bearer token the user held are both revoked.
        ended = recrutador.get("/app/vagas", follow_redirects=False)
        assert ended.status_code == 303 and ended.headers["location"].startswith("/app/login")
        assert client.get(f"{API}/usuarios/logado", headers=token).status_code == 401
        events = client.get(
            f"{API}/auditoria/list", params={"action": "usuario.alterado"}, headers=admin
        ).json()["data"]
        assert [(e["target"], e["details"]["perfil"]) for e in events] == [
            (f"usuario:{target}", "leitor")
        ]


def test_deactivate_reactivate_and_remove_through_the_service(
    client: TestClient, browser: TestClient, admin: dict[str, str]
) -> None:
    logged_in(browser, "admin")
    target = users(client, admin)["leitor"]["id"]
    assert post(browser, f"/app/usuarios/{target}/ativo", ativo="false").status_code == 303
    assert users(client, admin)["leitor"]["is_active"] is False
    assert client.post(
        f"{API}/usuarios/login", data={"username": "leitor", "password": PASSWORD}
    ).status_code in (401, 403)
    assert post(browser, f"/app/usuarios/{target}/ativo", ativo="true").status_code == 303
    login(client, "leitor")
    assert post(browser, f"/app/usuarios/{target}/remover").status_code == 303
    assert "leitor" not in users(client, admin)
    assert post(browser, f"/app/usuarios/{target}/remover").status_code == 404
    actions = [
        e["action"]
        for e in client.get(
            f"{API}/auditoria/list", params={"target": f"usuario:{target}"}, headers=admin
        ).json()["data"]
    ]
    changes = [action for action in actions if action.startswith("usuario.")]
    assert changes[:3] == ["usuario.removido", "usuario.alterado", "usuario.alterado"]


def test_the_last_admin_is_kept_with_the_apis_refusal(
    client: TestClient, browser: TestClient, admin: dict[str, str]
) -> None:
    logged_in(browser, "admin")
    me = users(client, admin)["admin"]["id"]
    for path, data, message in (
        (f"/app/usuarios/{me}/perfil", {"perfil": "recrutador"}, "ao menos um administrador"),
        (f"/app/usuarios/{me}/ativo", {"ativo": "false"}, "ao menos um administrador"),
        (f"/app/usuarios/{me}/remover", {}, "não pode remover a si mesmo"),
    ):
        answer = post(browser, path, **data)
        assert answer.status_code == 409, (path, answer.text)
        assert message in answer.text
    assert users(client, admin)["admin"] == {**users(client, admin)["admin"], "perfil": "admin"}
    assert users(client, admin)["admin"]["is_active"] is True
    assert browser.get("/app/usuarios").status_code == 200  # the session lives on


def test_users_and_audit_pages_are_for_admins_and_forms_need_the_csrf_token(
    client: TestClient, browser: TestClient, settings: Settings, admin: dict[str, str]
) -> None:
    before = users(client, admin)
    target = before["leitor"]["id"]
    logged_in(browser, "admin")
    forms = [
        ("/app/usuarios", {"username": "forjado", "password": "senha-longa-1"}),
        (f"/app/usuarios/{target}/perfil", {"perfil": "admin"}),
        (f"/app/usuarios/{target}/ativo", {"ativo": "false"}),
        (f"/app/usuarios/{target}/remover", {}),
    ]
    for path, data in forms:
        for forged in ({}, {"csrf_token": "outro"}):
            answer = browser.post(path, data={**data, **forged})
            assert answer.status_code == 403 and "CSRF" in answer.text, path
    for username in ("leitor", "recrutador"):
        with TestClient(create_app(settings)) as other:
            logged_in(other, username)
            page = other.get("/app/vagas")
            assert "/app/usuarios" not in page.text and "/app/auditoria" not in page.text
            token = csrf_of(page.text)
            assert other.get("/app/usuarios").status_code == 403
            assert other.get("/app/auditoria").status_code == 403
            for path, data in forms:
                answer = other.post(path, data={**data, "csrf_token": token})
                assert answer.status_code == 403, (username, path)
    assert users(client, admin) == before


def test_the_audit_page_filters_as_the_api_with_true_totals_newest_first(
    client: TestClient, browser: TestClient, admin: dict[str, str]
) -> None:
    for _ in range(27):  # 27 more logins of the leitor: two pages of one filter
        login(client, "leitor")
    logged_in(browser, "admin")
    api = client.get(
        f"{API}/auditoria/list", params={"action": "login.ok", "limit": 100}, headers=admin
    ).json()
    page = browser.get("/app/auditoria", params={"action": "login.ok"})
    assert page.status_code == 200
    assert f"1\u201325 de {api['total']}" in page.text
    shown = [int(n) for n in re.findall(r'data-event="(\d+)"', page.text)]
    assert shown == [e["id"] for e in api["data"][:25]]  # newest first, as the API
    assert shown == sorted(shown, reverse=True)
    second = browser.get("/app/auditoria", params={"action": "login.ok", "pagina": 2})
    assert re.findall(r'data-event="(\d+)"', second.text) == [
        str(e["id"]) for e in api["data"][25:50]
    ]
    assert "action=login.ok" in page.text  # the paging links keep the filter
    by_actor = browser.get("/app/auditoria", params={"actor": "leitor", "target": "usuario:*"})
    leitor_events = client.get(
        f"{API}/auditoria/list", params={"actor": "leitor", "target": "usuario:*"}, headers=admin
    ).json()
    assert f"de {leitor_events['total']}" in by_actor.text
    later = browser.get("/app/auditoria", params={"since": "2999-01-01T00:00"})
    assert "Nenhum evento com estes filtros." in later.text and "0\u20130 de 0" in later.text
    for bad in ({"action": "nao.existe"}, {"since": "ontem"}):
        answer = browser.get("/app/auditoria", params=bad)
        assert answer.status_code == 400 and "Filtro inválido" in answer.text
