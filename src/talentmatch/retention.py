"""Retention: the tables that only grow are purged of rows older than their settings allow.

Four purges, each in its owning package (prediction log, finished jobs: system database;
login attempts, audit events: auth database), composed here because they span both databases.
They run as the `retention` job (one queued or running at a time, scheduled by
`schedule_retention`) or now with `talentmatch purge`. Each run ends with one audit event of
what it deleted (counts and cutoffs, no personal data), written after the audit purge.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from talentmatch.auditoria.models import AuditAction
from talentmatch.auditoria.retention import purge_audit_events
from talentmatch.auditoria.service import record
from talentmatch.core.config import Settings
from talentmatch.core.errors import Conflict
from talentmatch.db.engines import make_engine
from talentmatch.db.types import utcnow
from talentmatch.features.retention import purge_prediction_log
from talentmatch.jobs import service
from talentmatch.jobs.dependencies import Wake
from talentmatch.jobs.kinds import JobKinds
from talentmatch.jobs.models import Job, JobKind, JobStatus
from talentmatch.jobs.retention import purge_finished_jobs
from talentmatch.jobs.runner import JobFunction, JobOutcome
from talentmatch.usuarios.retention import purge_login_attempts

# Who a scheduled purge is created by (the job's created_by, the audit event's actor).
SCHEDULER = "system:retention"
ACTIVE = (JobStatus.queued, JobStatus.running)


@dataclass(frozen=True)
class Cutoffs:
    """Rows older than these are purged."""

    prediction_log: datetime
    jobs: datetime
    login_attempts: datetime
    audit_events: datetime

    @classmethod
    def from_settings(cls, settings: Settings, now: datetime) -> "Cutoffs":
        """The cutoffs the RETENTION_*_DAYS settings give at `now`."""
        return cls(
            prediction_log=now - timedelta(days=settings.retention_prediction_log_days),
            jobs=now - timedelta(days=settings.retention_jobs_days),
            login_attempts=now - timedelta(days=settings.retention_login_attempts_days),
            audit_events=now - timedelta(days=settings.retention_audit_days),
        )

    def as_dict(self) -> dict[str, str]:
        """Each table's cutoff, in ISO 8601."""
        return {name: moment.isoformat() for name, moment in vars(self).items()}


def purge(
    *,
    system: Engine,
    auth: Engine,
    settings: Settings,
    actor: str,
    progress: Callable[..., None] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Run the four purges; the rows deleted per table and the cutoffs used.

    `progress(done=...)` is told the running total after every batch (a job's heartbeat).
    """
    cutoffs = Cutoffs.from_settings(settings, now or utcnow())
    batch = settings.retention_batch_size
    deleted: dict[str, int] = {}

    def after_batch(total: int) -> None:
        if progress is not None:
            progress(done=sum(deleted.values()) + total)

    options: dict[str, Any] = {"batch_size": batch, "after_batch": after_batch}
    with Session(system) as session:
        deleted["prediction_log"] = purge_prediction_log(
            session, before=cutoffs.prediction_log, **options
        )
        deleted["jobs"] = purge_finished_jobs(session, before=cutoffs.jobs, **options)
    with Session(auth) as session:
        deleted["login_attempts"] = purge_login_attempts(
            session, before=cutoffs.login_attempts, **options
        )
        deleted["audit_events"] = purge_audit_events(
            session, before=cutoffs.audit_events, **options
        )
        # After the audit purge, so that this event is never purged by the run it describes.
        summary = {"deleted": dict(deleted), "cutoffs": cutoffs.as_dict()}
        record(
            session,
            action=AuditAction.retencao_executada,
            actor_username=actor,
            target="retencao",
            details={**summary, "batch_size": batch},
        )
    return summary


def retention_work(
    *, settings: Settings, engine: Engine, auth_engine: Engine | None, actor: str
) -> JobFunction:
    """The body of a retention job (an auth engine of its own when none is given)."""

    def work(progress: Any) -> JobOutcome:
        auth = auth_engine or make_engine(
            settings.resolved_auth_database_url,
            busy_timeout_ms=settings.sqlite_busy_timeout_ms,
            connect_timeout_s=settings.database_connect_timeout_s,
        )
        try:
            summary = purge(
                system=engine, auth=auth, settings=settings, actor=actor, progress=progress
            )
        finally:
            if auth_engine is None:
                auth.dispose()
        total = sum(summary["deleted"].values())
        return JobOutcome(
            values={"total": total, "done": total, "report": summary},
            message=f"Retenção: {total} linhas removidas.",
        )

    return work


def register(
    kinds: JobKinds, *, settings: Settings, engine: Engine, auth_engine: Engine | None = None
) -> None:
    """Register the retention job (resumed after a restart: a purge is idempotent)."""

    def resume(job: Job) -> JobFunction | None:
        return retention_work(
            settings=settings, engine=engine, auth_engine=auth_engine, actor=job.created_by
        )

    kinds.register([JobKind.retention], resume)


def _active(session: Session) -> bool:
    statement = select(Job.id).where(
        col(Job.kind) == JobKind.retention, col(Job.status).in_(ACTIVE)
    )
    return session.exec(statement).first() is not None


def _create(session: Session, created_by: str) -> str | None:
    # The unique partial index uq_job_active_retention refuses a second active one, so two
    # workers scheduling at the same instant still queue one job.
    if _active(session):
        return None
    try:
        return service.create_job(session=session, kind=JobKind.retention, created_by=created_by).id
    except IntegrityError:
        session.rollback()
        return None


def schedule_retention(*, engine: Engine, created_by: str = SCHEDULER) -> str | None:
    """Queue a retention job unless one is queued or running; its id, or None.

    A plain callable for a worker's periodic hook: every worker may call it each
    RETENTION_INTERVAL_S, and one purge at a time is queued; a worker claims it as any job.
    """
    with Session(engine) as session:
        return _create(session, created_by)


def start_retention(*, session: Session, wake: Wake, username: str) -> str:
    """Queue a retention job and wake this process's worker; Conflict when one is active."""
    job_id = _create(session, username)
    if job_id is None:
        raise Conflict("Já existe uma purga de retenção na fila ou em execução.")
    wake()  # a worker builds the body from the row (`register`'s resume)
    return job_id
