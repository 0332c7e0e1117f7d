"""Every call of the web app into `jobs.*` and into the file jobs of `decision.*`, in one place
(the one module that knows how the job queue is reached).

Reads and cancelling go through the functions the API's /jobs router uses; starting an import
or an export goes through the same service and audit record as `POST /{entity}/update-tables`
and `POST /{entity}/export-*`; a drift report through `POST /inferencias/driftReport/run`'s
own function."""

from typing import Any

from fastapi import Request
from sqlmodel import Session

from talentmatch.auditoria.models import AuditAction
from talentmatch.auditoria.service import record
from talentmatch.core.config import Settings
from talentmatch.decision.importer import Entity
from talentmatch.decision.jobs import start_export, start_import
from talentmatch.inferencias.router import run_drift_report
from talentmatch.jobs import service
from talentmatch.jobs.dependencies import StoreDep, get_wake
from talentmatch.jobs.models import JobPublic, JobStatus
from talentmatch.matching.serving import MatchServing
from talentmatch.storage import ObjectStore
from talentmatch.storage.keys import check_not_reserved
from talentmatch.usuarios.models import Usuario

__all__ = [
    "FINISHED",
    "StoreDep",
    "begin_drift",
    "begin_export",
    "begin_import",
    "cancel_job",
    "job_view",
    "recent_jobs",
]

# A job in one of these statuses will change no more (the page stops polling).
FINISHED = frozenset({JobStatus.succeeded.value, JobStatus.failed.value, JobStatus.cancelled.value})


def recent_jobs(*, session: Session, limit: int) -> tuple[int, list[dict[str, Any]]]:
    """The newest jobs as the API's `GET /jobs` shows them (JSON values)."""
    total, jobs = service.list_jobs(session=session, offset=0, limit=limit)
    return total, [JobPublic.from_job(job).model_dump(mode="json") for job in jobs]


def job_view(*, session: Session, job_id: str) -> dict[str, Any]:
    """One job as `GET /jobs/{id}` shows it (404 when unknown), plus whether it ended."""
    public = JobPublic.from_job(service.get_job(session=session, job_id=job_id))
    values = public.model_dump(mode="json")
    values["finished"] = values["status"] in FINISHED
    return values


def cancel_job(*, session: Session, job_id: str) -> dict[str, Any]:
    """Cancel a job as `POST /jobs/{id}/cancel` does (404 unknown, 409 finished); its view."""
    service.cancel(session=session, job_id=job_id)
    return job_view(session=session, job_id=job_id)


def begin_import(
    *,
    session: Session,
    audit_session: Session,
    request: Request,
    store: ObjectStore,
    settings: Settings,
    entity: Entity,
    file_key: str,
    user: Usuario,
) -> str:
    """Queue the import of `file_key` into `entity` and audit it; the job's id."""
    check_not_reserved(file_key)
    job_id = start_import(
        session=session,
        wake=get_wake(request),
        store=store,
        settings=settings,
        entity=entity,
        file_key=file_key,
        username=user.username,
    )
    record(
        audit_session,
        action=AuditAction.importacao_iniciada,
        actor=user,
        target=f"job:{job_id}",
        details={"entidade": entity.value, "file_key": file_key, "via": "web"},
    )
    return job_id


def begin_export(
    *,
    session: Session,
    audit_session: Session,
    request: Request,
    store: ObjectStore,
    entity: Entity,
    user: Usuario,
) -> str:
    """Queue the export of `entity` to a timestamped key under exports/ and audit it."""
    job_id = start_export(
        session=session,
        wake=get_wake(request),
        store=store,
        entity=entity,
        file_key=None,
        username=user.username,
    )
    record(
        audit_session,
        action=AuditAction.exportacao_iniciada,
        actor=user,
        target=f"job:{job_id}",
        details={"entidade": entity.value, "file_key": None, "via": "web"},
    )
    return job_id


def begin_drift(
    *, session: Session, request: Request, serving: MatchServing, settings: Settings, user: Usuario
) -> tuple[str, str]:
    """Queue a drift report through the API's `POST /inferencias/driftReport/run` endpoint
    function itself (same checks: 503 without a model, 409 without reference or rows);
    the job's id and the API's message."""
    started = run_drift_report(
        session=session, wake=get_wake(request), serving=serving, settings=settings, admin=user
    )
    return started.job_id, started.message
