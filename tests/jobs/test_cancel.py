"""POST /api/v1/jobs/{id}/cancel, and an API that only queues (JOBS_IN_PROCESS=false)."""

import time

from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from talentmatch.generator import generate_dataset
from tests.conftest import login
from tests.helpers import wait_for_job


def start_import(client: TestClient, admin: dict[str, str]) -> str:
    started = client.post(
        "/api/v1/candidatos/update-tables", json={"file_key": "applicants.json"}, headers=admin
    )
    assert started.status_code == 200, started.text
    job_id: str = started.json()["job_id"]
    return job_id


def test_without_jobs_in_process_a_job_stays_queued_and_cancel_ends_it_at_once(
    settings: Settings,
) -> None:
    generate_dataset(settings.data_dir / "storage", candidates=20, vagas=5, prospects=5, seed=1)
    queue_only = settings.model_copy(update={"jobs_in_process": False})
    with TestClient(create_app(queue_only)) as client:
        admin = login(client, "admin")
        job_id = start_import(client, admin)
        time.sleep(1.5)  # no worker anywhere: nobody claims it
        assert client.get(f"/api/v1/jobs/{job_id}", headers=admin).json()["status"] == "queued"

        cancelled = client.post(f"/api/v1/jobs/{job_id}/cancel", headers=admin)
        assert cancelled.status_code == 200
        assert cancelled.json()["status"] == "cancelled"
        assert cancelled.json()["finished_at"] is not None
        again = client.post(f"/api/v1/jobs/{job_id}/cancel", headers=admin)
        assert again.status_code == 409
        assert "já terminou" in again.json()["detail"]
        assert client.post("/api/v1/jobs/nope/cancel", headers=admin).status_code == 404
        assert client.get("/api/v1/candidatos/list", headers=admin).json()["total"] == 0

    # A worker that starts later does not run the cancelled job.
    with TestClient(create_app(settings)) as client:
        admin = login(client, "admin")
        time.sleep(1.5)
        assert client.get(f"/api/v1/jobs/{job_id}", headers=admin).json()["status"] == "cancelled"
        assert client.get("/api/v1/candidatos/list", headers=admin).json()["total"] == 0


def test_a_running_job_cancelled_stops_at_its_next_report_and_a_finished_one_is_409(
    settings: Settings,
) -> None:
    generate_dataset(settings.data_dir / "storage", candidates=1500, vagas=5, prospects=5, seed=2)
    slow = settings.model_copy(update={"import_batch_size": 10})  # many progress reports
    with TestClient(create_app(slow)) as client:
        admin = login(client, "admin")
        job_id = start_import(client, admin)
        deadline = time.monotonic() + 60
        while True:
            job = client.get(f"/api/v1/jobs/{job_id}", headers=admin).json()
            if job["status"] == "running" and job["progress"]["done"] > 0:
                break
            assert job["status"] in {"queued", "running"} and time.monotonic() < deadline, job
            time.sleep(0.02)
        asked = client.post(f"/api/v1/jobs/{job_id}/cancel", headers=admin)
        assert asked.status_code == 200
        assert asked.json()["cancel_requested"] is True
        job = wait_for_job(client, job_id, admin)
        assert job["status"] == "cancelled", job
        assert 0 < job["progress"]["done"] < 1500
        assert client.post(f"/api/v1/jobs/{job_id}/cancel", headers=admin).status_code == 409

        finished = wait_for_job(client, start_import(client, admin), admin)
        assert finished["status"] == "succeeded"
        refused = client.post(f"/api/v1/jobs/{finished['id']}/cancel", headers=admin)
        assert refused.status_code == 409
        assert client.get(f"/api/v1/jobs/{finished['id']}", headers=admin).json()["status"] == (
            "succeeded"
        )
