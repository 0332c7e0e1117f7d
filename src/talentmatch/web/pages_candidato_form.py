"""/app/candidatos/novo and /app/candidatos/{codigo}/editar: a candidate's create and edit
forms (recrutador and up), over the API's upsert (`candidatos.service.upsert_candidato`, with
its guard against re-identifying an anonymised person); an edit made on a version someone
changed since is refused (optimistic locking on `updated_at`). The form shows the personal
data as the role's details page does (CPF masked: left as shown, the stored one is kept)."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from pydantic import ValidationError
from starlette.responses import Response

from talentmatch.auditoria.reads import count_details_read
from talentmatch.candidatos import service as candidatos
from talentmatch.candidatos.models import (
    CandidatoIn,
    FormacaoIdiomasIn,
    InformacoesPessoaisIn,
    InformacoesProfissionaisIn,
    InfosBasicasIn,
)
from talentmatch.candidatos.personal import refuse_reidentification
from talentmatch.core.errors import Conflict, NotFound
from talentmatch.core.levels import NIVEIS_ACADEMICOS, NIVEIS_IDIOMA, NIVEIS_PROFISSIONAIS
from talentmatch.db.dependencies import AuthSessionDep, SystemSessionDep
from talentmatch.db.types import MAX_CODE
from talentmatch.usuarios.models import Usuario
from talentmatch.web import forms
from talentmatch.web.auth import RecrutadorForm, RecrutadorPage
from talentmatch.web.errors import error_page
from talentmatch.web.templating import redirect, render, shown

router = APIRouter(prefix="/app/candidatos")

CodigoProfissional = Annotated[int, Path(ge=1, le=MAX_CODE)]
KEY = "codigo_profissional"
LEVELS = {
    "nivel_profissional": NIVEIS_PROFISSIONAIS,
    "nivel_academico": NIVEIS_ACADEMICOS,
    "nivel_ingles": NIVEIS_IDIOMA,
    "nivel_espanhol": NIVEIS_IDIOMA,
}
CANDIDATO_FORM: tuple[forms.FormSection, ...] = (
    forms.FormSection(
        "infos_basicas",
        "Informações básicas",
        forms.fields_of(
            InfosBasicasIn,
            "infos_basicas",
            only=(
                "nome",
                "email",
                "telefone",
                "telefone_recado",
                "local",
                "objetivo_profissional",
                "sabendo_de_nos_por",
            ),
        ),
    ),
    forms.FormSection(
        "informacoes_pessoais",
        "Informações pessoais",
        forms.fields_of(InformacoesPessoaisIn, "informacoes_pessoais"),
    ),
    forms.FormSection(
        "formacao_e_idiomas",
        "Formação e idiomas",
        forms.fields_of(FormacaoIdiomasIn, "formacao_e_idiomas", choices=LEVELS),
    ),
    forms.FormSection(
        "informacoes_profissionais",
        "Informações profissionais",
        forms.fields_of(InformacoesProfissionaisIn, "informacoes_profissionais", choices=LEVELS),
    ),
    forms.FormSection("", "Currículo", forms.fields_of(CandidatoIn, "", only=("cv_pt", "cv_en"))),
)
REQUIRED = {"infos_basicas.nome": "Informe o nome do candidato."}
HINTS = {
    "informacoes_pessoais.cpf": "Mostrado mascarado: deixe como está para manter o CPF gravado."
}


def _form(
    request: Request,
    *,
    codigo: int | None,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    expected: str | None = None,
    code_text: str = "",
) -> Response:
    errors = errors or {}
    return render(
        request,
        "candidato_form.html",
        {
            "codigo": codigo,
            "spec": CANDIDATO_FORM,
            "values": values,
            "errors": errors,
            "hints": HINTS if codigo is not None else {},
            "expected": expected,
            "code_text": code_text,
            "action": f"/app/candidatos/{codigo}/editar" if codigo else "/app/candidatos/novo",
        },
        status_code=400 if errors else 200,
    )


def _validated(data: dict[str, Any]) -> tuple[CandidatoIn | None, dict[str, str]]:
    try:
        return CandidatoIn.model_validate(data), {}
    except ValidationError as exc:
        return None, forms.validation_errors(exc)


@router.get("/novo")
def new_candidato(request: Request, _user: RecrutadorPage) -> Response:
    """An empty candidate form."""
    return _form(request, codigo=None, values={})


@router.post("/novo")
def create_candidato(
    request: Request, session: SystemSessionDep, _user: RecrutadorForm, form: forms.FormValuesDep
) -> Response:
    """Create a candidate (its code typed, or the next free one); errors shown by their
    fields, nothing written."""
    sent = forms.submitted(CANDIDATO_FORM, form)
    data, changed = forms.merged(CANDIDATO_FORM, {}, {}, sent)
    errors = forms.checked(CANDIDATO_FORM, sent, changed, REQUIRED)
    code_text = form.get(forms.CODE_FIELD, "")
    code, code_error = forms.parse_code(code_text, "do candidato")
    if code_error:
        errors[forms.CODE_FIELD] = code_error
    elif code is not None and candidatos.candidato_exists(
        session=session, codigo_profissional=code
    ):
        errors[forms.CODE_FIELD] = f"Já existe o candidato {code}; escolha outro código."
    infos = {**(data.get("infos_basicas") or {}), **({KEY: code} if code else {})}
    candidato_in, invalid = _validated({**data, "infos_basicas": infos})
    errors = invalid | errors
    if errors or candidato_in is None:
        return _form(request, codigo=None, values=sent, errors=errors, code_text=code_text)
    created, _ = candidatos.upsert_candidato(session=session, candidato_in=candidato_in)
    return redirect(request, f"/app/candidatos/{created}", message=f"Candidato {created} criado.")


def _stored(session: SystemSessionDep, codigo: int, user: Usuario) -> tuple[Any, ...]:
    """The version, the stored record (as the upsert takes it), the values the form shows."""
    root = candidatos.get_candidato(session=session, codigo_profissional=codigo)
    if root is None:
        raise NotFound(f"Candidato {codigo} não encontrado.")
    sections = candidatos.load_section_dicts(session=session, codigo_profissional=codigo)
    base: dict[str, Any] = {
        **(root.extras or {}),
        **{name: data for name, data in sections.items() if data is not None},
        **{name: text for name in ("cv_pt", "cv_en") if (text := getattr(root, name)) is not None},
    }
    base["infos_basicas"] = {**(base.get("infos_basicas") or {}), KEY: codigo}
    details = candidatos.get_candidato_details(session=session, codigo_profissional=codigo)
    seen = shown(details.model_dump(mode="json", exclude_unset=True), user)
    seen |= seen.pop("curriculos", None) or {}
    return root.updated_at.isoformat(), base, forms.displayed(CANDIDATO_FORM, seen)


@router.get("/{codigo_profissional}/editar")
def edit_candidato(
    codigo_profissional: CodigoProfissional,
    request: Request,
    session: SystemSessionDep,
    audit_session: AuthSessionDep,
    user: RecrutadorPage,
) -> Response:
    """The candidate's form with its stored values as the role sees them (and their version)."""
    # The form shows the details: read-limited and audited as the details page.
    count_details_read(
        request.app.state.read_meter, audit_session, user, codigo_profissional, via="web"
    )
    expected, _base, values = _stored(session, codigo_profissional, user)
    return _form(request, codigo=codigo_profissional, values=values, expected=expected)


@router.post("/{codigo_profissional}/editar")
def update_candidato(
    codigo_profissional: CodigoProfissional,
    request: Request,
    session: SystemSessionDep,
    user: RecrutadorForm,
    form: forms.FormValuesDep,
) -> Response:
    """Save the fields changed in the form; 409 page, nothing written, when the candidate was
    changed since the form was opened or the change re-identifies an anonymised person."""
    expected = forms.parse_expected(form)
    _current, base, shown_values = _stored(session, codigo_profissional, user)
    sent = forms.submitted(CANDIDATO_FORM, form)
    data, changed = forms.merged(CANDIDATO_FORM, base, shown_values, sent)
    errors = forms.checked(CANDIDATO_FORM, sent, changed, REQUIRED)
    candidato_in, invalid = _validated(data)
    errors = invalid | errors
    if errors or candidato_in is None:
        return _form(
            request,
            codigo=codigo_profissional,
            values=sent,
            errors=errors,
            expected=form.get(forms.STALE_FIELD),
        )
    target = f"/app/candidatos/{codigo_profissional}"
    try:
        refuse_reidentification(session=session, candidato_in=candidato_in)
        candidatos.upsert_candidato(
            session=session, candidato_in=candidato_in, expected_updated_at=expected
        )
    except Conflict as exc:
        return error_page(request, 409, exc.message, back=f"{target}/editar")
    return redirect(request, target, message=f"Candidato {codigo_profissional} atualizado.")
