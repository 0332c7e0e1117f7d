"""Background jobs (imports, exports, drift reports): their state lives in the system database."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from pydantic import Field as PydanticField
from sqlalchemy import JSON, Index, text
from sqlalchemy import Enum as SAEnum
from sqlmodel import Field

from talentmatch.db.bases import SystemBase
from talentmatch.db.types import UTCDateTime, utcnow

# At most one retention job queued or running at a time, whichever worker schedules it.
_ACTIVE_RETENTION = text("kind = 'retention' AND status IN ('queued', 'running')")


class JobStatus(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"


class JobKind(StrEnum):
    import_candidatos = "import_candidatos"
    import_vagas = "import_vagas"
    import_prospects = "import_prospects"
    export_candidatos = "export_candidatos"
    export_vagas = "export_vagas"
    export_prospects = "export_prospects"
    drift_report = "drift_report"
    retention = "retention"


class Job(SystemBase, table=True):
    """One run of a job: what, on which key, how far, and how it ended."""

    __table_args__ = (
        Index(
            "uq_job_active_retention",
            "kind",
            unique=True,
            sqlite_where=_ACTIVE_RETENTION,
            postgresql_where=_ACTIVE_RETENTION,
        ),
    )

    id: str = Field(primary_key=True, max_length=32)
    kind: JobKind = Field(sa_type=SAEnum(JobKind, native_enum=False, length=32), index=True)
    status: JobStatus = Field(
        default=JobStatus.queued,
        sa_type=SAEnum(JobStatus, native_enum=False, length=16),
        index=True,
    )
    file_key: str | None = Field(default=None, max_length=1024)
    output_key: str | None = Field(default=None, max_length=1024)
    total: int | None = None
    done: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    report: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    errors: list[dict[str, Any]] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    message: str | None = Field(default=None, max_length=4000)
    created_by: str = Field(max_length=255)
    worker: str | None = Field(default=None, max_length=255)
    # Higher runs first (a drift report before queued imports); ties: oldest first.
    priority: int = Field(default=0, index=True)
    # Claims so far: fences a worker that lost the job (its writes name an older attempt).
    attempts: int = 0
    cancel_requested: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    heartbeat_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)


class JobPublic(BaseModel):
    """A job as the API shows it."""

    id: str
    kind: JobKind
    status: JobStatus
    file_key: str | None
    output_key: str | None
    progress: dict[str, int | None]
    counts: dict[str, int]
    report: dict[str, Any] | None
    errors: list[dict[str, Any]]
    message: str | None
    attempts: int
    cancel_requested: bool
    worker: str | None
    created_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @classmethod
    def from_job(cls, job: Job) -> "JobPublic":
        """The public view of a stored job."""
        return cls(
            id=job.id,
            kind=job.kind,
            status=job.status,
            file_key=job.file_key,
            output_key=job.output_key,
            progress={"done": job.done, "total": job.total},
            counts={
                "inserted": job.inserted,
                "updated": job.updated,
                "unchanged": job.unchanged,
                "rejected": job.rejected,
            },
            report=job.report,
            errors=job.errors or [],
            message=job.message,
            attempts=job.attempts,
            cancel_requested=job.cancel_requested,
            worker=job.worker,
            created_by=job.created_by,
            created_at=job.created_at,
            started_at=job.started_at,
            finished_at=job.finished_at,
        )


class JobsPage(BaseModel):
    total: int
    offset: int
    limit: int
    data: list[JobPublic]


class FileKeyIn(BaseModel):
    """The key of a file inside the configured object store."""

    file_key: str = PydanticField(min_length=1, max_length=1024, examples=["raw/applicants.json"])


class OptionalFileKeyIn(BaseModel):
    """Where an export writes; `exports/<file>-<timestamp>.json` when omitted."""

    file_key: str | None = PydanticField(default=None, min_length=1, max_length=1024)


class JobStarted(BaseModel):
    message: str
    job_id: str
