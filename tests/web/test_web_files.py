"""The files-and-jobs pages through HTTP: the raw/ listing, an import started from the page and
followed through progress.json to its end, exports and their download, roles and CSRF."""

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from tests.conftest import PASSWORD
from tests.fixtures.decision_examples import APPLICANT, APPLICANT_CODE
from tests.web.helpers import csrf_of, web_login

API = "/api/v1"
MIXED = {
    "501": {"infos_basicas": {"nome": "Boa"}},
    "502": {"infos_basicas": ["not", "an", "object"]},
    "503": "a string",
}


@pytest.fixture
def browser(settings: Settings) -> Iterator[TestClient]:
    """A second client on the same app's databases (its own cookie jar: one browser)."""
    with TestClient(create_app(settings)) as other:
        yield other


@pytest.fixture
def raw_dir(settings: Settings) -> Path:
    root = settings.data_dir / "storage" / "raw"
    root.mkdir(parents=True)
    return root


def logged_in(client: TestClient, username: str) -> TestClient:
    assert web_login(client, username, PASSWORD).status_code == 303
    return client


def follow(browser: TestClient, job_id: str, timeout: float = 60) -> dict[str, Any]:
    """Poll the page's JSON endpoint, as its script does, until the job has ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = browser.get(f"/app/tarefas/{job_id}/progress.json")
        assert answer.status_code == 200, answer.text
        assert answer.headers["cache-control"] == "no-store"
        job: dict[str, Any] = answer.json()
        if job["finished"]:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not end in {timeout} s")


def start(browser: TestClient, path: str, data: dict[str, str]) -> str:
    page = browser.get("/app/arquivos")
    answer = browser.post(
        path, data={**data, "csrf_token": csrf_of(page.text)}, follow_redirects=False
    )
    assert answer.status_code == 303, answer.text
    location: str = answer.headers["location"]
    assert location.startswith("/app/tarefas/")
    return location.rsplit("/", 1)[-1]


def test_an_import_started_from_the_page_reports_progress_and_rejections(
    client: TestClient, browser: TestClient, raw_dir: Path, admin: dict[str, str]
) -> None:
    (raw_dir / "applicants.json").write_text(json.dumps(MIXED), encoding="utf-8")
    logged_in(browser, "admin")
    page = browser.get("/app/arquivos")
    assert page.status_code == 200
    assert "raw/applicants.json" in page.text
    # The file's name chose the entity of its import form.
    assert '<option value="candidatos" selected>' in page.text
    job_id = start(
        browser,
        "/app/arquivos/importar",
        {"entity": "candidatos", "file_key": "raw/applicants.json"},
    )
    job = follow(browser, job_id)
    assert job["status"] == "succeeded"
    assert job["progress"] == {"done": 3, "total": 3}
    assert job["counts"] == {"inserted": 1, "updated": 0, "unchanged": 0, "rejected": 2}
    assert {error["key"] for error in job["errors"]} == {"502", "503"}
    assert job["download"] is None
    shown = browser.get(f"/app/tarefas/{job_id}")
    assert shown.status_code == 200
    assert "Concluída" in shown.text and "<code>502</code>" in shown.text
    assert 'src="/app/static/progress.js?v=' in shown.text
    assert client.get(f"{API}/candidatos/details/501", headers=admin).status_code == 200
    # The job list shows it, and the audit log has the start with who and how.
    assert f"/app/tarefas/{job_id}" in browser.get("/app/arquivos").text
    events = client.get(
        f"{API}/auditoria/list", params={"action": "importacao.iniciada"}, headers=admin
    ).json()["data"]
    assert [(e["target"], e["details"]["via"]) for e in events] == [(f"job:{job_id}", "web")]


def test_a_missing_or_reserved_file_is_refused_and_starts_nothing(
    client: TestClient, browser: TestClient, raw_dir: Path, admin: dict[str, str]
) -> None:
    logged_in(browser, "admin")
    token = csrf_of(browser.get("/app/arquivos").text)
    for key, status in (("raw/nao-existe.json", 404), ("models/match/CURRENT", 403)):
        answer = browser.post(
            "/app/arquivos/importar",
            data={"entity": "vagas", "file_key": key, "csrf_token": token},
        )
        assert answer.status_code == status, answer.text
        assert "<html" in answer.text  # a page in Portuguese, not the API's JSON
    assert client.get(f"{API}/jobs", headers=admin).json()["total"] == 0


def test_an_export_is_downloaded_with_the_session(
    client: TestClient, browser: TestClient, admin: dict[str, str]
) -> None:
    assert client.post(f"{API}/candidatos/create", json=APPLICANT, headers=admin).status_code == 200
    logged_in(browser, "admin")
    job_id = start(browser, "/app/arquivos/exportar", {"entity": "candidatos"})
    job = follow(browser, job_id)
    assert job["status"] == "succeeded"
    assert job["download"] == f"/app/tarefas/{job_id}/download"
    download = browser.get(job["download"])
    assert download.status_code == 200
    assert download.headers["content-disposition"].startswith('attachment; filename="applicants-')
    assert set(download.json()) == {APPLICANT_CODE}
    # An import has no file to download; nor has an unknown job.
    assert browser.get("/app/tarefas/nao-existe/download").status_code == 404


def test_only_admins_open_files_and_jobs_and_forms_need_their_csrf_token(
    client: TestClient, browser: TestClient, raw_dir: Path, admin: dict[str, str]
) -> None:
    (raw_dir / "vagas.json").write_text("{}", encoding="utf-8")
    logged_in(browser, "admin")
    job_id = start(browser, "/app/arquivos/exportar", {"entity": "vagas"})
    follow(browser, job_id)
    for forged in ({}, {"csrf_token": "outro"}):
        answer = browser.post(
            "/app/arquivos/importar",
            data={"entity": "vagas", "file_key": "raw/vagas.json", **forged},
        )
        assert answer.status_code == 403 and "CSRF" in answer.text
        assert (
            browser.post("/app/arquivos/exportar", data={"entity": "vagas", **forged}).status_code
            == 403
        )
    assert client.get(f"{API}/jobs", headers=admin).json()["total"] == 1
    for username in ("leitor", "recrutador"):
        with TestClient(create_app(browser.app.state.settings)) as other:
            logged_in(other, username)
            page = other.get("/app/vagas")
            assert "/app/arquivos" not in page.text  # not in the navigation
            token = csrf_of(page.text)
            for path in (
                "/app/arquivos",
                f"/app/tarefas/{job_id}",
                f"/app/tarefas/{job_id}/progress.json",
                f"/app/tarefas/{job_id}/download",
            ):
                assert other.get(path).status_code == 403, (username, path)
            answer = other.post(
                "/app/arquivos/importar",
                data={"entity": "vagas", "file_key": "raw/vagas.json", "csrf_token": token},
            )
            assert answer.status_code == 403
    assert client.get(f"{API}/jobs", headers=admin).json()["total"] == 1


def test_progress_needs_the_web_session(
    client: TestClient, browser: TestClient, admin: dict[str, str]
) -> None:
    logged_in(browser, "admin")
    job_id = start(browser, "/app/arquivos/exportar", {"entity": "vagas"})
    # A bearer token is no session; a client without the cookie goes to the login.
    answer = client.get(
        f"/app/tarefas/{job_id}/progress.json", headers=admin, follow_redirects=False
    )
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/app/login")
    assert follow(browser, job_id)["status"] == "succeeded"
