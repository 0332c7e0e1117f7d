"""POST /app/arquivos/enviar (admin): a Decision file sent from the Arquivos page into the
store's raw/ prefix, streamed as it arrives (`web.upload`), then listed for import.

The endpoint is sync (the store's writes block): it pulls the body's chunks from the event
loop one at a time, so only one chunk is in memory."""

from collections.abc import Iterator

import anyio.from_thread
from fastapi import APIRouter, Request
from starlette.requests import ClientDisconnect
from starlette.responses import Response

from talentmatch.auditoria.models import AuditAction
from talentmatch.auditoria.service import record
from talentmatch.core.dependencies import SettingsDep
from talentmatch.core.errors import InvalidInput
from talentmatch.db.dependencies import AuthSessionDep
from talentmatch.usuarios.sessions import OpenSession
from talentmatch.web.auth import AdminPage
from talentmatch.web.jobs_calls import StoreDep
from talentmatch.web.templating import redirect
from talentmatch.web.upload import INTERRUPTED, UPLOAD_PATH, receive_upload

router = APIRouter()


def _chunks(request: Request) -> Iterator[bytes]:
    stream = request.stream()

    async def next_chunk() -> bytes | None:
        try:
            return await stream.__anext__()
        except StopAsyncIteration:
            return None

    while True:
        try:
            chunk = anyio.from_thread.run(next_chunk)
        except ClientDisconnect as exc:  # or the guard stopped a body over its limit
            raise InvalidInput(INTERRUPTED) from exc
        if chunk is None:
            return
        if chunk:
            yield chunk


@router.post(UPLOAD_PATH)
def upload_file_page(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    audit_session: AuthSessionDep,
    user: AdminPage,
) -> Response:
    """Store the form's file under raw/ (CSRF field first), audit it, back to the list."""
    opened: OpenSession = request.state.web_session
    key, size = receive_upload(
        content_type=request.headers.get("content-type", ""),
        chunks=_chunks(request),
        store=store,
        csrf_token=opened.csrf_token,
        max_bytes=settings.import_max_bytes,
    )
    record(
        audit_session,
        action=AuditAction.arquivo_enviado,
        actor=user,
        target=f"arquivo:{key}",
        details={"file_key": key, "bytes": size, "via": "web"},
    )
    return redirect(
        request,
        "/app/arquivos",
        message=f"Arquivo '{key}' enviado ({size} bytes); escolha abaixo como importá-lo.",
    )
