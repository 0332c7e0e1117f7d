"""The job queue at the service level: claims, fenced writes, the reaper, the Periodic hook.

Real databases (SQLite files, or the throwaway PostgreSQL), several worker identities in one
test: what two processes would do, in a controlled order.
"""

import itertools
import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session, col

from talentmatch.core.config import Settings
from talentmatch.db.engines import make_engine
from talentmatch.db.types import utcnow
from talentmatch.jobs import claims, service
from talentmatch.jobs.claims import Ownership
from talentmatch.jobs.kinds import JobKinds
from talentmatch.jobs.loop import JobWorker, Periodic, WorkerConfig
from talentmatch.jobs.models import Job, JobKind, JobStatus
from talentmatch.jobs.runner import JobFunction, JobOutcome

ALL = frozenset(JobKind)


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings.resolved_system_database_url)
    yield engine
    engine.dispose()


def queue(engine: Engine, kind: JobKind = JobKind.import_candidatos, priority: int = 0) -> str:
    with Session(engine) as session:
        return service.create_job(
            session=session, kind=kind, created_by="admin", file_key="k", priority=priority
        ).id


def read(engine: Engine, job_id: str) -> Job:
    with Session(engine) as session:
        job = session.get(Job, job_id)
        assert job is not None
        session.expunge(job)
        return job


def silence(engine: Engine, job_id: str, seconds: float) -> None:
    """Make the job's last heartbeat `seconds` old (its worker died that long ago)."""
    with Session(engine) as session:
        session.execute(
            update(Job)
            .where(col(Job.id) == job_id)
            .values(heartbeat_at=utcnow() - timedelta(seconds=seconds))
        )
        session.commit()


def test_a_zombie_cannot_overwrite_the_job_another_worker_finished(engine: Engine) -> None:
    job_id = queue(engine)
    with Session(engine) as session:
        first = claims.claim_next(session=session, worker="task-a:1", kinds=ALL)
    assert first is not None and first.job_id == job_id
    silence(engine, job_id, 120)  # task-a stalls: no heartbeat for two minutes
    with Session(engine) as session:
        reaped = claims.reap(session=session, timeout_s=60, max_attempts=3)
    assert [job for job, _ in reaped.requeued] == [job_id]
    with Session(engine) as session:
        second = claims.claim_next(session=session, worker="task-b:1", kinds=ALL)
        assert second is not None and second.attempt == 2
        assert claims.finish(
            session=session, claim=second, status=JobStatus.succeeded, message=None, inserted=7
        )
    # task-a wakes up: its progress and its late end change nothing, and it learns so.
    with Session(engine) as session:
        assert claims.beat(session=session, claim=first, done=1) == Ownership.lost
        assert not claims.finish(
            session=session, claim=first, status=JobStatus.failed, message="zumbi", inserted=0
        )
        assert not claims.requeue(session=session, claim=first)
    job = read(engine, job_id)
    assert (job.status, job.worker, job.inserted, job.message) == (
        JobStatus.succeeded,
        "task-b:1",
        7,
        None,
    )


def test_the_same_worker_reclaiming_a_job_is_fenced_by_the_attempt(engine: Engine) -> None:
    job_id = queue(engine)
    with Session(engine) as session:
        first = claims.claim_next(session=session, worker="task-a:1", kinds=ALL)
        assert first is not None
    silence(engine, job_id, 120)
    with Session(engine) as session:
        claims.reap(session=session, timeout_s=60, max_attempts=3)
        again = claims.claim_next(session=session, worker="task-a:1", kinds=ALL)
        assert again is not None and again.attempt == first.attempt + 1
        assert not claims.finish(
            session=session, claim=first, status=JobStatus.failed, message="velho"
        )
    assert read(engine, job_id).status == JobStatus.running


def test_the_reaper_spares_a_job_that_beats_and_fails_one_past_its_attempts(
    engine: Engine,
) -> None:
    live, dying = queue(engine), queue(engine)
    with Session(engine) as session:
        a = claims.claim_next(session=session, worker="a:1", kinds=ALL)
        b = claims.claim_next(session=session, worker="b:1", kinds=ALL)
        assert a is not None and b is not None and {a.job_id, b.job_id} == {live, dying}
    for _ in range(3):
        silence(engine, a.job_id, 120)
        silence(engine, b.job_id, 120)
        with Session(engine) as session:
            assert claims.beat(session=session, claim=a) == Ownership.owned  # a lives
            reaped = claims.reap(session=session, timeout_s=60, max_attempts=2)
        if reaped.failed:
            break
        assert [job for job, _ in reaped.requeued] == [b.job_id]
        with Session(engine) as session:
            b = claims.claim_next(session=session, worker="b:1", kinds=ALL)  # type: ignore[assignment]
            assert b is not None
    assert [job for job, _ in reaped.failed] == [b.job_id]
    failed = read(engine, b.job_id)
    assert failed.status == JobStatus.failed and "JOB_MAX_ATTEMPTS=2" in (failed.message or "")
    assert read(engine, a.job_id).status == JobStatus.running


def test_claims_take_the_highest_priority_then_the_oldest_and_only_known_kinds(
    engine: Engine,
) -> None:
    first_import = queue(engine)
    second_import = queue(engine)
    drift = queue(engine, JobKind.drift_report, priority=10)
    export = queue(engine, JobKind.export_vagas)
    order = []
    with Session(engine) as session:
        imports_only = {JobKind.import_candidatos, JobKind.drift_report}
        while claim := claims.claim_next(session=session, worker="w:1", kinds=imports_only):
            order.append(claim.job_id)
    assert order == [drift, first_import, second_import]
    assert read(engine, export).status == JobStatus.queued


def test_cancel_stops_a_queued_job_at_once_and_a_running_one_at_its_next_report(
    engine: Engine,
) -> None:
    waiting, running = queue(engine), queue(engine)
    with Session(engine) as session:
        assert service.cancel(session=session, job_id=waiting).status == JobStatus.cancelled
        claim = claims.claim_next(session=session, worker="w:1", kinds=ALL)
        assert claim is not None and claim.job_id == running
        job = service.cancel(session=session, job_id=running)
        assert job.status == JobStatus.running and job.cancel_requested
        assert claims.beat(session=session, claim=claim, done=5) == Ownership.cancel_requested


def periodic_worker(engine: Engine, tasks: list[Periodic]) -> JobWorker:
    config = WorkerConfig(concurrency=1, poll_interval_s=0.05, heartbeat_timeout_s=2)
    return JobWorker(engine, JobKinds(), config, periodic=tasks, worker="p:1")


def test_a_periodic_task_runs_at_most_once_per_interval_and_its_errors_do_not_stop_it(
    engine: Engine,
) -> None:
    runs: list[float] = []
    failures: list[float] = []

    def failing() -> None:
        failures.append(time.monotonic())
        raise RuntimeError("falha de propósito")

    worker = periodic_worker(
        engine,
        [
            Periodic("count", 0.5, lambda: runs.append(time.monotonic())),
            Periodic("x", 0.5, failing),
        ],
    )
    worker.start()
    deadline = time.monotonic() + 30
    while (len(runs) < 3 or len(failures) < 3) and time.monotonic() < deadline:
        time.sleep(0.05)
    worker.stop()
    assert len(runs) >= 3 and len(failures) >= 3  # the failing task never stopped the loop
    gaps = [later - earlier for earlier, later in itertools.pairwise(runs)]
    assert min(gaps) >= 0.5


def test_a_worker_beats_the_heart_of_a_silent_job_so_no_reaper_takes_it(engine: Engine) -> None:
    # The first pass of an import reports no progress: the heartbeat is on a timer.
    release = threading.Event()

    def resume(_job: Job) -> JobFunction:
        def work(_progress: object) -> JobOutcome:
            release.wait(30)
            return JobOutcome(values={"inserted": 1})

        return work

    kinds = JobKinds()
    kinds.register([JobKind.import_candidatos], resume)
    config = WorkerConfig(concurrency=1, poll_interval_s=0.05, heartbeat_timeout_s=1.2)
    worker = JobWorker(engine, kinds, config, worker="live:1")
    job_id = queue(engine)
    worker.start()
    try:
        deadline = time.monotonic() + 30
        while read(engine, job_id).status != JobStatus.running:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        watched_until = time.monotonic() + 4  # over three timeouts of silence from the job
        while time.monotonic() < watched_until:
            with Session(engine) as session:
                reaped = claims.reap(session=session, timeout_s=1.2, max_attempts=1)
            assert not reaped.requeued and not reaped.failed
            time.sleep(0.2)
        release.set()
        while read(engine, job_id).status == JobStatus.running:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        release.set()
        worker.stop()
    job = read(engine, job_id)
    assert (job.status, job.inserted, job.attempts) == (JobStatus.succeeded, 1, 1)
