"""Jobs as clients see them: create, read, list, cancel (the workers' side: `claims.py`)."""

import base64
import os
import socket
import uuid

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from talentmatch.core.errors import Conflict, NotFound
from talentmatch.db.types import utcnow
from talentmatch.jobs.models import Job, JobKind, JobStatus

MAX_STORED_ERRORS = 50


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
    *,
    session: Session,
    kind: JobKind,
    created_by: str,
    file_key: str | None = None,
    priority: int = 0,
) -> Job:
    """A new queued job; a worker claims it (higher `priority` first, then oldest first)."""
    job = Job(
        id=new_job_id(), kind=kind, created_by=created_by, file_key=file_key, priority=priority
    )
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


FINISHED = frozenset({JobStatus.succeeded, JobStatus.failed, JobStatus.cancelled})


def cancel(*, session: Session, job_id: str) -> Job:
    """Cancel a job: a queued one at once, a running one at its next report; 409 if finished.

    Each change is conditional on the status read, so a job claimed (or finished) meanwhile
    is seen again in its new state rather than overwritten.
    """
    job = get_job(session=session, job_id=job_id)
    for _ in range(3):  # queued -> running -> finished at most
        if job.status in FINISHED:
            raise Conflict(f"O job {job_id} já terminou ({job.status.value}); nada a cancelar.")
        values: dict[str, object] = {"cancel_requested": True}
        if job.status == JobStatus.queued:
            values |= {
                "status": JobStatus.cancelled,
                "finished_at": utcnow(),
                "message": "Cancelado por um administrador antes de começar.",
            }
        else:
            values["message"] = (
                "Cancelamento pedido por um administrador; para no próximo relato de progresso."
            )
        changed = session.execute(
            update(Job).where(col(Job.id) == job_id, col(Job.status) == job.status).values(values)
        )
        session.commit()
        session.refresh(job)
        if changed.rowcount:  # type: ignore[attr-defined]
            return job
    raise Conflict(f"O job {job_id} mudou de estado; tente de novo.")
