"""Runs the body of one claimed job, each write fenced by its claim.

The body reports progress through `progress(**values)`; each report beats the job's heart
and returns control to the runner, which stops the body there (by raising inside it) when
the worker is shutting down (the job goes back to `queued`), when an admin asked to cancel it
(it ends `cancelled`), or when the job is no longer this worker's (the reaper queued it again
and another worker may have claimed it: nothing more is written).
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from talentmatch.core.errors import DomainError
from talentmatch.jobs import claims
from talentmatch.jobs.claims import Claim, Ownership
from talentmatch.jobs.metrics import observe_job
from talentmatch.jobs.models import JobStatus

logger = logging.getLogger(__name__)

INTERNAL_ERROR = "Erro interno; veja o log do servidor."


@dataclass
class JobOutcome:
    """What a finished job reports: figures for its row and an optional message."""

    values: dict[str, Any]
    message: str | None = None


JobFunction = Callable[[Callable[..., None]], JobOutcome]


class JobInterrupted(Exception):
    """Raised inside a job at a progress report once its worker is stopping."""


class JobCancelled(Exception):
    """Raised inside a job at a progress report once an admin asked to cancel it."""


class JobLost(Exception):
    """Raised inside a job at a progress report once the job is no longer this worker's."""


@dataclass
class RunningJob:
    """A job this worker runs: its claim and what the last write learnt of it."""

    claim: Claim
    ownership: Ownership = Ownership.owned
    lock: threading.Lock = field(default_factory=threading.Lock)

    def learn(self, ownership: Ownership) -> Ownership:
        """Record what a write learnt (a lost job stays lost); the current knowledge."""
        with self.lock:
            if self.ownership != Ownership.lost:
                self.ownership = ownership
            return self.ownership


def execute(
    engine: Engine, running: RunningJob, work: JobFunction, stopping: threading.Event
) -> str:
    """Run `work` for `running`'s claim to its end; the status it ended with (for metrics)."""
    claim = running.claim

    def progress(**values: Any) -> None:
        with Session(engine) as session:
            ownership = running.learn(claims.beat(session=session, claim=claim, **values))
        if ownership == Ownership.lost:
            raise JobLost
        if ownership == Ownership.cancel_requested:
            raise JobCancelled
        if stopping.is_set():
            raise JobInterrupted

    try:
        outcome = work(progress)
    except JobLost:
        logger.warning("job %s is no longer this worker's; stopped without writing", claim.job_id)
        return _counted(claim, "lost")
    except JobInterrupted:
        with Session(engine) as session:
            claims.requeue(session=session, claim=claim)
        logger.warning("job %s interrupted by shutdown; queued again", claim.job_id)
        return _counted(claim, "requeued")
    except JobCancelled:
        message = "Cancelado a pedido; o que já foi gravado permanece."
        return _finish(engine, claim, JobStatus.cancelled, message, {})
    except DomainError as exc:
        return _finish(engine, claim, JobStatus.failed, exc.message, {})
    except Exception:
        logger.exception("job %s failed", claim.job_id)
        return _finish(engine, claim, JobStatus.failed, INTERNAL_ERROR, {})
    return _finish(engine, claim, JobStatus.succeeded, outcome.message, outcome.values)


def _finish(
    engine: Engine, claim: Claim, status: JobStatus, message: str | None, values: dict
) -> str:
    try:
        with Session(engine) as session:
            ours = claims.finish(
                session=session, claim=claim, status=status, message=message, **values
            )
    except SQLAlchemyError:
        # The reaper will queue it again once its heartbeat is stale.
        logger.exception("could not record the end of job %s", claim.job_id)
        return _counted(claim, "lost")
    if not ours:
        logger.warning(
            "job %s ended (%s) but is no longer this worker's; its end was not written",
            claim.job_id,
            status.value,
        )
        return _counted(claim, "lost")
    return _counted(claim, status.value)


def _counted(claim: Claim, status: str) -> str:
    observe_job(claim.kind.value, status)
    return status
