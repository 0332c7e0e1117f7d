"""/app/vagas/nova and /app/vagas/{codigo}/editar: a vaga's create and edit forms (recrutador
and up), over the API's upsert (`vagas.service.upsert_vaga`); an edit made on a version of the
vaga that someone changed since is refused (optimistic locking on `updated_at`)."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from pydantic import ValidationError
from starlette.responses import Response

from talentmatch.core.errors import Conflict, NotFound
from talentmatch.core.levels import NIVEIS_ACADEMICOS, NIVEIS_IDIOMA, NIVEIS_PROFISSIONAIS
from talentmatch.db.dependencies import SystemSessionDep
from talentmatch.db.types import MAX_CODE
from talentmatch.usuarios.models import Usuario
from talentmatch.vagas import service as vagas
from talentmatch.vagas.models import VagaBeneficiosIn, VagaIn, VagaInfosBasicasIn, VagaPerfilIn
from talentmatch.web import forms
from talentmatch.web.auth import RecrutadorForm, RecrutadorPage
from talentmatch.web.errors import error_page
from talentmatch.web.templating import redirect, render, shown

router = APIRouter(prefix="/app/vagas")

CodigoVaga = Annotated[int, Path(ge=1, le=MAX_CODE)]
LEVELS = {
    "nivel_profissional": NIVEIS_PROFISSIONAIS,
    "nivel_academico": NIVEIS_ACADEMICOS,
    "nivel_ingles": NIVEIS_IDIOMA,
    "nivel_espanhol": NIVEIS_IDIOMA,
}
KEY = frozenset({"codigo_vaga"})
VAGA_FORM: tuple[forms.FormSection, ...] = (
    forms.FormSection(
        "infos_basicas",
        "Informações básicas",
        forms.fields_of(VagaInfosBasicasIn, "infos_basicas", exclude=KEY),
    ),
    forms.FormSection(
        "perfil",
        "Perfil da vaga",
        forms.fields_of(VagaPerfilIn, "perfil", exclude=KEY, choices=LEVELS),
    ),
    forms.FormSection(
        "beneficios", "Benefícios", forms.fields_of(VagaBeneficiosIn, "beneficios", exclude=KEY)
    ),
)
REQUIRED = {"infos_basicas.titulo_vaga": "Informe o título da vaga."}


def _form(
    request: Request,
    *,
    codigo_vaga: int | None,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    expected: str | None = None,
    code_text: str = "",
) -> Response:
    errors = errors or {}
    editing = codigo_vaga is not None
    return render(
        request,
        "vaga_form.html",
        {
            "codigo_vaga": codigo_vaga,
            "spec": VAGA_FORM,
            "values": values,
            "errors": errors,
            "expected": expected,
            "code_text": code_text,
            "action": f"/app/vagas/{codigo_vaga}/editar" if editing else "/app/vagas/nova",
            "titulo": values.get("infos_basicas.titulo_vaga") or "",
        },
        status_code=400 if errors else 200,
    )


def _validated(record: dict[str, Any]) -> tuple[VagaIn | None, dict[str, str]]:
    try:
        return VagaIn.model_validate(record), {}
    except ValidationError as exc:
        return None, forms.validation_errors(exc)


@router.get("/nova")
def new_vaga(request: Request, _user: RecrutadorPage) -> Response:
    """An empty vaga form."""
    return _form(request, codigo_vaga=None, values={})


@router.post("/nova")
def create_vaga(
    request: Request, session: SystemSessionDep, _user: RecrutadorForm, form: forms.FormValuesDep
) -> Response:
    """Create a vaga (its code typed, or the next free one); errors shown by their fields,
    nothing written."""
    sent = forms.submitted(VAGA_FORM, form)
    record, changed = forms.merged(VAGA_FORM, {}, {}, sent)
    errors = forms.checked(VAGA_FORM, sent, changed, REQUIRED)
    code_text = form.get(forms.CODE_FIELD, "")
    code, code_error = forms.parse_code(code_text, "da vaga")
    if code_error:
        errors[forms.CODE_FIELD] = code_error
    elif code is not None and vagas.get_vaga(session=session, codigo_vaga=code) is not None:
        errors[forms.CODE_FIELD] = f"Já existe a vaga {code}; escolha outro código ou edite-a."
    vaga_in, invalid = _validated({**record, "codigo_vaga": code})
    errors = invalid | errors
    if errors or vaga_in is None:
        return _form(request, codigo_vaga=None, values=sent, errors=errors, code_text=code_text)
    created, _ = vagas.upsert_vaga(session=session, vaga_in=vaga_in)
    return redirect(request, f"/app/vagas/{created}", message=f"Vaga {created} criada.")


def _stored(session: SystemSessionDep, codigo_vaga: int, user: Usuario) -> tuple[Any, ...]:
    root = vagas.get_vaga(session=session, codigo_vaga=codigo_vaga)
    if root is None:
        raise NotFound(f"Vaga {codigo_vaga} não encontrada.")
    base = vagas.get_vaga_sections(session=session, codigo_vaga=codigo_vaga).model_dump(mode="json")
    return root.updated_at.isoformat(), base, forms.displayed(VAGA_FORM, shown(base, user))


@router.get("/{codigo_vaga}/editar")
def edit_vaga(
    codigo_vaga: CodigoVaga, request: Request, session: SystemSessionDep, user: RecrutadorPage
) -> Response:
    """The vaga's form with its stored values (and the version they are of)."""
    expected, _base, values = _stored(session, codigo_vaga, user)
    return _form(request, codigo_vaga=codigo_vaga, values=values, expected=expected)


@router.post("/{codigo_vaga}/editar")
def update_vaga(
    codigo_vaga: CodigoVaga,
    request: Request,
    session: SystemSessionDep,
    user: RecrutadorForm,
    form: forms.FormValuesDep,
) -> Response:
    """Save the fields changed in the form; 409 page, nothing written, when the vaga was
    changed since the form was opened."""
    expected = forms.parse_expected(form)
    _current, base, shown_values = _stored(session, codigo_vaga, user)
    sent = forms.submitted(VAGA_FORM, form)
    record, changed = forms.merged(VAGA_FORM, base, shown_values, sent)
    errors = forms.checked(VAGA_FORM, sent, changed, REQUIRED)
    vaga_in, invalid = _validated(record)
    errors = invalid | errors
    if errors or vaga_in is None:
        return _form(
            request,
            codigo_vaga=codigo_vaga,
            values=sent,
            errors=errors,
            expected=form.get(forms.STALE_FIELD),
        )
    target = f"/app/vagas/{codigo_vaga}"
    try:
        vagas.upsert_vaga(session=session, vaga_in=vaga_in, expected_updated_at=expected)
    except Conflict as exc:
        return error_page(request, 409, exc.message, back=f"{target}/editar")
    return redirect(request, target, message=f"Vaga {codigo_vaga} atualizada.")
