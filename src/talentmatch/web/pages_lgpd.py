"""A candidate's LGPD actions in the web app (admin only, as the API's): download the JSON of
the personal-data export, and anonymise behind a confirmation page. Both are audited as the
API's routes, with `details.via = "web"`, and both are POST forms (CSRF-checked): the export
leaves an audit entry, so no link from another site may cause it."""

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from starlette.responses import Response

from talentmatch.auditoria.models import AuditAction
from talentmatch.auditoria.service import record
from talentmatch.candidatos import service as candidatos
from talentmatch.db.dependencies import AuthSessionDep, SystemSessionDep
from talentmatch.db.types import MAX_CODE
from talentmatch.lgpd import service as lgpd
from talentmatch.lgpd.dependencies import ErasureListenersDep
from talentmatch.web.auth import AdminForm, AdminPage
from talentmatch.web.templating import redirect, render

router = APIRouter(prefix="/app/candidatos")

CodigoProfissional = Annotated[int, Path(ge=1, le=MAX_CODE)]
WRONG_CONFIRMATION = "A confirmação não confere: digite o código do candidato para anonimizar."


@router.post("/{codigo_profissional}/dados-pessoais")
def download_personal_data(
    codigo_profissional: CodigoProfissional,
    session: SystemSessionDep,
    audit_session: AuthSessionDep,
    admin: AdminForm,
) -> Response:
    """The API's `dados-pessoais` answer (everything held, unmasked) as a JSON file."""
    data = lgpd.personal_data(session=session, codigo_profissional=codigo_profissional)
    # Recorded before the answer leaves: no audit entry, no data.
    record(
        audit_session,
        action=AuditAction.dados_pessoais_lidos,
        actor=admin,
        target=f"candidato:{codigo_profissional}",
        details={"via": "web"},
    )
    name = f"candidato-{codigo_profissional}-dados-pessoais.json"
    return Response(
        content=data.model_dump_json(indent=2),
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


def _confirmation(
    request: Request,
    session: SystemSessionDep,
    codigo: int,
    error: str | None = None,
) -> Response:
    details = candidatos.get_candidato_details(session=session, codigo_profissional=codigo)
    return render(
        request,
        "anonimizar.html",
        {"codigo": codigo, "nome": details.infos_basicas.get("nome"), "error": error},
        status_code=400 if error else 200,
    )


@router.get("/{codigo_profissional}/anonimizar")
def confirm_anonymise(
    codigo_profissional: CodigoProfissional,
    request: Request,
    session: SystemSessionDep,
    _admin: AdminPage,
) -> Response:
    """The confirmation step: the candidate's name, what goes, and the code to type."""
    return _confirmation(request, session, codigo_profissional)


@router.post("/{codigo_profissional}/anonimizar")
def anonymise(
    codigo_profissional: CodigoProfissional,
    request: Request,
    session: SystemSessionDep,
    audit_session: AuthSessionDep,
    listeners: ErasureListenersDep,
    admin: AdminForm,
    confirmacao: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Anonymise once the candidate's code was typed; otherwise the confirmation again."""
    if confirmacao.strip() != str(codigo_profissional):
        return _confirmation(request, session, codigo_profissional, WRONG_CONFIRMATION)
    removed = lgpd.anonymize_audited(
        session=session,
        audit_session=audit_session,
        listeners=listeners,
        admin=admin,
        codigo_profissional=codigo_profissional,
        via="web",
    ).campos_removidos
    return redirect(
        request,
        f"/app/candidatos/{codigo_profissional}",
        message=f"Dados pessoais do candidato {codigo_profissional} removidos ({removed} campos).",
    )
