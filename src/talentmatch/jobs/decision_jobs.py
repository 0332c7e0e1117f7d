"""Import and export jobs of Decision's files: checked at request time, run in background."""

from typing import Any

from sqlmodel import Session

from talentmatch.core.config import Settings
from talentmatch.decision.exporter import ExportResult, export_file
from talentmatch.decision.importer import Entity, ImportResult, import_file
from talentmatch.jobs import service
from talentmatch.jobs.models import JobKind
from talentmatch.jobs.runner import JobOutcome, JobRunner
from talentmatch.storage import ObjectStore, check_size, validate_key

IMPORT_KINDS = {
    Entity.candidatos: JobKind.import_candidatos,
    Entity.vagas: JobKind.import_vagas,
    Entity.prospects: JobKind.import_prospects,
}
EXPORT_KINDS = {
    Entity.candidatos: JobKind.export_candidatos,
    Entity.vagas: JobKind.export_vagas,
    Entity.prospects: JobKind.export_prospects,
}


def _import_values(result: ImportResult) -> dict[str, Any]:
    return {
        "total": result.total,
        "done": result.done,
        "inserted": result.inserted,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "rejected": result.rejected,
        "errors": list(result.errors),
        "report": {name: dict(value) for name, value in result.report.items()},
    }


def start_import(
    *,
    session: Session,
    runner: JobRunner,
    store: ObjectStore,
    settings: Settings,
    entity: Entity,
    file_key: str,
    username: str,
) -> str:
    """Queue the import of `file_key`; a bad key, a missing or oversized file fail now."""
    key = validate_key(file_key)
    check_size(store, key, settings.import_max_bytes)
    job_id = service.create_job(
        session=session, kind=IMPORT_KINDS[entity], created_by=username, file_key=key
    ).id

    def work(progress: Any) -> JobOutcome:
        result = import_file(
            entity,
            store=store,
            key=key,
            engine=runner.engine,
            batch_size=settings.import_batch_size,
            max_bytes=settings.import_max_bytes,
            changed_by=f"import:{job_id}",
            progress=lambda r: progress(**_import_values(r)),
        )
        return JobOutcome(values=_import_values(result))

    runner.submit(job_id, work)
    return job_id


def start_export(
    *,
    session: Session,
    runner: JobRunner,
    store: ObjectStore,
    entity: Entity,
    file_key: str | None,
    username: str,
) -> str:
    """Queue the export of `entity` to `file_key` (a timestamped key under exports/ if None)."""
    key = validate_key(file_key) if file_key else None
    job_id = service.create_job(session=session, kind=EXPORT_KINDS[entity], created_by=username).id

    def values(result: ExportResult) -> dict[str, Any]:
        return {"total": result.total, "done": result.done, "output_key": result.output_key}

    def work(progress: Any) -> JobOutcome:
        result = export_file(
            entity,
            engine=runner.engine,
            store=store,
            key=key,
            progress=lambda r: progress(**values(r)),
        )
        return JobOutcome(values=values(result))

    runner.submit(job_id, work)
    return job_id
