"""The workers' side of the job table: claim, heartbeat, progress, finish, requeue, reap.

Every change a worker makes is guarded by the state it expects (`status='running'`, its own
`worker` and the `attempts` of its claim, a fencing token): once the reaper has queued a job
again, or another worker has claimed it, the first worker's late writes change nothing and
tell it that it lost the job.

Claims are atomic across processes: on PostgreSQL the candidate row is read with
`FOR UPDATE SKIP LOCKED` (concurrent workers take different rows, none waits); on SQLite
(where that clause does not exist and writers are serialised anyway) the conditional
`UPDATE ... WHERE status='queued'` decides, and a worker that lost the race tries the next.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from talentmatch.db.types import utcnow
from talentmatch.jobs.models import Job, JobKind, JobStatus

INTERRUPTED = "Interrompido pelo desligamento do servidor; será retomado ao reiniciar."
REQUEUED = "O processo que executava este job parou de responder; job na fila de novo."


@dataclass(frozen=True)
class Claim:
    """One claim of a job by a worker: the fence every later write of that worker names."""

    job_id: str
    kind: JobKind
    worker: str
    attempt: int


class Ownership(Enum):
    """What a worker learns when it writes to a job it claimed."""

    owned = "owned"
    cancel_requested = "cancel_requested"
    lost = "lost"


def _fenced(claim: Claim) -> tuple[Any, ...]:
    return (
        col(Job.id) == claim.job_id,
        col(Job.status) == JobStatus.running,
        col(Job.worker) == claim.worker,
        col(Job.attempts) == claim.attempt,
    )


def claim_next(
    *, session: Session, worker: str, kinds: Collection[JobKind], tries: int = 5
) -> Claim | None:
    """Take the next queued job of `kinds` (highest priority, then oldest) for `worker`."""
    if not kinds:
        return None
    for _ in range(tries):
        statement = (
            select(Job)
            .where(col(Job.status) == JobStatus.queued, col(Job.kind).in_(list(kinds)))
            .order_by(col(Job.priority).desc(), col(Job.created_at), col(Job.id))
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        job = session.exec(statement).first()
        if job is None:
            session.rollback()
            return None
        now, job_id, kind, attempt = utcnow(), job.id, job.kind, job.attempts + 1
        taken = session.execute(
            update(Job)
            .where(col(Job.id) == job_id, col(Job.status) == JobStatus.queued)
            .values(
                status=JobStatus.running,
                worker=worker,
                attempts=attempt,
                started_at=now,
                heartbeat_at=now,
                message=None,
            )
        )
        session.commit()
        if taken.rowcount:  # type: ignore[attr-defined]
            return Claim(job_id=job_id, kind=kind, worker=worker, attempt=attempt)
    return None


def _ownership(session: Session, claim: Claim, changed: bool) -> Ownership:
    if not changed:
        return Ownership.lost
    requested = session.exec(select(Job.cancel_requested).where(col(Job.id) == claim.job_id))
    return Ownership.cancel_requested if requested.first() else Ownership.owned


def beat(*, session: Session, claim: Claim, **values: Any) -> Ownership:
    """Beat the heart of a claimed job (and store progress `values`); whether it is still ours."""
    result = session.execute(
        update(Job).where(*_fenced(claim)).values(heartbeat_at=utcnow(), **values)
    )
    session.commit()
    return _ownership(session, claim, bool(result.rowcount))  # type: ignore[attr-defined]


def finish(
    *, session: Session, claim: Claim, status: JobStatus, message: str | None, **values: Any
) -> bool:
    """Close a claimed job (succeeded, failed, cancelled); False if it was no longer ours."""
    result = session.execute(
        update(Job)
        .where(*_fenced(claim))
        .values(status=status, message=message, finished_at=utcnow(), **values)
    )
    session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def requeue(*, session: Session, claim: Claim) -> bool:
    """Give back a job interrupted by a shutdown (its attempt does not count); False if lost."""
    result = session.execute(
        update(Job)
        .where(*_fenced(claim))
        .values(
            status=JobStatus.queued, worker=None, attempts=claim.attempt - 1, message=INTERRUPTED
        )
    )
    session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]


@dataclass
class Reaped:
    """(id, kind) of the jobs the reaper queued again, failed and cancelled."""

    requeued: list[tuple[str, str]]
    failed: list[tuple[str, str]]
    cancelled: list[tuple[str, str]]


def reap(*, session: Session, timeout_s: float, max_attempts: int) -> Reaped:
    """Jobs whose heartbeat is older than `timeout_s`: queued again, or failed after
    `max_attempts` claims, or cancelled if that was asked. A live job beats in time."""
    cutoff: datetime = utcnow() - timedelta(seconds=timeout_s)
    silent = col(Job.heartbeat_at).is_(None) | (col(Job.heartbeat_at) < cutoff)
    stale = session.exec(select(Job).where(col(Job.status) == JobStatus.running, silent)).all()
    reaped = Reaped([], [], [])
    for job in stale:
        if job.cancel_requested:
            values: dict[str, Any] = {
                "status": JobStatus.cancelled,
                "finished_at": utcnow(),
                "message": "Cancelado (o processo que o executava parou).",
            }
            bucket = reaped.cancelled
        elif job.attempts >= max_attempts:
            values = {
                "status": JobStatus.failed,
                "finished_at": utcnow(),
                "message": (
                    f"Interrompido {job.attempts} vez(es): o processo que o executava parou "
                    f"(limite JOB_MAX_ATTEMPTS={max_attempts}). Execute-o de novo; a "
                    "importação é idempotente."
                ),
            }
            bucket = reaped.failed
        else:
            values = {"status": JobStatus.queued, "worker": None, "message": REQUEUED}
            bucket = reaped.requeued
        # Only if it is still stale and on the same claim (nothing beat meanwhile).
        changed = session.execute(
            update(Job)
            .where(
                col(Job.id) == job.id,
                col(Job.status) == JobStatus.running,
                col(Job.attempts) == job.attempts,
                silent,
            )
            .values(values)
        )
        if changed.rowcount:  # type: ignore[attr-defined]
            bucket.append((job.id, job.kind.value))
    session.commit()
    return reaped
