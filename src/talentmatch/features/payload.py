"""The 25-field match payload, and where each field comes from in stored records."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, cast

from talentmatch.decision.mapping import CANDIDATO_SECTIONS, VAGA_SECTIONS, SectionMap
from talentmatch.features.schema import MatchPayload

PAYLOAD_FIELDS: Final[tuple[str, ...]] = tuple(MatchPayload.model_fields)

ROOT: Final[str] = ""  # a top-level key of the record (the résumé), not a section's field

# payload field <- (section, stored field) of the candidate record (API section names).
CANDIDATE_SOURCES: Final[dict[str, tuple[str, str]]] = {
    "sexo": ("informacoes_pessoais", "sexo"),
    "estado_civil": ("informacoes_pessoais", "estado_civil"),
    "pcd": ("informacoes_pessoais", "pcd"),
    "nivel_academico": ("formacao_e_idiomas", "nivel_academico"),
    "cidade": ("infos_basicas", "local"),
    "nivel_profissional": ("informacoes_profissionais", "nivel_profissional"),
    "ingles": ("formacao_e_idiomas", "nivel_ingles"),
    "espanhol": ("formacao_e_idiomas", "nivel_espanhol"),
    "outros_idiomas": ("formacao_e_idiomas", "outro_idioma"),
    "titulo_profissional": ("informacoes_profissionais", "titulo_profissional"),
    "conhecimentos_tecnicos": ("informacoes_profissionais", "conhecimentos_tecnicos"),
    "certificacoes": ("informacoes_profissionais", "certificacoes"),
    "outras_certificacoes": ("informacoes_profissionais", "outras_certificacoes"),
    "area_atuacao": ("informacoes_profissionais", "area_atuacao"),
    "cv_candidato": (ROOT, "cv_pt"),
}
# payload field <- (section, stored field) of the vaga record (API section and field names).
VAGA_SOURCES: Final[dict[str, tuple[str, str]]] = {
    "vaga_especifica_para_pcd": ("perfil", "vaga_especifica_para_pcd"),
    "pais_vaga": ("perfil", "pais"),
    "tipo_contratacao": ("infos_basicas", "tipo_contratacao"),
    "cidade_vaga": ("perfil", "cidade"),
    "nivel_profissional_vaga": ("perfil", "nivel_profissional"),
    "nivel_ingles_vaga": ("perfil", "nivel_ingles"),
    "nivel_espanhol_vaga": ("perfil", "nivel_espanhol"),
    "titulo_vaga": ("infos_basicas", "titulo_vaga"),
    "areas_atuacao_vaga": ("perfil", "areas_atuacao"),
    "competencia_tecnicas_e_comportamentais": (
        "perfil",
        "competencia_tecnicas_e_comportamentais",
    ),
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _section(record: Mapping[str, Any], section: SectionMap) -> dict[str, Any]:
    """A section by its API or file name, with API field spellings."""
    data = record.get(section.api)
    if data is None:
        data = record.get(section.file)
    return section.keys.to_api(data) if isinstance(data, Mapping) else {}


def _pick(
    record: Mapping[str, Any],
    sections: tuple[SectionMap, ...],
    sources: dict[str, tuple[str, str]],
) -> dict[str, str]:
    by_name = {s.api: _section(record, s) for s in sections}
    # The API's candidate details nest the résumés under "curriculos".
    nested = record.get("curriculos")
    roots = nested if isinstance(nested, Mapping) else {}
    return {
        name: _text(
            (record.get(key) or roots.get(key)) if section == ROOT else by_name[section].get(key)
        )
        for name, (section, key) in sources.items()
    }


def payload_from_records(candidate: Mapping[str, Any], vaga: Mapping[str, Any]) -> dict[str, str]:
    """The 25-field payload of a pair, from stored section dicts (API or file spellings)."""
    values = {
        **_pick(candidate, CANDIDATO_SECTIONS, CANDIDATE_SOURCES),
        **_pick(vaga, VAGA_SECTIONS, VAGA_SOURCES),
    }
    return {name: values[name] for name in PAYLOAD_FIELDS}


def normalize_payload(payload: Mapping[str, Any] | MatchPayload) -> dict[str, str]:
    """Every payload field as a string; missing or None fields become ""."""
    data = payload.model_dump() if isinstance(payload, MatchPayload) else payload
    values = [data.get(name) for name in PAYLOAD_FIELDS]
    if all(type(value) is str for value in values):  # a payload built here: strings already
        return dict(zip(PAYLOAD_FIELDS, cast(list[str], values), strict=True))
    return {name: _text(value) for name, value in zip(PAYLOAD_FIELDS, values, strict=True)}
