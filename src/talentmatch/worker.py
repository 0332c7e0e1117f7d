"""The background work a process can run: every package's job kinds and the periodic tasks,
composed in one place, and the worker that runs them (`talentmatch worker`, or the API
process itself when JOBS_IN_PROCESS is on)."""

import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from sqlalchemy import Engine

from talentmatch import retention
from talentmatch.core.config import Settings
from talentmatch.core.processes import try_jobs_lock
from talentmatch.decision import jobs as decision_jobs
from talentmatch.drift import jobs as drift_jobs
from talentmatch.jobs.kinds import JobKinds
from talentmatch.jobs.loop import JobWorker, Periodic, WorkerConfig
from talentmatch.storage import ObjectStore

logger = logging.getLogger(__name__)


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


class InProcessJobs:
    """JOBS_IN_PROCESS in an API process: its job loop, run by one process of the server.

    A lone process (`folder` None) runs the loop at once. A worker process of `talentmatch
    serve --workers N` runs it only while it holds the job lock in serve's `folder`; the others
    try to take it every `retry_s`, so the loop moves to another worker when its process stops
    (it died, or uvicorn retired it: SIGTTOU, a SIGHUP restart). `started` is told the worker.
    """

    def __init__(
        self,
        build: Callable[[], JobWorker],
        *,
        folder: Path | None,
        retry_s: float,
        started: Callable[[JobWorker], None],
    ) -> None:
        self._build = build
        self._folder = folder
        self._retry_s = retry_s
        self._started = started
        self._lock_file: IO[bytes] | None = None
        self._worker: JobWorker | None = None
        self._stop = threading.Event()
        self._guard = threading.Lock()
        self._waiter: threading.Thread | None = None

    def start(self) -> None:
        """Run the loop now if this process may, else wait for the lock in a thread."""
        if self._take():
            return
        self._waiter = threading.Thread(
            target=self._wait, name="talentmatch-jobs-lock", daemon=True
        )
        self._waiter.start()

    def _take(self) -> bool:
        with self._guard:
            if self._stop.is_set():
                return True
            if self._folder is not None:
                self._lock_file = try_jobs_lock(self._folder)
                if self._lock_file is None:
                    return False
            worker = self._worker = self._build()
            worker.start()
        logger.info("this process runs the job loop (JOBS_IN_PROCESS)")
        self._started(worker)
        return True

    def _wait(self) -> None:
        while not self._stop.wait(self._retry_s):
            if self._take():
                return

    def stop(self) -> None:
        """Stop the loop (running jobs go back to the queue) and give the lock up."""
        self._stop.set()
        if self._waiter is not None:
            self._waiter.join()
        with self._guard:
            if self._worker is not None:
                self._worker.stop()
            if self._lock_file is not None:
                self._lock_file.close()
