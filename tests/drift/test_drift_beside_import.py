"""A drift report queued behind a long import starts before the import ends (one worker)."""

import time
from datetime import datetime

from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from talentmatch.generator import generate_dataset
from talentmatch.matching.pipeline import KIND
from talentmatch.registry import ModelRegistry
from talentmatch.storage import LocalObjectStore
from tests.conftest import login
from tests.drift.conftest import Published
from tests.helpers import wait_for_job

MIN_ROWS = 30


def test_a_drift_report_does_not_wait_for_a_running_import(
    settings: Settings, published: Published
) -> None:
    store = LocalObjectStore(settings.data_dir / "storage")
    ModelRegistry(store, settings.resolved_model_cache_dir).publish_files(
        KIND, published.files, published.manifest
    )
    generate_dataset(settings.data_dir / "storage", candidates=1500, vagas=5, prospects=5, seed=4)
    one_worker = settings.model_copy(
        update={"drift_min_rows": MIN_ROWS, "import_batch_size": 10, "job_concurrency": 2}
    )
    with TestClient(create_app(one_worker)) as client:
        recrutador = login(client, "recrutador")
        for payload in published.fresh_payloads[:MIN_ROWS]:
            response = client.post(
                "/api/v1/inferencias/matchModel/predict", json=payload, headers=recrutador
            )
            assert response.status_code == 200, response.text
        admin = login(client, "admin")
        import_id = client.post(
            "/api/v1/candidatos/update-tables", json={"file_key": "applicants.json"}, headers=admin
        ).json()["job_id"]
        deadline = time.monotonic() + 60
        while client.get(f"/api/v1/jobs/{import_id}", headers=admin).json()["status"] == "queued":
            assert time.monotonic() < deadline
            time.sleep(0.02)
        drift = client.post("/api/v1/inferencias/driftReport/run", headers=admin)
        assert drift.status_code == 200, drift.text
        report = wait_for_job(client, drift.json()["job_id"], admin, timeout=120)
        assert report["status"] == "succeeded", report
        imported = wait_for_job(client, import_id, admin, timeout=180)
        assert imported["status"] == "succeeded", imported
    assert datetime.fromisoformat(report["started_at"]) < datetime.fromisoformat(
        imported["finished_at"]
    )
