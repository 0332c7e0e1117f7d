"""The create/edit forms of vagas and candidatos: the fields each section offers (from the
API's input models), a form's values laid over the stored record, and the errors, in
Portuguese, next to their fields.

An edit sends the whole record the API's upsert takes: the stored sections (unknown keys and
fields the form does not show included) with only the fields the user changed replaced. A
field is changed when its value differs from the one the form showed (minimised as the role
sees it: a masked CPF left as shown keeps the stored CPF).
"""

import copy
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Final

from annotated_types import MaxLen
from fastapi import Depends, Request
from pydantic import ValidationError
from sqlalchemy import Text
from sqlmodel import SQLModel

from talentmatch.core.errors import InvalidInput
from talentmatch.db.types import MAX_CODE

EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
STALE_FIELD: Final = "expected_updated_at"
CODE_FIELD: Final = "codigo"

LABELS: Final[dict[str, str]] = {
    "titulo_vaga": "Título da vaga",
    "data_requisicao": "Data da requisição",
    "limite_esperado_para_contratacao": "Limite esperado para contratação",
    "vaga_sap": "Vaga SAP",
    "solicitante_cliente": "Solicitante do cliente",
    "empresa_divisao": "Empresa / divisão",
    "analista_responsavel": "Analista responsável",
    "tipo_contratacao": "Tipo de contratação",
    "prazo_contratacao": "Prazo de contratação",
    "objetivo_vaga": "Objetivo da vaga",
    "prioridade_vaga": "Prioridade da vaga",
    "origem_vaga": "Origem da vaga",
    "nome_substituto": "Nome do substituto",
    "pais": "País",
    "regiao": "Região",
    "local_trabalho": "Local de trabalho",
    "vaga_especifica_para_pcd": "Vaga específica para PcD",
    "faixa_etaria": "Faixa etária",
    "horario_trabalho": "Horário de trabalho",
    "nivel_profissional": "Nível profissional",
    "nivel_academico": "Nível acadêmico",
    "nivel_ingles": "Nível de inglês",
    "nivel_espanhol": "Nível de espanhol",
    "areas_atuacao": "Áreas de atuação",
    "area_atuacao": "Área de atuação",
    "principais_atividades": "Principais atividades",
    "competencia_tecnicas_e_comportamentais": "Competências técnicas e comportamentais",
    "demais_observacoes": "Demais observações",
    "habilidades_comportamentais_necessarias": "Habilidades comportamentais necessárias",
    "email": "E-mail",
    "email_secundario": "E-mail secundário",
    "telefone_celular": "Telefone celular",
    "telefone_recado": "Telefone para recado",
    "objetivo_profissional": "Objetivo profissional",
    "sabendo_de_nos_por": "Soube de nós por",
    "cpf": "CPF",
    "data_nascimento": "Data de nascimento",
    "data_aceite": "Data do aceite",
    "fonte_indicacao": "Fonte da indicação",
    "endereco": "Endereço",
    "pcd": "PcD",
    "url_linkedin": "LinkedIn (URL)",
    "download_cv": "Arquivo do currículo",
    "titulo_profissional": "Título profissional",
    "conhecimentos_tecnicos": "Conhecimentos técnicos",
    "certificacoes": "Certificações",
    "outras_certificacoes": "Outras certificações",
    "remuneracao": "Remuneração",
    "qualificacoes": "Qualificações",
    "experiencias": "Experiências",
    "instituicao_ensino_superior": "Instituição de ensino superior",
    "ano_conclusao": "Ano de conclusão",
    "cv_pt": "Currículo em português",
    "cv_en": "Currículo em inglês",
}


@dataclass(frozen=True)
class FormField:
    section: str  # "" for a top-level field of the record (a résumé)
    name: str
    label: str
    long: bool
    max_length: int
    choices: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The field's name in the form: `section.name`."""
        return f"{self.section}.{self.name}" if self.section else self.name

    @property
    def html_id(self) -> str:
        return "campo-" + self.key.replace(".", "-")

    @property
    def kind(self) -> str:
        return "email" if self.name.startswith("email") else "text"


@dataclass(frozen=True)
class FormSection:
    name: str
    title: str
    fields: tuple[FormField, ...]


def label(name: str) -> str:
    """A field's label: the known ones in Portuguese, others from the name."""
    text = name.replace("_", " ").strip()
    return LABELS.get(name, text[:1].upper() + text[1:])


def fields_of(
    model: type[SQLModel],
    section: str,
    *,
    only: tuple[str, ...] | None = None,
    exclude: frozenset[str] = frozenset(),
    choices: dict[str, tuple[str, ...]] | None = None,
) -> tuple[FormField, ...]:
    """The text fields of an input model, in its order (or `only`'s), as form fields."""
    names = only or tuple(name for name in model.model_fields if name not in exclude)
    fields = []
    for name in names:
        info = model.model_fields[name]
        limits = [item.max_length for item in info.metadata if isinstance(item, MaxLen)]
        sa_type = getattr(info, "sa_type", None)
        fields.append(
            FormField(
                section=section,
                name=name,
                label=label(name),
                long=sa_type is Text or isinstance(sa_type, Text) or name.startswith("cv_"),
                max_length=min(limits) if limits else 10_000,
                choices=(choices or {}).get(name, ()),
            )
        )
    return tuple(fields)


async def form_values(request: Request) -> dict[str, str]:
    """The request's form fields (text ones), as sent."""
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


FormValuesDep = Annotated[dict[str, str], Depends(form_values)]


def _text(value: Any) -> str:
    return "" if value is None else str(value).replace("\r\n", "\n")


def displayed(spec: tuple[FormSection, ...], record: dict[str, Any]) -> dict[str, str]:
    """The value each field shows for a (minimised) record."""
    values: dict[str, str] = {}
    for section in spec:
        for field in section.fields:
            holder = record.get(field.section) if field.section else record
            values[field.key] = _text(holder.get(field.name) if isinstance(holder, dict) else None)
    return values


def submitted(spec: tuple[FormSection, ...], form: dict[str, str]) -> dict[str, str]:
    """The value each field was sent with (line ends as \\n; an absent field as empty)."""
    return {
        field.key: _text(form.get(field.key, "")) for section in spec for field in section.fields
    }


def merged(
    spec: tuple[FormSection, ...],
    base: dict[str, Any],
    shown: dict[str, str],
    sent: dict[str, str],
) -> tuple[dict[str, Any], set[str]]:
    """`base` (the stored record) with the fields whose sent value differs from the shown one;
    and the keys of those fields. An empty field never stored stays absent."""
    record = copy.deepcopy(base)
    changed: set[str] = set()
    for section in spec:
        for field in section.fields:
            value = sent[field.key]
            if value == shown.get(field.key, ""):
                continue
            if field.section:
                holder = record.get(field.section)
                if holder is None:
                    holder = record[field.section] = {}
            else:
                holder = record
            if value == "" and holder.get(field.name) is None:
                continue
            holder[field.name] = value
            changed.add(field.key)
    return record, changed


def checked(
    spec: tuple[FormSection, ...],
    sent: dict[str, str],
    changed: set[str],
    required: dict[str, str],
) -> dict[str, str]:
    """The form's own rules: required fields, e-mails of changed fields."""
    errors = {key: message for key, message in required.items() if not sent.get(key, "").strip()}
    for section in spec:
        for field in section.fields:
            value = sent[field.key].strip()
            if field.kind == "email" and field.key in changed and value and not EMAIL.match(value):
                errors.setdefault(field.key, "Informe um e-mail válido (ex.: nome@empresa.com).")
    return errors


def validation_errors(exc: ValidationError) -> dict[str, str]:
    """The input model's refusals by form field, in Portuguese."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        key = ".".join(loc[-2:]) if len(loc) >= 2 else (loc[0] if loc else "")
        context = error.get("ctx") or {}
        if error["type"] == "string_too_long":
            message = f"No máximo {context.get('max_length')} caracteres."
        else:
            message = "Valor inválido."
        errors.setdefault(key, message)
    return errors


def parse_code(text: str, what: str) -> tuple[int | None, str | None]:
    """An optional code typed in a create form: (code, None), or (None, the error)."""
    text = text.strip()
    if not text:
        return None, None
    if not text.isdigit() or not 1 <= int(text) <= MAX_CODE:
        return None, f"O código {what} é um número inteiro de 1 a {MAX_CODE}."
    return int(text), None


def parse_expected(form: dict[str, str]) -> datetime:
    """The record's `updated_at` as the form showed it (optimistic locking)."""
    try:
        value = datetime.fromisoformat(form.get(STALE_FIELD, ""))
    except ValueError:
        raise InvalidInput(
            "O formulário não diz qual versão do registro foi editada; recarregue a página."
        ) from None
    if value.tzinfo is None:
        raise InvalidInput("Versão do registro inválida; recarregue a página.")
    return value
