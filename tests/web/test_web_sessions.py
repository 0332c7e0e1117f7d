"""The web app's session, CSRF and role rules through HTTP (TestClient on real databases)."""

import hashlib
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from talentmatch.db.types import utcnow
from talentmatch.usuarios.sessions import WebSession
from talentmatch.web.templating import STATIC
from tests.conftest import PASSWORD, login
from tests.fixtures.decision_examples import APPLICANT, APPLICANT_CODE, VAGA, VAGA_CODE
from tests.web.helpers import csrf_of, web_login

API = "/api/v1"


@pytest.fixture
def browser(settings: Settings) -> Iterator[TestClient]:
    """A second client on the same app's databases (its own cookie jar: one browser)."""
    with TestClient(create_app(settings)) as other:
        yield other


def _logged_in(client: TestClient, username: str) -> TestClient:
    answer = web_login(client, username, PASSWORD)
    assert answer.status_code == 303, answer.text
    return client


def _seed(client: TestClient, recrutador: dict[str, str]) -> None:
    for path, body in (
        ("/vagas/create", {"codigo_vaga": int(VAGA_CODE), **VAGA}),
        ("/candidatos/create", APPLICANT),
    ):
        assert client.post(f"{API}{path}", json=body, headers=recrutador).status_code == 200
    added = client.post(
        f"{API}/prospects/add-candidate",
        json={"codigo_vaga": int(VAGA_CODE), "codigo_candidato": int(APPLICANT_CODE)},
        headers=recrutador,
    )
    assert added.status_code == 200, added.text


def test_pages_need_a_session_and_login_logout_work(browser: TestClient) -> None:
    assert browser.get("/", follow_redirects=False).headers["location"] == "/app/"
    first = browser.get("/app/vagas", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"].startswith("/app/login")
    answer = web_login(browser, "leitor", PASSWORD)
    cookie = answer.headers["set-cookie"]
    assert "tm_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    page = browser.get("/app/vagas")
    assert page.status_code == 200 and "leitor" in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in page.headers["content-security-policy"]
    out = browser.post(
        "/app/logout", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False
    )
    assert out.status_code == 303
    assert browser.get("/app/vagas", follow_redirects=False).status_code == 303


def test_a_wrong_password_shows_the_error_and_opens_nothing(browser: TestClient) -> None:
    answer = web_login(browser, "leitor", "senha-errada-000")
    assert answer.status_code == 401
    assert "Usuário ou senha incorretos." in answer.text
    assert browser.get("/app/vagas", follow_redirects=False).status_code == 303


def test_csrf_refuses_forms_without_their_token(browser: TestClient) -> None:
    form = browser.get("/app/login")
    assert "tm_login_csrf" in form.headers["set-cookie"]
    forged = browser.post(
        "/app/login", data={"username": "admin", "password": PASSWORD, "csrf_token": "x.y"}
    )
    assert forged.status_code == 403 and "CSRF" in forged.text
    _logged_in(browser, "admin")
    assert browser.post("/app/logout", data={}).status_code == 403
    assert browser.post("/app/logout", data={"csrf_token": "outro"}).status_code == 403
    # Still logged in: the refused form changed nothing.
    assert browser.get("/app/vagas").status_code == 200


def test_a_leitor_sees_no_write_controls_and_a_forged_form_is_403(
    client: TestClient, browser: TestClient, recrutador: dict[str, str]
) -> None:
    _seed(client, recrutador)
    _logged_in(browser, "leitor")
    vaga = browser.get(f"/app/vagas/{VAGA_CODE}")
    assert vaga.status_code == 200
    assert "Adicionar ao pipeline" not in vaga.text
    board = browser.get(f"/app/vagas/{VAGA_CODE}/quadro")
    assert board.status_code == 200 and "Mover" not in board.text
    token = csrf_of(board.text)  # the logout form's: a valid token of this session
    forged = browser.post(
        f"/app/vagas/{VAGA_CODE}/quadro/mover",
        data={
            "csrf_token": token,
            "codigo_candidato": APPLICANT_CODE,
            "situacao_candidato": "Contratado pela Decision",
            "situacao_vista": "Prospect",
        },
    )
    assert forged.status_code == 403
    history = client.get(
        f"{API}/prospects/{VAGA_CODE}/{APPLICANT_CODE}/historico", headers=recrutador
    )
    assert history.json()["situacao_candidato"] == "Prospect"


@pytest.mark.parametrize(
    "change",
    [
        {"password": "uma-senha-nova-456"},
        {"is_active": False},
        {"perfil": "recrutador"},
        "delete",
    ],
)
def test_a_session_dies_with_the_users_credentials(
    client: TestClient, browser: TestClient, admin: dict[str, str], change: Any
) -> None:
    _logged_in(browser, "leitor")
    assert browser.get("/app/vagas").status_code == 200
    users = client.get(f"{API}/usuarios/list", headers=admin).json()["data"]
    leitor_id = next(user["id"] for user in users if user["username"] == "leitor")
    if change == "delete":
        answer = client.delete(f"{API}/usuarios/{leitor_id}", headers=admin)
    else:
        answer = client.put(f"{API}/usuarios/{leitor_id}", json=change, headers=admin)
    assert answer.status_code in (200, 204), answer.text
    ended = browser.get("/app/vagas", follow_redirects=False)
    assert ended.status_code == 303 and ended.headers["location"].startswith("/app/login")


def test_cookie_and_bearer_token_do_not_cross(client: TestClient, browser: TestClient) -> None:
    _logged_in(browser, "admin")
    assert browser.get(f"{API}/vagas/list").status_code == 401
    headers = login(client, "admin")
    fresh = TestClient(client.app)
    assert fresh.get("/app/vagas", headers=headers, follow_redirects=False).status_code == 303


def test_a_leitors_page_masks_what_the_api_masks(
    client: TestClient, browser: TestClient, recrutador: dict[str, str]
) -> None:
    _seed(client, recrutador)
    email = APPLICANT["infos_basicas"]["email"]
    _logged_in(browser, "leitor")
    page = browser.get(f"/app/candidatos/{APPLICANT_CODE}")
    assert page.status_code == 200
    assert email not in page.text and "c***@gmail.com" in page.text
    listing = browser.get("/app/candidatos")
    assert email not in listing.text
    other = TestClient(client.app)
    _logged_in(other, "recrutador")
    assert email in other.get(f"/app/candidatos/{APPLICANT_CODE}").text


def test_a_stale_move_is_refused_on_the_page_and_in_the_api(
    client: TestClient, browser: TestClient, recrutador: dict[str, str]
) -> None:
    _seed(client, recrutador)
    _logged_in(browser, "recrutador")
    board = browser.get(f"/app/vagas/{VAGA_CODE}/quadro")
    token = csrf_of(board.text)

    def move(to: str, seen: str) -> Any:
        data = {
            "csrf_token": token,
            "codigo_candidato": APPLICANT_CODE,
            "situacao_candidato": to,
            "situacao_vista": seen,
            "comentario": f"para {to}",
        }
        return browser.post(f"/app/vagas/{VAGA_CODE}/quadro/mover", data=data)

    assert move("Entrevista Técnica", "Prospect").status_code == 200
    stale = move("Não Aprovado pelo RH", "Prospect")
    assert stale.status_code == 409
    assert "Entrevista Técnica" in stale.text and "nada foi alterado" in stale.text
    api_stale = client.put(
        f"{API}/prospects/update-candidate",
        json={
            "codigo_vaga": int(VAGA_CODE),
            "codigo_candidato": int(APPLICANT_CODE),
            "situacao_candidato": "Desistiu",
            "expected_status": "Prospect",
        },
        headers=recrutador,
    )
    assert api_stale.status_code == 409
    history = client.get(
        f"{API}/prospects/{VAGA_CODE}/{APPLICANT_CODE}/historico", headers=recrutador
    ).json()
    assert history["situacao_candidato"] == "Entrevista Técnica"
    assert [h["situacao_nova"] for h in history["historico"]] == ["Prospect", "Entrevista Técnica"]
    assert history["historico"][-1]["alterado_por"] == "recrutador"


def test_failed_web_logins_are_throttled_as_the_apis(browser: TestClient) -> None:
    for _ in range(5):
        assert web_login(browser, "leitor", "senha-errada-123").status_code == 401
    refused = web_login(browser, "leitor", PASSWORD)  # from this address, even the right one
    assert refused.status_code == 429
    assert "tm_session=" not in refused.headers.get("set-cookie", "")


@pytest.mark.parametrize("column", ["last_seen_at", "created_at"])
def test_a_session_ends_after_its_idle_or_absolute_lifetime(
    browser: TestClient, column: str
) -> None:
    _logged_in(browser, "leitor")
    assert browser.get("/app/vagas", follow_redirects=False).status_code == 200
    # WEB_SESSION_IDLE_MINUTES (30) without use, or WEB_SESSION_MAX_HOURS (12) after login
    past = utcnow() - timedelta(hours=13)
    with Session(browser.app.state.databases.auth) as session:  # type: ignore[attr-defined]
        session.execute(update(WebSession).values({column: past}))
        session.commit()
    ended = browser.get("/app/vagas", follow_redirects=False)
    assert ended.status_code == 303 and ended.headers["location"].startswith("/app/login")


def test_static_files_are_linked_by_their_content_hash_and_cached(browser: TestClient) -> None:
    page = browser.get("/app/login")
    assert page.status_code == 200
    links = re.findall(r'(?:href|src)="(/app/static/[^"]+)"', page.text)
    assert {link.split("?")[0] for link in links} >= {"/app/static/app.css", "/app/static/app.js"}
    for link in links:
        name, version = link.removeprefix("/app/static/").split("?v=")
        content = (STATIC / name).read_bytes()
        # The URL changes when the file does: a deploy is never hidden by a browser's cache.
        assert version == hashlib.sha256(content).hexdigest()[:12]
        answer = browser.get(link)
        assert answer.status_code == 200 and answer.content == content
        assert answer.headers["cache-control"].startswith("public, max-age=")
