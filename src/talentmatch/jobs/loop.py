"""The worker loop: claims queued jobs, runs up to N at once, beats their hearts, reaps the
jobs of dead workers, and runs periodic tasks between claims.

The same loop runs in `talentmatch worker` and, when JOBS_IN_PROCESS is on, inside the API
process. Any number of loops in any number of processes share one queue (the job table).
"""

import logging
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from talentmatch.jobs import claims, service
from talentmatch.jobs.claims import Claim
from talentmatch.jobs.kinds import JobKinds
from talentmatch.jobs.metrics import observe_job
from talentmatch.jobs.models import Job, JobStatus
from talentmatch.jobs.runner import RunningJob, execute

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    """A task a worker runs at most once per `interval_s`, between claims (errors logged)."""

    name: str
    interval_s: float
    run: Callable[[], None]


@dataclass(frozen=True)
class WorkerConfig:
    """How a worker loop claims and watches jobs (JOB_* settings)."""

    concurrency: int = 2
    poll_interval_s: float = 1.0
    heartbeat_timeout_s: float = 60.0
    max_attempts: int = 3

    @property
    def heartbeat_interval_s(self) -> float:
        """Four beats fit in the timeout: a live job is never taken for dead."""
        return self.heartbeat_timeout_s / 4


class JobWorker:
    """Claims and runs jobs of the registered kinds until stopped."""

    def __init__(
        self,
        engine: Engine,
        kinds: JobKinds,
        config: WorkerConfig | None = None,
        *,
        periodic: Iterable[Periodic] = (),
        worker: str | None = None,
    ) -> None:
        self.engine = engine
        self.kinds = kinds
        self.config = config or WorkerConfig()
        self.worker = worker or service.worker_identity()
        self.periodic = list(periodic)
        self._last_run: dict[str, float] = {}
        self._executor = ThreadPoolExecutor(
            max_workers=self.config.concurrency, thread_name_prefix="talentmatch-job"
        )
        self._running: dict[str, RunningJob] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()  # jobs stop at their next report
        self._beats_stop = threading.Event()
        self._wake = threading.Event()
        self._threads: list[threading.Thread] = []
        self._last_reap = 0.0
        self._db_ok = True

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        """Start the claiming loop and the heartbeat in background threads.

        A periodic task first runs one interval after the start: a fleet restarting on each
        deploy does not purge on every start, and a test's short-lived app never does.
        """
        started = time.monotonic()
        self._last_run = {task.name: started for task in self.periodic}
        for name, target in (("loop", self._loop), ("heartbeat", self._beat_loop)):
            thread = threading.Thread(target=target, name=f"talentmatch-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def wake(self) -> None:
        """Look at the queue now (a job was just queued by this process)."""
        self._wake.set()

    def stop(self) -> None:
        """Stop claiming; running jobs stop at their next report and go back to the queue."""
        self._stopping.set()
        self._wake.set()
        if self._threads:
            self._threads[0].join()
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._beats_stop.set()
        for thread in self._threads[1:]:
            thread.join()

    def run_until_stopped(self, stop: threading.Event) -> None:
        """The `talentmatch worker` command: run until `stop` is set (SIGTERM), then stop."""
        self.start()
        stop.wait()
        self.stop()

    def drain(self, job_ids: Iterable[str]) -> None:
        """Run until the jobs `job_ids` have ended, then stop (the command line's way)."""
        pending = set(job_ids)
        self.start()
        try:
            while pending:
                with Session(self.engine) as session:
                    for job_id in list(pending):
                        job = session.get(Job, job_id)
                        if job is None or job.status in service.FINISHED:
                            pending.discard(job_id)
                if pending:
                    time.sleep(min(self.config.poll_interval_s, 0.2))
        finally:
            self.stop()

    @property
    def running_jobs(self) -> list[str]:
        """Ids of the jobs this worker runs now."""
        with self._lock:
            return list(self._running)

    # --- the claiming loop -----------------------------------------------------------------
    def _loop(self) -> None:
        while not self._stopping.is_set():
            self._run_due_periodic()
            try:
                self._reap_if_due()
                self._claim_while_free()
                self._database_back()
            except SQLAlchemyError as exc:  # the database is down: try again at next poll
                self._database_down(exc)
            self._wake.wait(self.config.poll_interval_s)
            self._wake.clear()

    def _claim_while_free(self) -> None:
        while not self._stopping.is_set():
            with self._lock:
                if len(self._running) >= self.config.concurrency:
                    return
            with Session(self.engine) as session:
                claim = claims.claim_next(
                    session=session, worker=self.worker, kinds=self.kinds.registered
                )
            if claim is None:
                return
            self._start(claim)

    def _start(self, claim: Claim) -> None:
        running = RunningJob(claim)
        with self._lock:
            self._running[claim.job_id] = running
        logger.info("claimed job %s (%s), attempt %d", claim.job_id, claim.kind, claim.attempt)
        self._executor.submit(self._run, running)

    def _run(self, running: RunningJob) -> None:
        claim = running.claim
        try:
            with Session(self.engine) as session:
                job = session.get(Job, claim.job_id)
                work = self.kinds.resume(job) if job is not None else None
            if work is None:
                with Session(self.engine) as session:
                    claims.finish(
                        session=session,
                        claim=claim,
                        status=JobStatus.failed,
                        message="Job ilegível ou de um tipo que este worker não executa.",
                    )
                return
            execute(self.engine, running, work, self._stopping)
        except Exception:  # never lose the slot; the reaper requeues what was not recorded
            logger.exception("job %s: the worker could not run it", claim.job_id)
        finally:
            with self._lock:
                self._running.pop(claim.job_id, None)
            self._wake.set()

    def _reap_if_due(self) -> None:
        now = time.monotonic()
        if now - self._last_reap < self.config.heartbeat_interval_s:
            return
        self._last_reap = now
        with Session(self.engine) as session:
            reaped = claims.reap(
                session=session,
                timeout_s=self.config.heartbeat_timeout_s,
                max_attempts=self.config.max_attempts,
            )
        for status, jobs in (
            ("reaped", reaped.requeued),
            ("failed", reaped.failed),
            ("cancelled", reaped.cancelled),
        ):
            for job_id, kind in jobs:
                logger.warning("job %s of a silent worker: %s", job_id, status)
                observe_job(kind, status)

    def _run_due_periodic(self) -> None:
        for task in self.periodic:
            now = time.monotonic()
            last = self._last_run.get(task.name)
            if last is not None and now - last < task.interval_s:
                continue
            self._last_run[task.name] = now
            try:
                task.run()
            except Exception:
                logger.exception("periodic task %s failed", task.name)

    # --- heartbeats ------------------------------------------------------------------------
    def _beat_loop(self) -> None:
        while not self._beats_stop.wait(self.config.heartbeat_interval_s):
            with self._lock:
                running = list(self._running.values())
            for job in running:
                try:
                    with Session(self.engine) as session:
                        job.learn(claims.beat(session=session, claim=job.claim))
                except SQLAlchemyError as exc:
                    logger.warning("heartbeat of job %s failed: %s", job.claim.job_id, exc)

    def _database_down(self, exc: SQLAlchemyError) -> None:
        if self._db_ok:
            logger.warning("job queue unavailable, retrying every poll: %s", exc)
        self._db_ok = False

    def _database_back(self) -> None:
        if not self._db_ok:
            logger.info("job queue available again")
        self._db_ok = True
