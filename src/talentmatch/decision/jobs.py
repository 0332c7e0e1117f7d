"""Import and export jobs of Decision's files: checked at request time, run in background."""

from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from talentmatch.core.config import Settings
from talentmatch.decision.exporter import ExportResult, export_file
from talentmatch.decision.importer import Entity, ImportResult, import_file
from talentmatch.jobs import service
from talentmatch.jobs.dependencies import Wake
from talentmatch.jobs.kinds import JobKinds
from talentmatch.jobs.models import Job, JobKind
from talentmatch.jobs.runner import JobFunction, JobOutcome
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


def _export_values(result: ExportResult) -> dict[str, Any]:
    return {"total": result.total, "done": result.done, "output_key": result.output_key}


def import_work(
    *, job_id: str, entity: Entity, key: str, store: ObjectStore, settings: Settings, engine: Engine
) -> JobFunction:
    """The body of an import job."""

    def work(progress: Any) -> JobOutcome:
        result = import_file(
            entity,
            store=store,
            key=key,
            engine=engine,
            batch_size=settings.import_batch_size,
            max_bytes=settings.import_max_bytes,
            max_record_bytes=settings.import_max_record_bytes,
            changed_by=f"import:{job_id}",
            progress=lambda r: progress(**_import_values(r)),
        )
        return JobOutcome(values=_import_values(result))

    return work


def export_work(
    *, entity: Entity, key: str | None, store: ObjectStore, engine: Engine
) -> JobFunction:
    """The body of an export job."""

    def work(progress: Any) -> JobOutcome:
        result = export_file(
            entity,
            engine=engine,
            store=store,
            key=key,
            progress=lambda r: progress(**_export_values(r)),
        )
        return JobOutcome(values=_export_values(result))

    return work


def register(kinds: JobKinds, *, store: ObjectStore, settings: Settings, engine: Engine) -> None:
    """Register the imports and exports of the three files: how a worker runs a queued row."""
    imports = {kind: entity for entity, kind in IMPORT_KINDS.items()}
    exports = {kind: entity for entity, kind in EXPORT_KINDS.items()}

    def resume(job: Job) -> JobFunction | None:
        if job.kind in imports and job.file_key:
            return import_work(
                job_id=job.id,
                entity=imports[job.kind],
                key=job.file_key,
                store=store,
                settings=settings,
                engine=engine,
            )
        if job.kind in exports:
            return export_work(
                entity=exports[job.kind], key=job.file_key, store=store, engine=engine
            )
        return None

    kinds.register([*imports, *exports], resume)


def start_import(
    *,
    session: Session,
    wake: Wake,
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
    wake()  # a worker builds the body from the row (`register`'s resume)
    return job_id


def start_export(
    *,
    session: Session,
    wake: Wake,
    store: ObjectStore,
    entity: Entity,
    file_key: str | None,
    username: str,
) -> str:
    """Queue the export of `entity` to `file_key` (a timestamped key under exports/ if None)."""
    key = validate_key(file_key) if file_key else None
    store.check_available()  # a store that is down answers 503 now, not a failed job later
    job_id = service.create_job(
        session=session, kind=EXPORT_KINDS[entity], created_by=username, file_key=key
    ).id
    wake()
    return job_id
