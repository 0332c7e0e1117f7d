"""Runs jobs in a background thread of the server process, each with its own sessions."""

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from talentmatch.core.errors import DomainError
from talentmatch.jobs import service
from talentmatch.jobs.models import JobStatus

logger = logging.getLogger(__name__)


@dataclass
class JobOutcome:
    """What a finished job reports: figures for its row and an optional message."""

    values: dict[str, Any]
    message: str | None = None


JobFunction = Callable[[Callable[..., None]], JobOutcome]


class JobRunner:
    """One worker thread: jobs run one after another, never on a request's session."""

    def __init__(self, engine: Engine, worker: str | None = None) -> None:
        self.engine = engine
        self.worker = worker or service.worker_identity()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="talentmatch-job")

    def recover(self) -> int:
        """Fail the jobs a dead process left running (called at start-up)."""
        try:
            with Session(self.engine) as session:
                count = service.fail_interrupted(session=session, worker=self.worker)
        except SQLAlchemyError as exc:  # the database may be down at start; /ready says so
            logger.warning("could not check for interrupted jobs: %s", exc)
            return 0
        if count:
            logger.warning("marked %d interrupted job(s) as failed", count)
        return count

    def submit(self, job_id: str, work: JobFunction) -> Future[None]:
        """Run `work` for the queued job `job_id` in the background."""
        return self._executor.submit(self._run, job_id, work)

    def _run(self, job_id: str, work: JobFunction) -> None:
        with Session(self.engine) as session:
            if not service.claim(session=session, job_id=job_id, worker=self.worker):
                return

        def progress(**values: Any) -> None:
            with Session(self.engine) as progress_session:
                service.record_progress(session=progress_session, job_id=job_id, **values)

        try:
            outcome = work(progress)
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

    def shutdown(self, wait: bool = True) -> None:
        """Stop: with `wait`, finish every queued job first; without, drop the queued ones."""
        self._executor.shutdown(wait=wait, cancel_futures=not wait)
