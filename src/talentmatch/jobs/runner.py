"""Runs jobs in a background thread of the server process, each with its own sessions.

On shutdown (SIGTERM) the running job stops at its next progress report and goes back to
`queued`; queued jobs are resumed when a server starts. A job whose process died without
a shutdown (SIGKILL, a crash) is marked failed at the next start instead.
"""

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from talentmatch.core.errors import DomainError
from talentmatch.jobs import service
from talentmatch.jobs.metrics import observe_job
from talentmatch.jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)


@dataclass
class JobOutcome:
    """What a finished job reports: figures for its row and an optional message."""

    values: dict[str, Any]
    message: str | None = None


JobFunction = Callable[[Callable[..., None]], JobOutcome]
JobFactory = Callable[[Job], JobFunction | None]


class JobInterrupted(Exception):
    """Raised inside a job at a progress report once the runner is stopping."""


class JobRunner:
    """One worker thread: jobs run one after another, never on a request's session."""

    def __init__(self, engine: Engine, worker: str | None = None) -> None:
        self.engine = engine
        self.worker = worker or service.worker_identity()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="talentmatch-job")
        self._stopping = threading.Event()

    def recover(self, factory: JobFactory | None = None) -> int:
        """At start-up: fail the jobs a dead process left running, resume the queued ones."""
        try:
            with Session(self.engine) as session:
                failed = service.fail_interrupted(session=session, worker=self.worker)
                queued = service.queued_jobs(session=session) if factory else []
        except SQLAlchemyError as exc:  # the database may be down at start; /ready says so
            logger.warning("could not check for interrupted jobs: %s", exc)
            return 0
        if failed:
            logger.warning("marked %d interrupted job(s) as failed", failed)
        for job in queued:
            work = factory(job) if factory else None
            if work is not None:
                logger.info("resuming queued job %s (%s)", job.id, job.kind.value)
                self.submit(job.id, work)
        return failed

    def submit(self, job_id: str, work: JobFunction) -> Future[None]:
        """Run `work` for the queued job `job_id` in the background."""
        return self._executor.submit(self._run, job_id, work)

    def _run(self, job_id: str, work: JobFunction) -> None:
        if self._stopping.is_set():
            return
        with Session(self.engine) as session:
            if not service.claim(session=session, job_id=job_id, worker=self.worker):
                return

        def progress(**values: Any) -> None:
            with Session(self.engine) as progress_session:
                service.record_progress(session=progress_session, job_id=job_id, **values)
            if self._stopping.is_set():
                raise JobInterrupted

        try:
            outcome = work(progress)
        except JobInterrupted:
            with Session(self.engine) as session:
                service.requeue(session=session, job_id=job_id)
                self._count(session, job_id, "requeued")
            logger.warning("job %s interrupted by shutdown; queued again", job_id)
        except DomainError as exc:
            self._finish(job_id, JobStatus.failed, exc.message, {})
        except Exception:
            logger.exception("job %s failed", job_id)
            self._finish(job_id, JobStatus.failed, "Erro interno; veja o log do servidor.", {})
        else:
            self._finish(job_id, JobStatus.succeeded, outcome.message, outcome.values)

    def _finish(self, job_id: str, status: JobStatus, message: str | None, values: dict) -> None:
        with Session(self.engine) as session:
            service.finish(session=session, job_id=job_id, status=status, message=message, **values)
            self._count(session, job_id, status.value)

    @staticmethod
    def _count(session: Session, job_id: str, status: str) -> None:
        job = session.get(Job, job_id)
        if job is not None:
            observe_job(job.kind.value, status)

    def drain(self) -> None:
        """Run every submitted job to its end, then stop (the command line's way)."""
        self._executor.shutdown(wait=True)

    def stop(self) -> None:
        """Shut down: the running job stops at its next report and is queued again."""
        self._stopping.set()
        self._executor.shutdown(wait=True, cancel_futures=True)
