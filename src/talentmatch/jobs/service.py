"""Job state in the system database: create, claim, report progress, finish, recover."""

import base64
import os
import socket
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from talentmatch.core.errors import NotFound
from talentmatch.db.types import utcnow
from talentmatch.jobs.models import Job, JobKind, JobStatus

MAX_STORED_ERRORS = 50
# A running job whose worker has not reported for this long is taken for dead.
STALE_AFTER = timedelta(minutes=10)


def worker_identity() -> str:
    """This process, as `host:pid`; one server process runs per container."""
    return f"{socket.gethostname()}:{os.getpid()}"


def new_job_id() -> str:
    """A random job id in base32 (a-z, 2-7): 128 bits that can never read as a CPF.

    Every answer masks CPF-shaped numbers (candidatos/masking.py); a hex id can hold 11
    decimal digits with valid check digits, and would come back masked and unusable.
    """
    return base64.b32encode(uuid.uuid4().bytes).decode("ascii").rstrip("=").lower()


def create_job(
    *, session: Session, kind: JobKind, created_by: str, file_key: str | None = None
) -> Job:
    """A new queued job."""
    job = Job(id=new_job_id(), kind=kind, created_by=created_by, file_key=file_key)
    session.add(job)
    session.commit()
    session.refresh(job)
    return job


def get_job(*, session: Session, job_id: str) -> Job:
    """The job `job_id`; raises NotFound."""
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound(f"Job {job_id} não encontrado.")
    return job


def list_jobs(*, session: Session, offset: int, limit: int) -> tuple[int, list[Job]]:
    """The total number of jobs and one page of them, newest first."""
    total = session.exec(select(func.count()).select_from(Job)).one()
    jobs = session.exec(
        select(Job).order_by(col(Job.created_at).desc()).offset(offset).limit(limit)
    ).all()
    return total, list(jobs)


def claim(*, session: Session, job_id: str, worker: str) -> bool:
    """Move a queued job to running for `worker`; False if another worker took it."""
    now = utcnow()
    result = session.execute(
        update(Job)
        .where(col(Job.id) == job_id, col(Job.status) == JobStatus.queued)
        .values(status=JobStatus.running, worker=worker, started_at=now, heartbeat_at=now)
    )
    session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def record_progress(*, session: Session, job_id: str, **values: Any) -> None:
    """Store progress fields (done, total, counts, ...) and beat the heart."""
    session.execute(
        update(Job).where(col(Job.id) == job_id).values(heartbeat_at=utcnow(), **values)
    )
    session.commit()


def finish(
    *, session: Session, job_id: str, status: JobStatus, message: str | None, **values: Any
) -> None:
    """Close a job as succeeded or failed, with its final figures."""
    session.execute(
        update(Job)
        .where(col(Job.id) == job_id)
        .values(status=status, message=message, finished_at=utcnow(), **values)
    )
    session.commit()


def requeue(*, session: Session, job_id: str) -> None:
    """Put a job interrupted by a shutdown back in the queue, to be resumed at next start."""
    session.execute(
        update(Job)
        .where(col(Job.id) == job_id)
        .values(
            status=JobStatus.queued,
            worker=None,
            message="Interrompido pelo desligamento do servidor; será retomado ao reiniciar.",
        )
    )
    session.commit()


def queued_jobs(*, session: Session) -> list[Job]:
    """Jobs waiting to run, oldest first."""
    statement = select(Job).where(Job.status == JobStatus.queued).order_by(col(Job.created_at))
    return list(session.exec(statement).all())


def fail_interrupted(*, session: Session, worker: str) -> int:
    """Mark failed the jobs a dead process left running; returns how many.

    A job is taken for dead when it ran on this host under another process (one server
    per container, so that process is gone) or when its worker stopped reporting.
    """
    host = worker.split(":", 1)[0]
    stale = utcnow() - STALE_AFTER
    running = session.exec(select(Job).where(Job.status == JobStatus.running)).all()
    interrupted = [
        job
        for job in running
        if (job.worker and job.worker.split(":", 1)[0] == host and job.worker != worker)
        or job.heartbeat_at is None
        or job.heartbeat_at < stale
    ]
    for job in interrupted:
        job.status = JobStatus.failed
        job.finished_at = utcnow()
        job.message = (
            "Interrompido: o processo que executava este job terminou. "
            "Execute-o de novo; a importação é idempotente."
        )
        session.add(job)
    session.commit()
    return len(interrupted)
