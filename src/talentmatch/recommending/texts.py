"""THE text of a vaga and of a candidate: the one way both sides are turned into a document.

Training (every stored record), serving (a stored record, or the 10-field profile posted to
`recommendationModel/predict`) and the evaluation all call these functions, so an indexed
document and a query are always built the same way.

How a text is built:

1. the fields below are read in this order (API spellings; `cv_pt` is the résumé);
2. in each value, e-mail addresses, URLs and phone numbers are removed (contact data says
   nothing about fit, and should not be stored in model artifacts) and runs of white space
   become one space;
3. the non-empty values are joined with a newline;
4. the result is cut at MAX_TEXT_CHARS characters (a résumé's first part names the role, the
   summary and the skills; the encoder reads only its first EMBEDDING_MAX_TOKENS anyway).

`text_hash` (sha256 of that text) decides whether a stored vector can be reused.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any, Final

from talentmatch.decision.mapping import CANDIDATO_SECTIONS, VAGA_SECTIONS, SectionMap
from talentmatch.features.payload import ROOT

MAX_TEXT_CHARS: Final[int] = 2000
RESUME: Final[str] = ROOT  # "section" of the résumé: a top-level key of the record

# (section, field), in the order they are joined.
VAGA_TEXT_FIELDS: Final[tuple[tuple[str, str], ...]] = (
    ("infos_basicas", "titulo_vaga"),
    ("perfil", "areas_atuacao"),
    ("perfil", "nivel_profissional"),
    ("perfil", "competencia_tecnicas_e_comportamentais"),
    ("perfil", "principais_atividades"),
    ("perfil", "cidade"),
    ("perfil", "estado"),
)
CANDIDATE_TEXT_FIELDS: Final[tuple[tuple[str, str], ...]] = (
    ("informacoes_profissionais", "titulo_profissional"),
    ("infos_basicas", "objetivo_profissional"),
    ("informacoes_profissionais", "area_atuacao"),
    ("informacoes_profissionais", "nivel_profissional"),
    ("informacoes_profissionais", "conhecimentos_tecnicos"),
    ("informacoes_profissionais", "certificacoes"),
    ("informacoes_profissionais", "outras_certificacoes"),
    ("infos_basicas", "local"),
    (RESUME, "cv_pt"),
)
# The profile posted to recommendationModel/predict, as candidate record fields; its other
# fields (languages, PcD) are not topical and only reach the match model when re-ranking.
PROFILE_FIELDS: Final[dict[str, tuple[str, str]]] = {
    "titulo_profissional": ("informacoes_profissionais", "titulo_profissional"),
    "conhecimentos_tecnicos": ("informacoes_profissionais", "conhecimentos_tecnicos"),
    "certificacoes": ("informacoes_profissionais", "certificacoes"),
    "outras_certificacoes": ("informacoes_profissionais", "outras_certificacoes"),
    "cidade": ("infos_basicas", "local"),
    "cv_candidato": (RESUME, "cv_pt"),
}

_CONTACT: Final = re.compile(
    r"\S+@\S+"  # e-mail
    r"|(?:https?://|www\.)\S+"  # URL
    r"|\(?\b\d{2}\)?\s?9?\d{4}[-\s]?\d{4}\b"  # Brazilian phone number, with or without DDD
)


def clean(value: Any) -> str:
    """A field value without contact data, white space collapsed; "" for None."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return " ".join(_CONTACT.sub(" ", text).split())


def join_fields(values: list[Any]) -> str:
    """Cleaned non-empty values, one per line, cut at MAX_TEXT_CHARS."""
    return "\n".join(part for part in map(clean, values) if part)[:MAX_TEXT_CHARS]


def _section(record: Mapping[str, Any], section: SectionMap) -> Mapping[str, Any]:
    data = record.get(section.api)
    if data is None:
        data = record.get(section.file)
    return section.keys.to_api(data) if isinstance(data, Mapping) else {}


def _values(
    record: Mapping[str, Any],
    sections: tuple[SectionMap, ...],
    fields: tuple[tuple[str, str], ...],
) -> list[Any]:
    by_name = {s.api: _section(record, s) for s in sections}
    nested = record.get("curriculos")  # the API's candidate details nest the résumés
    roots = nested if isinstance(nested, Mapping) else {}
    return [
        (record.get(key) or roots.get(key)) if section == RESUME else by_name[section].get(key)
        for section, key in fields
    ]


def vaga_text(record: Mapping[str, Any]) -> str:
    """The document of a vaga record (API or file spellings)."""
    return join_fields(_values(record, VAGA_SECTIONS, VAGA_TEXT_FIELDS))


def candidate_text(record: Mapping[str, Any]) -> str:
    """The document of a candidate record (API or file spellings)."""
    return join_fields(_values(record, CANDIDATO_SECTIONS, CANDIDATE_TEXT_FIELDS))


def profile_record(profile: Mapping[str, Any]) -> dict[str, Any]:
    """A candidate record holding the fields of a posted profile (the rest absent)."""
    record: dict[str, Any] = {}
    for name, (section, key) in PROFILE_FIELDS.items():
        value = profile.get(name)
        if section == RESUME:
            record[key] = value
        else:
            record.setdefault(section, {})[key] = value
    return record


def text_hash(text: str) -> str:
    """sha256 (hex) of a document: equal hashes, equal vectors."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
