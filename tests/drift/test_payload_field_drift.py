"""Drift that names what a recruiter sent: the payload's own fields, reference vs window."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from typer.testing import CliRunner

from talentmatch.app import create_app
from talentmatch.cli import app as cli
from talentmatch.core.config import Settings, get_settings
from talentmatch.db.engines import make_engine
from talentmatch.drift.payload_fields import (
    PAYLOAD_DRIFT_FIELDS,
    PAYLOAD_REFERENCE_FILE,
    compare_payload_fields,
    read_payload_reference,
)
from talentmatch.features.prediction_log import PredictionLog
from talentmatch.matching.pipeline import KIND
from tests.conftest import login
from tests.drift.conftest import Published
from tests.drift.test_drift_api import URL, predict, registry_of
from tests.helpers import wait_for_job

REFERENCE = {
    "rows": 1000,
    "fields": {"ingles": {"Básico": 700, "Intermediário": 200, "Fluente": 100}},
}


def _window(shares: dict[str, int]) -> list[dict[str, str]]:
    return [{"ingles": value} for value, count in shares.items() for _ in range(count)]


def test_english_going_fluent_is_named_with_its_shares() -> None:
    (ingles,) = compare_payload_fields(REFERENCE, _window({"Fluente": 270, "Básico": 30}))
    assert ingles["field"] == "ingles" and ingles["drifted"] is True
    assert ingles["method"] == "chi-square p_value" and ingles["score"] <= ingles["threshold"]
    assert ingles["reference"]["Fluente"] == 0.1 and ingles["current"]["Fluente"] == 0.9
    assert ingles["reference"]["Básico"] == 0.7 and ingles["current"]["Básico"] == 0.1
    assert sum(ingles["current"].values()) == pytest.approx(1.0)


def test_the_same_mix_is_not_drift_and_large_windows_use_a_distance() -> None:
    (same,) = compare_payload_fields(
        REFERENCE, _window({"Básico": 210, "Intermediário": 60, "Fluente": 30})
    )
    assert same["drifted"] is False
    large = {"rows": 5000, "fields": {"ingles": {"Básico": 3500, "Fluente": 1500}}}
    (shifted,) = compare_payload_fields(large, _window({"Fluente": 1800, "Básico": 200}))
    assert shifted["method"] == "Jensen-Shannon distance" and shifted["drifted"] is True


def test_a_window_without_values_is_skipped_not_raised() -> None:
    (ingles,) = compare_payload_fields(REFERENCE, [None, None])
    assert ingles["drifted"] is False and ingles["skipped"] == "sem valores na janela"


@pytest.fixture
def api(settings: Settings, published: Published) -> Iterator[TestClient]:
    drift_settings = settings.model_copy(update={"drift_min_rows": 30})
    registry_of(drift_settings).publish_files(KIND, published.files, published.manifest)
    with TestClient(create_app(drift_settings)) as client:
        yield client


def test_the_reference_counts_the_training_payloads_fields(published: Published) -> None:
    reference = read_payload_reference(published.files[PAYLOAD_REFERENCE_FILE])
    assert set(reference["fields"]) == set(PAYLOAD_DRIFT_FIELDS)
    assert reference["rows"] == published.manifest["rows"]
    for counts in reference["fields"].values():
        assert sum(counts.values()) == reference["rows"]
    # Never personal data nor free text.
    assert not {"sexo", "estado_civil", "cv_candidato", "conhecimentos_tecnicos"} & set(
        reference["fields"]
    )


def test_a_window_of_fluent_english_is_named_in_the_summary(
    api: TestClient, published: Published, settings: Settings
) -> None:
    sample = random.Random(1).sample(published.fresh_payloads, 80)
    sent = [{**p, "ingles": "Fluente" if i % 10 else "Básico"} for i, p in enumerate(sample)]
    predict(api, sent)
    engine = make_engine(settings.resolved_system_database_url)
    with Session(engine) as session:
        logged = session.exec(select(PredictionLog.payload_fields)).all()
    engine.dispose()
    assert Counter(row["ingles"] for row in logged if row) == {"Fluente": 72, "Básico": 8}
    assert all(set(row) == set(PAYLOAD_DRIFT_FIELDS) for row in logged if row)

    admin, leitor = login(api, "admin"), login(api, "leitor")
    job = wait_for_job(
        api, api.post(f"{URL}/driftReport/run", headers=admin).json()["job_id"], admin
    )
    assert job["status"] == "succeeded", job
    summary = api.get(f"{URL}/driftReport/summary", headers=leitor).json()
    fields = {row["field"]: row for row in summary["payload_fields"]}
    assert set(fields) == set(PAYLOAD_DRIFT_FIELDS)
    ingles = fields["ingles"]
    assert ingles["drifted"] is True
    assert ingles["current"]["Fluente"] == 0.9 and ingles["current"]["Básico"] == 0.1
    assert ingles["reference"]["Fluente"] < 0.5
    assert set(ingles) >= {
        "field",
        "method",
        "score",
        "threshold",
        "drifted",
        "reference",
        "current",
    }
    for row in summary["payload_fields"]:
        assert all(
            0 <= share <= 1 for share in [*row["reference"].values(), *row["current"].values()]
        )


def test_the_command_line_names_the_field_and_its_shares(
    api: TestClient, published: Published, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample = random.Random(2).sample(published.fresh_payloads, 60)
    predict(api, [{**p, "ingles": "Fluente" if i % 10 else "Básico"} for i, p in enumerate(sample)])
    monkeypatch.setenv("ENV", "test")
    monkeypatch.setenv("DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("SYSTEM_DATABASE_URL", settings.resolved_system_database_url)
    monkeypatch.setenv("DRIFT_MIN_ROWS", "30")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["drift"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("Campo ingles:"))
    assert "Fluente" in line and "para 90%" in line
