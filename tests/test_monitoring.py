"""Monitoring: request ids, the JSON access log, /metrics, and /ready with the models."""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterator

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from talentmatch.core.logging import JsonFormatter, configure_logging
from talentmatch.features.featurize import FEATURES
from talentmatch.features.schema import SEED_MATCH_EXAMPLE
from talentmatch.matching.model import MatchModel
from talentmatch.matching.pipeline import KIND
from talentmatch.registry import MAIN_ARTIFACT, ModelRegistry
from talentmatch.storage import LocalObjectStore
from tests.conftest import login
from tests.helpers import wait_for_job

DETAILS = "/api/v1/candidatos/details/{codigo_profissional}"


def registry_of(settings: Settings) -> ModelRegistry:
    return ModelRegistry(
        LocalObjectStore(settings.data_dir / "storage"), settings.resolved_model_cache_dir
    )


def tiny_model() -> bytes:
    """A real, loadable match model artifact, fitted in milliseconds on random numbers."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, len(FEATURES)))
    y = (x[:, 0] > 0).astype(int)
    pipeline = make_pipeline(SimpleImputer(), LogisticRegression()).fit(x, y)
    return MatchModel(
        pipeline=pipeline, threshold=0.5, baseline=dict.fromkeys(FEATURES, 0.0)
    ).to_bytes()


def publish(settings: Settings, artifact: bytes) -> str:
    return registry_of(settings).publish(KIND, artifact, {"features": list(FEATURES)})


def access_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    formatter = JsonFormatter()
    return [
        json.loads(formatter.format(record))
        for record in caplog.records
        if record.name == "talentmatch.access"
    ]


def metric_value(text: str, sample: str, missing: float | None = None) -> float:
    """The value of one exact sample line (`name{labels}`) of a Prometheus exposition."""
    for line in text.splitlines():
        if line.startswith(sample + " "):
            return float(line.rsplit(" ", 1)[1])
    if missing is not None:
        return missing
    raise AssertionError(f"{sample} not in /metrics")


@pytest.fixture
def served(settings: Settings) -> Iterator[tuple[TestClient, str]]:
    """An app serving a tiny published model, and its version."""
    version = publish(settings, tiny_model())
    with TestClient(create_app(settings)) as client:
        yield client, version


def test_a_request_id_is_generated_and_returned(client: TestClient) -> None:
    first, second = client.get("/health"), client.get("/health")
    assert re.fullmatch(r"[0-9a-f]{32}", first.headers["X-Request-ID"])
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


def test_a_client_request_id_is_echoed_and_a_bad_one_replaced(client: TestClient) -> None:
    given = client.get("/health", headers={"X-Request-ID": "lb-7f3a.9:2"})
    assert given.headers["X-Request-ID"] == "lb-7f3a.9:2"
    for bad in ("has spaces in it", "x" * 200, "{json}"):
        answered = client.get("/health", headers={"X-Request-ID": bad})
        assert re.fullmatch(r"[0-9a-f]{32}", answered.headers["X-Request-ID"])


def test_one_json_access_line_per_request_without_personal_data(
    client: TestClient, leitor: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    user_id = client.get("/api/v1/usuarios/logado", headers=leitor).json()["id"]
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="talentmatch.access"):
        response = client.get(
            "/api/v1/candidatos/details/424242?nome=Maria",
            headers={**leitor, "X-Request-ID": "req-42"},
        )
    assert response.status_code == 404
    [line] = access_lines(caplog)
    assert line == {
        "time": line["time"],
        "level": "INFO",
        "logger": "talentmatch.access",
        "message": "request",
        "pid": os.getpid(),  # which of `serve --workers N`'s processes answered
        "request_id": "req-42",
        "method": "GET",
        "route": DETAILS,
        "status": 404,
        "duration_ms": line["duration_ms"],
        "user_id": user_id,
    }
    text = JsonFormatter().format(caplog.records[-1])
    assert "424242" not in text and "Maria" not in text and "leitor" not in text


def test_requests_without_a_valid_token_log_no_user(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="talentmatch.access"):
        client.get("/api/v1/candidatos/list", headers={"Authorization": "Bearer forged"})
        client.get("/no/such/page")
    lines = access_lines(caplog)
    assert [(line["route"], line["status"], line["user_id"]) for line in lines] == [
        ("/api/v1/candidatos/list", 401, None),
        ("<unmatched>", 404, None),
    ]


def test_an_unhandled_error_is_counted_and_logged_as_500(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(settings)

    @app.get("/boom/{code}")
    def boom(code: int) -> None:
        raise RuntimeError("bug")

    with (
        TestClient(app, raise_server_exceptions=False) as client,
        caplog.at_level(logging.INFO),
    ):
        response = client.get("/boom/7", headers={"X-Request-ID": "req-boom"})
        assert response.status_code == 500
        assert response.headers["X-Request-ID"] == "req-boom"
        metrics = client.get("/metrics").text
    [line] = [line for line in access_lines(caplog) if line["request_id"] == "req-boom"]
    assert (line["route"], line["status"]) == ("/boom/{code}", 500)
    trace = [r for r in caplog.records if r.name == "talentmatch.core.handlers"]
    assert trace and json.loads(JsonFormatter().format(trace[0]))["request_id"] == "req-boom"
    assert 'route="/boom/{code}",status="500"' in metrics


def test_metrics_count_requests_by_route_template_and_jobs_by_kind(
    client: TestClient, leitor: dict[str, str], admin: dict[str, str]
) -> None:
    sample = f'talentmatch_http_requests_total{{method="GET",route="{DETAILS}",status="404"}}'
    # Counters belong to the process, so earlier tests may have counted already.
    before = metric_value(client.get("/metrics").text, sample, missing=0.0)
    for code in (424242, 515151):
        client.get(f"/api/v1/candidatos/details/{code}", headers=leitor)
    job = client.post("/api/v1/candidatos/export-applicants", headers=admin).json()
    assert wait_for_job(client, job["job_id"], admin)["status"] == "succeeded"

    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert metric_value(text, sample) == before + 2
    latency = f'talentmatch_http_request_duration_seconds_count{{method="GET",route="{DETAILS}"'
    assert latency in text
    assert metric_value(text, 'talentmatch_jobs_total{kind="export_candidatos",status="succeeded"}')
    assert "424242" not in text and "515151" not in text  # templates, never raw paths
    assert 'talentmatch_model_load_failed{model_kind="match"} 0.0' in text


def test_metrics_count_predictions_by_model_version_and_show_the_model(
    served: tuple[TestClient, str],
) -> None:
    client, version = served
    headers = login(client, "recrutador")
    for _ in range(3):
        client.post(
            "/api/v1/inferencias/matchModel/predict", json=SEED_MATCH_EXAMPLE, headers=headers
        )
    text = client.get("/metrics").text
    labels = f'model_kind="match",model_version="{version}"'
    assert metric_value(text, f'talentmatch_predictions_total{{{labels},source="payload"}}') == 3
    assert metric_value(text, f"talentmatch_model_info{{{labels}}}") == 1
    assert metric_value(text, f"talentmatch_model_load_seconds{{{labels}}}") >= 0


def test_metrics_can_require_a_token(settings: Settings) -> None:
    token = "scrape-token-0123456789"
    with TestClient(create_app(settings.model_copy(update={"metrics_token": token}))) as client:
        assert client.get("/metrics").status_code == 401
        wrong = client.get("/metrics", headers={"Authorization": "Bearer wrong"})
        assert wrong.status_code == 401
        right = client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
        assert right.status_code == 200
        assert "talentmatch_http_requests_total" in right.text


def test_ready_lists_the_model_versions_in_service(served: tuple[TestClient, str]) -> None:
    client, version = served
    response = client.get("/ready")
    assert response.status_code == 200
    match = response.json()["models"]["match"]
    assert match["status"] == "ok"
    assert match["in_service"] == match["configured"] == version
    assert match["load_seconds"] >= 0


def test_ready_without_any_published_model_is_ready(client: TestClient) -> None:
    response = client.get("/ready")
    assert response.status_code == 200
    nothing = {
        "status": "none",
        "in_service": None,
        "current": None,
        "configured": None,
        "load_seconds": None,
    }
    models = response.json()["models"]
    assert models["match"] == nothing
    assert all(state == nothing for state in models.values())


def test_not_ready_while_the_configured_model_cannot_be_loaded(settings: Settings) -> None:
    version = publish(settings, b"not a skops archive")
    with TestClient(create_app(settings)) as client:
        response = client.get("/ready")
        assert response.status_code == 503
        match = response.json()["models"]["match"]
        assert (match["status"], match["configured"], match["in_service"]) == (
            "unavailable",
            version,
            None,
        )
        assert "log" in match["detail"]
        assert client.get("/health").status_code == 200
        metrics = client.get("/metrics").text
        assert 'talentmatch_model_load_failed{model_kind="match"} 1.0' in metrics


def test_not_ready_when_the_configured_artifact_is_missing(settings: Settings) -> None:
    version = publish(settings, tiny_model())
    registry_of(settings).store.delete(f"models/{KIND}/{version}/{MAIN_ARTIFACT}")
    with TestClient(create_app(settings)) as client:
        response = client.get("/ready")
    assert response.status_code == 503
    assert response.json()["models"]["match"]["status"] == "unavailable"


def test_logging_is_configured_once_as_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO")
    configure_logging("info")
    ours = [h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)]
    assert len(ours) == 1
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("talentmatch.test").exception("failed %s", "here")
    [line] = [line for line in capsys.readouterr().err.splitlines() if "failed here" in line]
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "talentmatch.test"
    assert "ValueError: boom" in entry["exception"]
