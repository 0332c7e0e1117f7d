"""Retention: rows older than each RETENTION_*_DAYS are purged, newer ones kept, on both
databases, by the `retention` job (run by the real job runner) and by `talentmatch purge`."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from talentmatch.app import create_app
from talentmatch.auditoria.models import AuditAction, AuditEvent
from talentmatch.core.config import Settings
from talentmatch.db.engines import make_engine
from talentmatch.db.types import utcnow
from talentmatch.drift.service import window_from
from talentmatch.drift.window import count_window
from talentmatch.features.prediction_log import PredictionLog
from talentmatch.features.retention import purge_prediction_log
from talentmatch.jobs import service as jobs
from talentmatch.jobs.models import Job, JobKind, JobStatus
from talentmatch.retention import SCHEDULER, schedule_retention, start_retention
from talentmatch.usuarios.models import LoginAttempt
from tests.conftest import login
from tests.helpers import wait_for_job

BIN = Path(sys.executable).parent
KIND = "match"
# Seeded rows (defaults: predictions 180 days, jobs 90, login attempts 30, audit 1825).
OLD, RECENT = 7, 4


def _predictions(engine: Engine, version: str, count: int, age: timedelta) -> None:
    with Session(engine) as session:
        session.add_all(
            PredictionLog(
                created_at=utcnow() - age,
                model_kind=KIND,
                model_version=version,
                source="payload",
                features={"skill_coverage": 0.5},
                probability=0.5,
                latency_ms=1.0,
            )
            for _ in range(count)
        )
        session.commit()


def _job(session: Session, status: JobStatus, age: timedelta, *, finished: bool = True) -> None:
    moment = utcnow() - age
    session.add(
        Job(
            id=jobs.new_job_id(),
            # An import without a file key: a starting process does not resume it.
            kind=JobKind.import_vagas,
            status=status,
            created_by=f"seed-{status.value}-{age.days}",
            created_at=moment,
            finished_at=moment if finished else None,
        )
    )


def seed(settings: Settings) -> None:
    """OLD rows past each retention and RECENT ones within it, in every purged table."""
    system = make_engine(settings.resolved_system_database_url)
    auth = make_engine(settings.resolved_auth_database_url)
    try:
        _predictions(system, "v-old", OLD, timedelta(days=181))
        _predictions(system, "v1", RECENT, timedelta(days=1))  # inside DRIFT_WINDOW_DAYS
        _predictions(system, "v1", RECENT, timedelta(days=100))  # outside, still retained
        with Session(system) as session:
            for _ in range(OLD):
                _job(session, JobStatus.succeeded, timedelta(days=91))
            _job(session, JobStatus.failed, timedelta(days=91))
            _job(session, JobStatus.succeeded, timedelta(days=10))
            # Never finished: kept however old.
            _job(session, JobStatus.queued, timedelta(days=400), finished=False)
            session.commit()
        with Session(auth) as session:
            for age, prefix, count in ((31, "old", OLD), (1, "new", RECENT)):
                for index in range(count):
                    session.add(
                        LoginAttempt(
                            username=f"{prefix}-{index}",
                            succeeded=False,
                            at=utcnow() - timedelta(days=age),
                        )
                    )
            for age, target, count in ((1826, "old", OLD), (1800, "new", RECENT)):
                session.add_all(
                    AuditEvent(
                        at=utcnow() - timedelta(days=age), action="seed", target=f"{target}-{i}"
                    )
                    for i in range(count)
                )
            session.commit()
    finally:
        system.dispose()
        auth.dispose()


def remaining(settings: Settings) -> dict[str, object]:
    """What the purge left of the seeded rows."""
    system = make_engine(settings.resolved_system_database_url)
    auth = make_engine(settings.resolved_auth_database_url)
    try:
        with Session(system) as session:
            versions = session.exec(
                select(PredictionLog.model_version, func.count()).group_by(
                    col(PredictionLog.model_version)
                )
            ).all()
            seeded_jobs = session.exec(
                select(Job.created_by).where(col(Job.created_by).startswith("seed-"))
            ).all()
            in_window = count_window(
                session=session, model_kind=KIND, model_version="v1", window=window_from(settings)
            )
        with Session(auth) as session:
            attempts = session.exec(
                select(LoginAttempt.username).where(col(LoginAttempt.username).contains("-"))
            ).all()
            audit = session.exec(
                select(AuditEvent.target).where(col(AuditEvent.action) == "seed")
            ).all()
            summaries = session.exec(
                select(AuditEvent).where(
                    col(AuditEvent.action) == AuditAction.retencao_executada.value
                )
            ).all()
    finally:
        system.dispose()
        auth.dispose()
    return {
        "predictions": dict(versions),
        "in_window": in_window,
        "jobs": sorted(seeded_jobs),
        "attempts": sorted(name.split("-")[0] for name in attempts),
        "audit": sorted(target.split("-")[0] for target in audit if target),
        "summaries": summaries,
    }


EXPECTED_DELETED = {
    "prediction_log": OLD,
    "jobs": OLD + 1,
    "login_attempts": OLD,
    "audit_events": OLD,
}


def assert_purged(left: dict[str, object]) -> None:
    """Every old row gone, every recent one kept, drift's window whole."""
    assert left["predictions"] == {"v1": 2 * RECENT}
    assert left["in_window"] == RECENT  # drift still sees its window's predictions
    assert left["jobs"] == ["seed-queued-400", "seed-succeeded-10"]
    assert left["attempts"] == ["new"] * RECENT
    assert left["audit"] == ["new"] * RECENT


def test_the_retention_job_purges_old_rows_and_keeps_recent_ones(settings: Settings) -> None:
    seed(settings)
    small = settings.model_copy(update={"retention_batch_size": 3})  # several batches a table
    app = create_app(small)
    with TestClient(app) as client:
        admin = login(client, "admin")
        with Session(app.state.databases.system) as session:
            job_id = start_retention(session=session, wake=app.state.jobs.wake, username="admin")
        job = wait_for_job(client, job_id, admin)
        assert job["status"] == "succeeded", job
        assert job["kind"] == "retention"
        assert job["report"]["deleted"] == EXPECTED_DELETED
        assert set(job["report"]["cutoffs"]) == set(EXPECTED_DELETED)
        assert job["progress"]["done"] == sum(EXPECTED_DELETED.values())
        # The run's audit event, readable by an admin, names counts and cutoffs only.
        events = client.get(
            "/api/v1/auditoria/list", params={"action": "retencao.executada"}, headers=admin
        ).json()
        assert events["total"] == 1
        details = events["data"][0]["details"]
        assert events["data"][0]["actor_username"] == "admin"
        assert details["deleted"] == EXPECTED_DELETED
        assert set(details) == {"deleted", "cutoffs", "batch_size"}
    assert_purged(remaining(settings))


def test_talentmatch_purge_purges_in_small_batches_and_prints_the_counts(
    settings: Settings,
) -> None:
    seed(settings)
    env = {
        **os.environ,
        "ENV": "production",
        "DATA_DIR": str(settings.data_dir),
        "AUTH_DATABASE_URL": settings.resolved_auth_database_url,
        "SYSTEM_DATABASE_URL": settings.resolved_system_database_url,
        "RETENTION_BATCH_SIZE": "2",
        "LOG_LEVEL": "WARNING",
    }
    result = subprocess.run(
        [str(BIN / "talentmatch"), "purge"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"predições do log (prediction_log): {OLD} removidas" in result.stdout
    assert f"jobs terminados (jobs): {OLD + 1} removidas" in result.stdout
    assert f"tentativas de login (login_attempts): {OLD} removidas" in result.stdout
    assert f"eventos de auditoria (audit_events): {OLD} removidas" in result.stdout
    left = remaining(settings)
    assert_purged(left)
    summaries = left["summaries"]
    assert isinstance(summaries, list) and len(summaries) == 1
    assert summaries[0].actor_username == "cli:purge"
    assert summaries[0].details["batch_size"] == 2

    again = subprocess.run(
        [str(BIN / "talentmatch"), "purge"], env=env, capture_output=True, text=True, timeout=300
    )
    assert again.returncode == 0, again.stderr
    assert "Total: 0 linhas removidas." in again.stdout  # the first run's audit event is kept


def test_a_scheduled_retention_is_queued_once_and_run_by_the_next_worker(
    settings: Settings,
) -> None:
    seed(settings)
    engine = make_engine(settings.resolved_system_database_url)
    try:
        first = schedule_retention(engine=engine)
        assert first is not None
        assert schedule_retention(engine=engine) is None  # one is queued: nothing new
        with Session(engine) as session:
            # Two schedulers racing past the check: the database refuses the second one.
            with pytest.raises(IntegrityError):
                jobs.create_job(session=session, kind=JobKind.retention, created_by="x")
            session.rollback()
            active = session.exec(select(Job).where(col(Job.kind) == JobKind.retention)).all()
            assert [job.id for job in active] == [first]
    finally:
        engine.dispose()

    # A starting process resumes the queued job with the registered `retention` kind.
    with TestClient(create_app(settings)) as client:
        admin = login(client, "admin")
        job = wait_for_job(client, first, admin)
        assert job["status"] == "succeeded", job
        assert job["created_by"] == SCHEDULER
        assert job["report"]["deleted"] == EXPECTED_DELETED
    assert_purged(remaining(settings))

    engine = make_engine(settings.resolved_system_database_url)
    try:  # once finished, the next period queues a new one
        assert schedule_retention(engine=engine) not in (None, first)
    finally:
        engine.dispose()


def test_batches_smaller_than_the_backlog_purge_all_of_it(settings: Settings) -> None:
    engine = make_engine(settings.resolved_system_database_url)
    try:
        _predictions(engine, "v-old", 11, timedelta(days=200))
        _predictions(engine, "v1", 2, timedelta(days=1))
        totals: list[int] = []
        with Session(engine) as session:
            deleted = purge_prediction_log(
                session,
                before=utcnow() - timedelta(days=180),
                batch_size=4,
                after_batch=totals.append,
            )
        assert deleted == 11
        assert totals == [4, 8, 11]  # three statements, each committed on its own
        with Session(engine) as session:
            left = session.exec(select(PredictionLog.model_version)).all()
        assert left == ["v1", "v1"]
    finally:
        engine.dispose()


def test_a_prediction_retention_within_the_drift_window_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DRIFT_WINDOW_DAYS", "30")
    monkeypatch.setenv("RETENTION_PREDICTION_LOG_DAYS", "30")
    with pytest.raises(ValidationError, match="must be longer than DRIFT_WINDOW_DAYS"):
        Settings(_env_file=None)  # type: ignore[call-arg]
    monkeypatch.setenv("RETENTION_PREDICTION_LOG_DAYS", "31")
    assert Settings(_env_file=None).retention_prediction_log_days == 31  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "name",
    [
        "RETENTION_PREDICTION_LOG_DAYS",
        "RETENTION_LOGIN_ATTEMPTS_DAYS",
        "RETENTION_AUDIT_DAYS",
        "RETENTION_JOBS_DAYS",
        "RETENTION_INTERVAL_S",
    ],
)
def test_a_retention_of_zero_is_refused(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv(name, "0")
    with pytest.raises(ValidationError, match=name.lower()):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_the_purge_command_refuses_to_start_with_a_retention_shorter_than_drift(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "DATA_DIR": str(tmp_path), "RETENTION_PREDICTION_LOG_DAYS": "7"}
    env.pop("DRIFT_WINDOW_DAYS", None)
    result = subprocess.run(
        [str(BIN / "talentmatch"), "purge"], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Configuração inválida: Value error, RETENTION_PREDICTION_LOG_DAYS (7) must be longer "
        "than DRIFT_WINDOW_DAYS (30): the purge would delete the predictions the drift report "
        "compares"
    )
