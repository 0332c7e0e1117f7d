"""/app/arquivos and /app/tarefas (admin): the Decision files in the store's raw/ prefix, the
recent jobs, starting an import or an export, a job's live progress and an export's download.

Every call into the job infrastructure goes through `web.jobs_calls`."""

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.responses import Response

from talentmatch.core.dependencies import SettingsDep
from talentmatch.core.errors import NotFound
from talentmatch.db.dependencies import AuthSessionDep, SystemSessionDep
from talentmatch.decision.importer import Entity
from talentmatch.storage import ObjectStore
from talentmatch.web import jobs_calls
from talentmatch.web.auth import AdminForm, AdminPage
from talentmatch.web.jobs_calls import StoreDep
from talentmatch.web.templating import redirect, render
from talentmatch.web.upload import FILE_FIELD, UPLOAD_PATH

router = APIRouter(prefix="/app")

RAW_PREFIX = "raw/"
RECENT_JOBS = 20
CHUNK = 256 * 1024
JobId = Annotated[str, Path(min_length=1, max_length=64)]
ENTITY_LABELS = {
    Entity.candidatos: "Candidatos (applicants.json)",
    Entity.vagas: "Vagas (vagas.json)",
    Entity.prospects: "Prospects (prospects.json)",
}
KIND_LABELS = {
    "import_candidatos": "Importação de candidatos",
    "import_vagas": "Importação de vagas",
    "import_prospects": "Importação de prospects",
    "export_candidatos": "Exportação de candidatos",
    "export_vagas": "Exportação de vagas",
    "export_prospects": "Exportação de prospects",
    "drift_report": "Relatório de drift",
    "retention": "Retenção",
}
STATUS_LABELS = {
    "queued": "Na fila",
    "running": "Em andamento",
    "succeeded": "Concluída",
    "failed": "Falhou",
    "cancelled": "Cancelada",
}


def guess_entity(key: str) -> Entity | None:
    """The entity a Decision file's name says (`raw/applicants.json` → candidatos)."""
    name = key.rsplit("/", 1)[-1].casefold()
    for entity in Entity:
        if name.startswith(entity.file_name) or name.startswith(entity.value):
            return entity
    return None


def _raw_files(store: ObjectStore) -> list[dict[str, Any]]:
    return [
        {
            "key": info.key,
            "size_mib": f"{info.size / 1024**2:,.1f}".replace(",", " ").replace(".", ","),
            "size": info.size,
            "modified": info.last_modified.isoformat()[:16].replace("T", " "),
            "entity": guess_entity(info.key),
        }
        for info in store.list(RAW_PREFIX)
    ]


def labelled(job: dict[str, Any]) -> dict[str, Any]:
    """A job's values with its kind and status in Portuguese."""
    return {
        **job,
        "kind_label": KIND_LABELS.get(job["kind"], job["kind"]),
        "status_label": STATUS_LABELS.get(job["status"], job["status"]),
    }


@router.get("/arquivos")
def files_page(
    request: Request,
    session: SystemSessionDep,
    store: StoreDep,
    settings: SettingsDep,
    user: AdminPage,
) -> Response:
    """The files in raw/ (each with an import form), the upload form, the export buttons,
    the recent jobs."""
    total, jobs = jobs_calls.recent_jobs(session=session, limit=RECENT_JOBS)
    return render(
        request,
        "arquivos.html",
        {
            "files": _raw_files(store),
            "raw_prefix": RAW_PREFIX,
            "entities": list(ENTITY_LABELS.items()),
            "jobs": [labelled(job) for job in jobs],
            "jobs_total": total,
            "upload_path": UPLOAD_PATH,
            "upload_field": FILE_FIELD,
            "upload_max_mib": f"{settings.import_max_bytes / 1024**2:,.0f}".replace(",", " "),
        },
    )


@router.post("/arquivos/importar")
def start_import_page(
    request: Request,
    session: SystemSessionDep,
    audit_session: AuthSessionDep,
    store: StoreDep,
    settings: SettingsDep,
    user: AdminForm,
    entity: Annotated[Entity, Form()],
    file_key: Annotated[str, Form(min_length=1, max_length=1024)],
) -> Response:
    """Queue the import of a file (as `POST /{entity}/update-tables`), then watch it."""
    job_id = jobs_calls.begin_import(
        session=session,
        audit_session=audit_session,
        request=request,
        store=store,
        settings=settings,
        entity=entity,
        file_key=file_key,
        user=user,
    )
    return redirect(
        request, f"/app/tarefas/{job_id}", message=f"Importação de '{file_key}' iniciada."
    )


@router.post("/arquivos/exportar")
def start_export_page(
    request: Request,
    session: SystemSessionDep,
    audit_session: AuthSessionDep,
    store: StoreDep,
    user: AdminForm,
    entity: Annotated[Entity, Form()],
) -> Response:
    """Queue the export of a file to exports/ (as `POST /{entity}/export-*`), then watch it."""
    job_id = jobs_calls.begin_export(
        session=session,
        audit_session=audit_session,
        request=request,
        store=store,
        entity=entity,
        user=user,
    )
    return redirect(request, f"/app/tarefas/{job_id}", message="Exportação iniciada.")


@router.get("/tarefas/{job_id}")
def job_page(
    job_id: JobId, request: Request, session: SystemSessionDep, user: AdminPage
) -> Response:
    """A job's state; the page's script follows it live (a reload link without script)."""
    job = labelled(jobs_calls.job_view(session=session, job_id=job_id))
    return render(request, "tarefa.html", {"job": job})


@router.post("/tarefas/{job_id}/cancelar")
def cancel_job_page(
    job_id: JobId, request: Request, session: SystemSessionDep, user: AdminForm
) -> Response:
    """Cancel the job (as `POST /api/v1/jobs/{id}/cancel`): a queued one at once, a running
    one at its next progress report; a finished one answers the API's refusal (409 page)."""
    job = jobs_calls.cancel_job(session=session, job_id=job_id)
    message = (
        "Tarefa cancelada."
        if job["status"] == "cancelled"
        else "Cancelamento pedido: a tarefa para no próximo relato de progresso."
    )
    return redirect(request, f"/app/tarefas/{job_id}", message=message)


@router.get("/tarefas/{job_id}/progress.json")
def job_progress(job_id: JobId, session: SystemSessionDep, user: AdminPage) -> JSONResponse:
    """The job's progress for the page's script: status, done/total, counts, rejections."""
    job = labelled(jobs_calls.job_view(session=session, job_id=job_id))
    keys = ("id", "status", "status_label", "finished", "progress", "counts", "errors")
    values = {key: job[key] for key in keys}
    values["message"] = job["message"]
    values["download"] = _download_url(job)
    return JSONResponse(values, headers={"Cache-Control": "no-store"})


def _download_url(job: dict[str, Any]) -> str | None:
    ok = job["status"] == "succeeded" and str(job["kind"]).startswith("export_")
    return f"/app/tarefas/{job['id']}/download" if ok and job["output_key"] else None


@router.get("/tarefas/{job_id}/download")
def download_export(
    job_id: JobId, session: SystemSessionDep, store: StoreDep, user: AdminPage
) -> StreamingResponse:
    """The file a finished export wrote, streamed (never held whole in memory)."""
    job = jobs_calls.job_view(session=session, job_id=job_id)
    if _download_url(job) is None:
        raise NotFound("Esta tarefa não tem arquivo exportado para baixar.")
    key: str = job["output_key"]
    size = store.size(key)

    def chunks() -> Iterator[bytes]:
        with store.open_read(key) as stream:
            while chunk := stream.read(CHUNK):
                yield chunk

    name = key.rsplit("/", 1)[-1]
    return StreamingResponse(
        chunks(),
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Content-Length": str(size),
            "Cache-Control": "no-store",
        },
    )
