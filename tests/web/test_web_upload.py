"""Uploading a Decision file from the Arquivos page: stored under raw/ then imported from the
page; over the import limit, a bad name or not JSON → a clear message and nothing stored;
admins only, CSRF first; a large body without a valid session refused by the request guard."""

import json
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from tests.web.helpers import csrf_of
from tests.web.test_web_files import follow, logged_in, start

API = "/api/v1"
UPLOAD = "/app/arquivos/enviar"


def applicants(count: int, padding: int = 1000) -> bytes:
    """A Decision applicants file of `count` records (~`padding` bytes each)."""
    records = {
        str(9000 + n): {
            "infos_basicas": {"nome": f"Pessoa {n}", "objetivo_profissional": "x" * padding}
        }
        for n in range(count)
    }
    return json.dumps(records).encode()


def send(
    client: TestClient, name: str, content: bytes, token: str | None, **fields: str
) -> httpx.Response:
    data = {"csrf_token": token} if token is not None else {}
    return client.post(
        UPLOAD,
        data={**data, **fields},
        files={"arquivo": (name, content, "application/json")},
        follow_redirects=False,
    )


def stored(settings: Settings) -> list[str]:
    """Every file under the store's raw/ (temp files included)."""
    root = settings.data_dir / "storage" / "raw"
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


@pytest.fixture
def browser(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as other:
        yield other


@pytest.fixture
def small_limit(settings: Settings) -> Iterator[TestClient]:
    """A browser on a service whose import limit is 100 kB."""
    limited = settings.model_copy(update={"import_max_bytes": 100_000})
    with TestClient(create_app(limited)) as other:
        yield other


def test_a_file_uploaded_on_the_page_is_stored_then_imported_from_the_page(
    client: TestClient, browser: TestClient, settings: Settings, admin: dict[str, str]
) -> None:
    content = applicants(200)  # ~200 kB: over the guard's 64 KiB without a bearer token
    assert len(content) > 150_000
    logged_in(browser, "admin")
    page = browser.get("/app/arquivos")
    assert 'enctype="multipart/form-data"' in page.text
    answer = send(browser, "applicants.json", content, csrf_of(page.text))
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/app/arquivos"
    assert stored(settings) == ["applicants.json"]
    assert (settings.data_dir / "storage" / "raw" / "applicants.json").read_bytes() == content
    listing = browser.get("/app/arquivos")
    assert "enviado" in listing.text and 'data-file="raw/applicants.json"' in listing.text
    job_id = start(
        browser,
        "/app/arquivos/importar",
        {"entity": "candidatos", "file_key": "raw/applicants.json"},
    )
    job = follow(browser, job_id)
    assert job["status"] == "succeeded", job
    assert job["counts"]["inserted"] == 200
    assert client.get(f"{API}/candidatos/details/9007", headers=admin).status_code == 200
    events = client.get(
        f"{API}/auditoria/list", params={"action": "arquivo.enviado"}, headers=admin
    ).json()["data"]
    assert [(e["target"], e["details"]["bytes"]) for e in events] == [
        ("arquivo:raw/applicants.json", len(content))
    ]


def test_a_file_over_the_import_limit_is_refused_and_nothing_is_stored(
    small_limit: TestClient, settings: Settings
) -> None:
    logged_in(small_limit, "admin")
    token = csrf_of(small_limit.get("/app/arquivos").text)
    # Over the limit within the guard's framing room: the page counts and refuses.
    answer = send(small_limit, "vagas.json", applicants(110), token)
    assert answer.status_code == 413
    assert "maior que o limite de importação de 100000 bytes" in answer.text
    assert "<html" in answer.text
    # Far over it: the guard refuses from the Content-Length, before the body is read.
    answer = send(small_limit, "vagas.json", applicants(300), token)
    assert answer.status_code == 413
    assert "maior que o limite" in answer.json()["detail"]
    assert stored(settings) == []
    # At the limit it is taken.
    assert send(small_limit, "vagas.json", applicants(90), token).status_code == 303
    assert stored(settings) == ["vagas.json"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("meu arquivo.json", b"{}", "Nome de arquivo não aceito"),
        ("vagas.txt", b"{}", "Nome de arquivo não aceito"),
        (".oculto.json", b"{}", "Nome de arquivo não aceito"),
        ("vagas.json", b"nome;cpf\nFulano;123\n", "não é um JSON válido"),
        ("vagas.json", b"", "não é um JSON válido (está vazio)"),
        ("vagas.json", b'{"a": "\xff"}', "não está em UTF-8"),
        ("vagas.json", b'{"a": 1', "não é um objeto nem uma lista JSON"),
    ],
)
def test_a_bad_name_or_content_is_refused_with_a_message_and_nothing_stored(
    browser: TestClient, settings: Settings, name: str, content: bytes, message: str
) -> None:
    logged_in(browser, "admin")
    token = csrf_of(browser.get("/app/arquivos").text)
    answer = send(browser, name, content, token)
    assert answer.status_code == 400
    assert message in answer.text
    assert stored(settings) == []


def test_only_admins_upload_and_only_with_the_csrf_token(
    browser: TestClient, settings: Settings
) -> None:
    logged_in(browser, "admin")
    for forged in (None, "outro"):
        answer = send(browser, "vagas.json", b"{}", forged)
        assert answer.status_code == 403
        assert "CSRF" in answer.text
    for username in ("leitor", "recrutador"):
        with TestClient(create_app(settings)) as other:
            logged_in(other, username)
            token = csrf_of(other.get("/app/vagas").text)
            assert send(other, "vagas.json", b"{}", token).status_code == 403
    assert stored(settings) == []


def test_a_large_body_without_a_valid_session_is_refused_by_the_guard(
    client: TestClient, browser: TestClient, settings: Settings, admin: dict[str, str]
) -> None:
    content = applicants(100)  # ~100 kB, over BODY_AUTH_THRESHOLD_BYTES
    for cookie in (None, "forjado"):
        if cookie:
            client.cookies.set("tm_session", cookie, path="/app")
        answer = send(client, "vagas.json", content, "x")
        assert answer.status_code == 401, answer.text
        assert "sessão" in answer.json()["detail"]
    client.cookies.clear()
    # An ended session is no session: after logout the same cookie is refused.
    logged_in(browser, "admin")
    token = csrf_of(browser.get("/app/arquivos").text)
    ended = browser.cookies.get("tm_session")
    logout = browser.post("/app/logout", data={"csrf_token": token}, follow_redirects=False)
    assert logout.status_code == 303 and ended
    browser.cookies.set("tm_session", ended, path="/app")
    answer = send(browser, "vagas.json", content, token)
    assert answer.status_code == 401
    # A small body still reaches the page, which sends the browser to the login form.
    answer = send(browser, "vagas.json", b"{}", token)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/app/login")
    assert stored(settings) == []
