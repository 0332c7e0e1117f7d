"""The drift report through the HTTP API and the command line."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from talentmatch.app import create_app
from talentmatch.cli import app as cli
from talentmatch.core.config import Settings, get_settings
from talentmatch.matching.pipeline import KIND
from talentmatch.registry import MAIN_ARTIFACT, ModelRegistry
from talentmatch.storage import LocalObjectStore
from tests.conftest import login
from tests.drift.conftest import Published
from tests.helpers import wait_for_job

URL = "/api/v1/inferencias"
MIN_ROWS = 30


def registry_of(settings: Settings) -> ModelRegistry:
    return ModelRegistry(
        LocalObjectStore(settings.data_dir / "storage"), settings.resolved_model_cache_dir
    )


@pytest.fixture
def drift_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"drift_min_rows": MIN_ROWS})


@pytest.fixture
def served_version(drift_settings: Settings, published: Published) -> str:
    """The trained version (reference included), published in this test's object store."""
    return registry_of(drift_settings).publish_files(KIND, published.files, published.manifest)


@pytest.fixture
def api(drift_settings: Settings, served_version: str) -> Iterator[TestClient]:
    """An app serving `served_version`."""
    with TestClient(create_app(drift_settings)) as client:
        yield client


def predict(client: TestClient, payloads: list[dict[str, str]]) -> None:
    headers = login(client, "recrutador")
    for payload in payloads:
        response = client.post(f"{URL}/matchModel/predict", json=payload, headers=headers)
        assert response.status_code == 200, response.text


def test_before_any_report_both_reads_are_404_with_a_clear_message(
    client: TestClient, leitor: dict[str, str]
) -> None:
    for path in ("/driftReport", "/driftReport/summary", "/driftReport/html"):
        response = client.get(URL + path, headers=leitor)
        assert response.status_code == 404
        assert "driftReport/run" in response.json()["detail"]


def test_without_a_model_in_service_running_is_503(
    client: TestClient, admin: dict[str, str]
) -> None:
    response = client.post(f"{URL}/driftReport/run", headers=admin)
    assert response.status_code == 503
    assert "talentmatch train match" in response.json()["detail"]


def test_too_small_a_window_is_409(api: TestClient, published: Published) -> None:
    predict(api, published.fresh_payloads[:5])
    response = api.post(f"{URL}/driftReport/run", headers=login(api, "admin"))
    assert response.status_code == 409
    assert "5 predições" in response.json()["detail"]
    assert "DRIFT_MIN_ROWS" in response.json()["detail"]


def test_a_version_published_without_reference_is_409(
    drift_settings: Settings, published: Published
) -> None:
    registry_of(drift_settings).publish(
        KIND, published.files[MAIN_ARTIFACT], {"features": published.manifest["features"]}
    )
    with TestClient(create_app(drift_settings)) as client:
        response = client.post(f"{URL}/driftReport/run", headers=login(client, "admin"))
    assert response.status_code == 409
    assert "referência" in response.json()["detail"]


def test_run_as_a_job_then_read_the_html_and_the_summary(
    api: TestClient, published: Published, served_version: str
) -> None:
    # What the service is asked: other pairs from the same generator (the list is sorted
    # by vaga; the first 60 would be a handful of vagas, a window that really differs).
    predict(api, random.Random(0).sample(published.fresh_payloads, 60))
    admin, leitor = login(api, "admin"), login(api, "leitor")
    started = api.post(f"{URL}/driftReport/run", headers=admin)
    assert started.status_code == 200, started.text
    job = wait_for_job(api, started.json()["job_id"], admin)
    assert job["status"] == "succeeded", job
    assert job["kind"] == "drift_report"
    assert job["progress"] == {"done": 60, "total": 60}
    assert job["report"]["model_version"] == served_version

    html = api.get(f"{URL}/driftReport", headers=leitor)
    assert html.status_code == 200
    fragment = html.json()["drift_report"]  # what the front end inserts with innerHTML
    assert "<script" not in fragment.lower() and "skill_coverage" in fragment
    assert "Sem drift" in fragment
    page = api.get(f"{URL}/driftReport/html", headers=leitor)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "<!DOCTYPE html>" in page.text and "skill_coverage" in page.text
    assert "script-src 'unsafe-inline'" in page.headers["content-security-policy"]

    summary = api.get(f"{URL}/driftReport/summary", headers=leitor).json()
    assert summary["model_version"] == served_version
    assert summary["window"]["rows"] == summary["current_rows"] == 60
    assert summary["reference_rows"] == len(published.reference)
    assert len(summary["features"]) == 35
    assert {"feature", "method", "score", "threshold", "drifted"} <= set(summary["features"][0])
    assert summary["prediction"]["feature"] == "prediction"
    # 60 predictions from the training distribution: no drift reported.
    assert summary["drifted"] is False
    assert summary["prediction"]["drifted"] is False
    assert summary["files"]["html"].startswith(f"drift_reports/{summary['report_id']}/")
    assert job["output_key"] == summary["files"]["html"]


def test_the_command_line_refuses_clearly_then_stores_nothing(
    monkeypatch: pytest.MonkeyPatch, drift_settings: Settings, served_version: str
) -> None:
    monkeypatch.setenv("ENV", "test")
    monkeypatch.setenv("DATA_DIR", str(drift_settings.data_dir))
    monkeypatch.setenv("SYSTEM_DATABASE_URL", drift_settings.resolved_system_database_url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["drift", "--window-predictions", "500"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert "0 predições" in result.output and "últimas 500" in result.output
    assert not (Path(drift_settings.data_dir) / "storage" / "drift_reports").exists()
