"""The background work a process can run: every package's job kinds and the periodic tasks,
composed in one place, and the worker that runs them (`talentmatch worker`, or the API
process itself when JOBS_IN_PROCESS is on)."""

from collections.abc import Iterable

from sqlalchemy import Engine

from talentmatch import retention
from talentmatch.core.config import Settings
from talentmatch.decision import jobs as decision_jobs
from talentmatch.drift import jobs as drift_jobs
from talentmatch.jobs.kinds import JobKinds
from talentmatch.jobs.loop import JobWorker, Periodic, WorkerConfig
from talentmatch.storage import ObjectStore


def job_kinds(*, store: ObjectStore, settings: Settings, engine: Engine) -> JobKinds:
    """Imports and exports of the Decision files, drift reports, and the retention purge."""
    kinds = JobKinds()
    decision_jobs.register(kinds, store=store, settings=settings, engine=engine)
    drift_jobs.register(kinds, store=store, settings=settings, engine=engine)
    retention.register(kinds, settings=settings, engine=engine)
    return kinds


def periodic_tasks(*, store: ObjectStore, settings: Settings, engine: Engine) -> list[Periodic]:
    """Tasks every worker runs between claims, at most once per interval: the retention purge
    is queued every RETENTION_INTERVAL_S (once, however many workers: `schedule_retention`)."""
    return [
        Periodic(
            "retention",
            settings.retention_interval_s,
            lambda: _schedule(engine),
        )
    ]


def _schedule(engine: Engine) -> None:
    retention.schedule_retention(engine=engine)


def worker_config(settings: Settings, *, concurrency: int | None = None) -> WorkerConfig:
    """The JOB_* settings as the worker loop takes them."""
    return WorkerConfig(
        concurrency=concurrency or settings.job_concurrency,
        poll_interval_s=settings.job_poll_interval_s,
        heartbeat_timeout_s=settings.job_heartbeat_timeout_s,
        max_attempts=settings.job_max_attempts,
    )


def build_worker(
    *,
    store: ObjectStore,
    settings: Settings,
    engine: Engine,
    concurrency: int | None = None,
    periodic: Iterable[Periodic] | None = None,
) -> JobWorker:
    """A worker of every job kind and periodic task, configured by the JOB_* settings."""
    kinds = job_kinds(store=store, settings=settings, engine=engine)
    tasks = (
        periodic_tasks(store=store, settings=settings, engine=engine)
        if periodic is None
        else periodic
    )
    return JobWorker(
        engine, kinds, worker_config(settings, concurrency=concurrency), periodic=tasks
    )
