"""Cancelling a job from its page (as POST /api/v1/jobs/{id}/cancel) and starting a drift report
from the Drift page (as POST /api/v1/inferencias/driftReport/run): admins only, CSRF, and the
API's refusals (409 finished job, 503 no model) shown as pages with nothing changed."""

import random
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from tests.conftest import login
from tests.drift.conftest import Published, published  # noqa: F401 (the session fixture)
from tests.drift.test_drift_api import MIN_ROWS, predict, registry_of
from tests.web.helpers import csrf_of
from tests.web.test_web_files import follow, logged_in, start

API = "/api/v1"


@pytest.fixture
def queued(settings: Settings) -> Iterator[TestClient]:
    """A service that only queues jobs (no worker runs them): they stay `queued`."""
    with TestClient(create_app(settings.model_copy(update={"jobs_in_process": False}))) as app:
        yield app


def test_a_queued_job_is_cancelled_from_its_page_once(
    queued: TestClient, settings: Settings
) -> None:
    logged_in(queued, "admin")
    job_id = start(queued, "/app/arquivos/exportar", {"entity": "vagas"})
    page = queued.get(f"/app/tarefas/{job_id}")
    assert f'action="/app/tarefas/{job_id}/cancelar"' in page.text
    token = csrf_of(page.text)
    admin = login(queued, "admin")
    # Without the form's token, or below admin: refused, the job still queued.
    for forged in ({}, {"csrf_token": "outro"}):
        answer = queued.post(f"/app/tarefas/{job_id}/cancelar", data=forged)
        assert answer.status_code == 403 and "CSRF" in answer.text
    with TestClient(create_app(queued.app.state.settings)) as other:
        logged_in(other, "recrutador")
        other_token = csrf_of(other.get("/app/vagas").text)
        answer = other.post(f"/app/tarefas/{job_id}/cancelar", data={"csrf_token": other_token})
        assert answer.status_code == 403
    assert queued.get(f"{API}/jobs/{job_id}", headers=admin).json()["status"] == "queued"

    answer = queued.post(
        f"/app/tarefas/{job_id}/cancelar", data={"csrf_token": token}, follow_redirects=False
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/app/tarefas/{job_id}"
    job = queued.get(f"{API}/jobs/{job_id}", headers=admin).json()
    assert job["status"] == "cancelled" and job["cancel_requested"] is True
    shown = queued.get(f"/app/tarefas/{job_id}")
    assert "Tarefa cancelada." in shown.text and "Cancelada" in shown.text
    assert 'data-field="cancel" hidden' in shown.text  # no button on an ended job
    # Again: the API's refusal (409), as a page.
    again = queued.post(f"/app/tarefas/{job_id}/cancelar", data={"csrf_token": token})
    assert again.status_code == 409 and "já terminou" in again.text
    assert (
        queued.post("/app/tarefas/nao-existe/cancelar", data={"csrf_token": token}).status_code
        == 404
    )


def test_without_a_model_the_drift_button_shows_the_apis_refusal(
    client: TestClient, admin: dict[str, str]
) -> None:
    logged_in(client, "admin")
    page = client.get("/app/drift")
    assert "data-drift-run" in page.text
    answer = client.post("/app/drift/gerar", data={"csrf_token": csrf_of(page.text)})
    assert answer.status_code == 503
    assert "talentmatch train match" in answer.text and "<html" in answer.text
    assert client.get(f"{API}/jobs", headers=admin).json()["total"] == 0


def test_a_drift_report_started_from_the_page_runs_and_is_shown(
    settings: Settings,
    published: Published,  # noqa: F811
) -> None:
    drift_settings = settings.model_copy(update={"drift_min_rows": MIN_ROWS})
    registry_of(drift_settings).publish_files("match", published.files, published.manifest)
    with TestClient(create_app(drift_settings)) as app:
        predict(app, random.Random(0).sample(published.fresh_payloads, 60))
        # A leitor sees the drift page without the button, and cannot post it.
        with TestClient(create_app(drift_settings)) as other:
            logged_in(other, "leitor")
            page = other.get("/app/drift")
            assert page.status_code == 200 and "data-drift-run" not in page.text
            answer = other.post("/app/drift/gerar", data={"csrf_token": csrf_of(page.text)})
            assert answer.status_code == 403
        logged_in(app, "admin")
        page = app.get("/app/drift")
        assert "data-no-drift" in page.text and "data-drift-run" in page.text
        assert app.post("/app/drift/gerar", data={}).status_code == 403
        assert app.get(f"{API}/jobs", headers=login(app, "admin")).json()["total"] == 0
        answer = app.post(
            "/app/drift/gerar", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False
        )
        assert answer.status_code == 303, answer.text
        job_id = answer.headers["location"].rsplit("/", 1)[-1]
        job = follow(app, job_id, timeout=180)
        assert job["status"] == "succeeded", job
        shown = app.get("/app/drift")
        assert 'data-drift-verdict="ok"' in shown.text and "Sem drift" in shown.text
