"""The seed's `update-tables` and `export-*` endpoints, the same for the three files: one router
per resource path (`/candidatos`, `/vagas`, `/prospects`), composed by api.py."""

from fastapi import APIRouter

from talentmatch.auditoria.models import AuditAction
from talentmatch.auditoria.service import record
from talentmatch.core.dependencies import SettingsDep
from talentmatch.db.dependencies import AuthSessionDep, SystemSessionDep
from talentmatch.decision.importer import Entity
from talentmatch.decision.jobs import start_export, start_import
from talentmatch.jobs.dependencies import StoreDep, WakeDep
from talentmatch.jobs.models import FileKeyIn, JobStarted, OptionalFileKeyIn
from talentmatch.storage.keys import check_not_reserved
from talentmatch.usuarios.dependencies import AdminUser

IMPORT_STARTED = "Tarefa de atualização iniciada em background."


def include_file_jobs(router: APIRouter, entity: Entity, *, export_path: str, label: str) -> None:
    """Add `POST /update-tables` and `POST <export_path>` for `entity` to `router`."""

    @router.post(
        "/update-tables",
        response_model=JobStarted,
        summary=f"Import {entity.file_name}.json from the object store (a background job)",
    )
    def update_tables(
        body: FileKeyIn,
        session: SystemSessionDep,
        audit_session: AuthSessionDep,
        wake: WakeDep,
        store: StoreDep,
        settings: SettingsDep,
        admin: AdminUser,
    ) -> JobStarted:
        check_not_reserved(body.file_key)  # 403: the registry's and drift's own files
        job_id = start_import(
            session=session,
            wake=wake,
            store=store,
            settings=settings,
            entity=entity,
            file_key=body.file_key,
            username=admin.username,
        )
        record(
            audit_session,
            action=AuditAction.importacao_iniciada,
            actor=admin,
            target=f"job:{job_id}",
            details={"entidade": entity.value, "file_key": body.file_key},
        )
        return JobStarted(message=IMPORT_STARTED, job_id=job_id)

    @router.post(
        export_path,
        response_model=JobStarted,
        summary=f"Export {entity.file_name}.json to the object store (a background job)",
    )
    def export(
        session: SystemSessionDep,
        audit_session: AuthSessionDep,
        wake: WakeDep,
        store: StoreDep,
        admin: AdminUser,
        body: OptionalFileKeyIn | None = None,
    ) -> JobStarted:
        if body is not None and body.file_key is not None:
            check_not_reserved(body.file_key)
        job_id = start_export(
            session=session,
            wake=wake,
            store=store,
            entity=entity,
            file_key=body.file_key if body else None,
            username=admin.username,
        )
        record(
            audit_session,
            action=AuditAction.exportacao_iniciada,
            actor=admin,
            target=f"job:{job_id}",
            details={"entidade": entity.value, "file_key": body.file_key if body else None},
        )
        return JobStarted(
            message=f"Tarefa de exportação de {label} iniciada em background.", job_id=job_id
        )


def file_jobs_router(entity: Entity, *, export_path: str, label: str) -> APIRouter:
    """The file routes of `entity`, under its resource's path and tag."""
    router = APIRouter(prefix=f"/{entity.value}", tags=[entity.value])
    include_file_jobs(router, entity, export_path=export_path, label=label)
    return router


candidatos_router = file_jobs_router(
    Entity.candidatos, export_path="/export-applicants", label="candidatos"
)
vagas_router = file_jobs_router(Entity.vagas, export_path="/export-vagas", label="vagas")
prospects_router = file_jobs_router(
    Entity.prospects, export_path="/export-prospects", label="prospects"
)
