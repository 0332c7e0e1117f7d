"""Jobs across restarts: a shutdown queues the running job again, the next start resumes it."""

import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from talentmatch.generator import generate_dataset
from talentmatch.jobs.models import Job, JobStatus
from tests.conftest import login
from tests.helpers import wait_for_job


def test_a_job_interrupted_by_shutdown_is_resumed_at_the_next_start(
    settings: Settings, tmp_path: Path
) -> None:
    files = settings.data_dir / "storage"
    generate_dataset(files, candidates=1500, vagas=50, prospects=60, seed=11)
    slow = settings.model_copy(update={"import_batch_size": 10})  # many progress reports

    with TestClient(create_app(slow)) as client:
        admin = login(client, "admin")
        started = client.post(
            "/api/v1/candidatos/update-tables",
            json={"file_key": "applicants.json"},
            headers=admin,
        )
        job_id = started.json()["job_id"]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            job = client.get(f"/api/v1/jobs/{job_id}", headers=admin).json()
            if job["status"] == "running" and job["progress"]["done"] > 0:
                break
            time.sleep(0.01)
        # Leaving the block runs the lifespan's shutdown, as SIGTERM does under uvicorn.

    with TestClient(create_app(slow)) as client:
        admin = login(client, "admin")
        job = wait_for_job(client, job_id, admin)
        assert job["status"] == "succeeded", job
        assert job["progress"]["done"] == job["progress"]["total"] == 1500
        listing = client.get("/api/v1/candidatos/list", headers=admin).json()
        assert listing["total"] == 1500


def test_a_shutdown_leaves_the_interrupted_job_queued_with_a_message(
    settings: Settings,
) -> None:
    files = settings.data_dir / "storage"
    generate_dataset(files, candidates=1500, vagas=50, prospects=60, seed=11)
    slow = settings.model_copy(update={"import_batch_size": 10})
    app = create_app(slow)
    with TestClient(app) as client:
        admin = login(client, "admin")
        job_id = client.post(
            "/api/v1/candidatos/update-tables",
            json={"file_key": "applicants.json"},
            headers=admin,
        ).json()["job_id"]
        while client.get(f"/api/v1/jobs/{job_id}", headers=admin).json()["progress"]["done"] == 0:
            time.sleep(0.01)
        databases = app.state.databases
        runner = app.state.jobs
        runner.stop()  # what the lifespan does on shutdown
        with Session(databases.system) as session:
            job = session.get(Job, job_id)
            assert job is not None
            assert job.status == JobStatus.queued
            assert "retomado" in (job.message or "")
            assert 0 < job.done < 1500


def test_a_job_id_can_never_read_as_a_cpf() -> None:
    # Answers mask CPF-shaped numbers anywhere (candidatos/masking.py): an id must hold no
    # run of 11 digits, or the client would get it back masked and could not poll its job.
    from talentmatch.candidatos.masking import mask_cpfs_in_text
    from talentmatch.jobs.service import new_job_id

    for _ in range(2000):
        job_id = new_job_id()
        assert len(job_id) == 26 and set(job_id) <= set("abcdefghijklmnopqrstuvwxyz234567")
        assert mask_cpfs_in_text(job_id) == job_id
