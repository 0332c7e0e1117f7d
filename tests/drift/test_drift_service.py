"""The reference stored with a version, the window read from the log, the reports' storage."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from talentmatch.core.config import Settings
from talentmatch.db.engines import make_engine
from talentmatch.db.types import utcnow
from talentmatch.drift.errors import NoDriftReport, NoReference, NotEnoughPredictions
from talentmatch.drift.jobs import reference_key, version_from_key
from talentmatch.drift.payload_fields import PAYLOAD_REFERENCE_FILE
from talentmatch.drift.reference import PREDICTION, REFERENCE_FILE
from talentmatch.drift.service import check_can_run, run_drift
from talentmatch.drift.storage import LATEST, latest_html, latest_summary, save_report
from talentmatch.drift.window import Window, count_window, read_window
from talentmatch.features.featurize import FEATURES
from talentmatch.features.prediction_log import PredictionLog
from talentmatch.jobs.models import Job, JobKind
from talentmatch.matching.pipeline import HELD_OUT_FILE, KIND
from talentmatch.registry import MAIN_ARTIFACT, ModelRegistry
from talentmatch.storage import LocalObjectStore
from talentmatch.worker import job_kinds
from tests.drift.conftest import Published


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings.resolved_system_database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def registry(tmp_path: Path) -> ModelRegistry:
    return ModelRegistry(LocalObjectStore(tmp_path / "store"), tmp_path / "cache")


def log(engine: Engine, version: str, count: int, *, age: timedelta = timedelta()) -> None:
    """`count` logged predictions of `version`, made `age` ago."""
    features = {name: 1.0 for name in FEATURES} | {"skill_coverage": None}
    with Session(engine) as session:
        session.add_all(
            PredictionLog(
                created_at=utcnow() - age,
                model_kind=KIND,
                model_version=version,
                source="payload",
                features=features,
                probability=0.25,
                latency_ms=1.0,
            )
            for _ in range(count)
        )
        session.commit()


def test_the_pipeline_stores_features_and_probabilities_without_personal_data(
    published: Published,
) -> None:
    reference = published.reference
    assert list(reference.columns) == [*FEATURES, PREDICTION]
    assert all(dtype == np.float64 for dtype in reference.dtypes)  # numbers only, no text
    assert published.manifest["reference"]["rows"] == len(reference) > 100  # type: ignore[index]
    assert set(published.files) == {
        MAIN_ARTIFACT,
        REFERENCE_FILE,
        PAYLOAD_REFERENCE_FILE,
        HELD_OUT_FILE,
    }
    again = published.model.predict_features(reference[list(FEATURES)])
    np.testing.assert_allclose(reference[PREDICTION], again, rtol=1e-9)


def test_the_window_takes_the_newest_predictions_of_one_version(engine: Engine) -> None:
    log(engine, "v1", 5, age=timedelta(days=40))
    log(engine, "v1", 7)
    log(engine, "v2", 3)
    with Session(engine) as session:
        assert (
            count_window(session=session, model_kind=KIND, model_version="v1", window=Window(100))
            == 12
        )
        assert (
            count_window(
                session=session, model_kind=KIND, model_version="v1", window=Window(100, days=30)
            )
            == 7
        )
        assert (
            count_window(session=session, model_kind=KIND, model_version="v1", window=Window(4))
            == 4
        )
        current = read_window(
            session=session,
            model_kind=KIND,
            model_version="v1",
            window=Window(10, days=30),
            features=FEATURES,
        )
    assert len(current) == 7
    assert list(current.frame.columns) == [*FEATURES, PREDICTION]
    assert current.frame["skill_coverage"].isna().all()  # logged as null: unknown
    assert (current.frame["vaga_skills"] == 1.0).all()
    assert current.first is not None and current.last is not None


def test_a_version_without_reference_is_refused(
    engine: Engine, registry: ModelRegistry, published: Published
) -> None:
    version = registry.publish(KIND, published.files[MAIN_ARTIFACT], {"features": list(FEATURES)})
    log(engine, version, 50)
    with Session(engine) as session, pytest.raises(NoReference, match="sem as features"):
        check_can_run(
            session=session, registry=registry, version=version, window=Window(100), min_rows=30
        )
    with pytest.raises(NoReference):
        run_drift(
            engine=engine,
            registry=registry,
            store=registry.store,
            version=version,
            window=Window(100),
            min_rows=30,
            drift_share=0.5,
        )


def test_too_few_predictions_are_refused_with_a_clear_message(
    engine: Engine, registry: ModelRegistry, published: Published
) -> None:
    version = registry.publish_files(KIND, published.files, published.manifest)
    log(engine, version, 12)
    log(engine, "another-version", 100)
    with Session(engine) as session, pytest.raises(NotEnoughPredictions) as refused:
        check_can_run(
            session=session, registry=registry, version=version, window=Window(100), min_rows=30
        )
    assert refused.value.status_code == 409
    assert "12 predições" in refused.value.message and "30" in refused.value.message
    with pytest.raises(NotEnoughPredictions):
        run_drift(
            engine=engine,
            registry=registry,
            store=registry.store,
            version=version,
            window=Window(100),
            min_rows=30,
            drift_share=0.5,
        )
    assert not registry.store.exists(LATEST)


def test_reports_are_read_through_the_latest_pointer(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path)
    with pytest.raises(NoDriftReport, match="driftReport/run"):
        latest_html(store)
    with pytest.raises(NoDriftReport):
        latest_summary(store)
    for number in (1, 2):
        save_report(
            store,
            f"20261125T00000{number}Z-abcdef",
            html=f"<html>{number}</html>",
            evidently_json="{}",
            summary={"report": number},
        )
    assert latest_html(store) == "<html>2</html>"
    assert latest_summary(store) == {"report": 2}
    assert store.exists("drift_reports/20261125T000001Z-abcdef/report.json")


def test_a_queued_drift_job_is_rebuilt_for_its_version_after_a_restart(
    settings: Settings, engine: Engine, registry: ModelRegistry
) -> None:
    version = "20261125T000000Z-0123abcd"
    key = reference_key(registry, version)
    assert key == f"models/match/{version}/{REFERENCE_FILE}"
    assert version_from_key(key) == version
    factory = job_kinds(store=registry.store, settings=settings, engine=engine).resume
    queued = Job(id="a", kind=JobKind.drift_report, created_by="admin", file_key=key)
    assert factory(queued) is not None
    unreadable = Job(id="b", kind=JobKind.drift_report, created_by="admin", file_key="x.json")
    assert factory(unreadable) is None
