"""Full-text search of candidates: words over name, skills and résumés, with filters.

One typed service for the API route and the web app: `search_candidatos`.
"""

from pydantic import Field
from sqlmodel import Session

from talentmatch.candidatos import service
from talentmatch.candidatos.models import CandidatoBusca, CandidatoSummary
from talentmatch.core.errors import InvalidInput
from talentmatch.core.levels import NIVEIS_ACADEMICOS, NIVEIS_IDIOMA, NIVEIS_PROFISSIONAIS
from talentmatch.db.bases import SystemBase
from talentmatch.db.fulltext import FullTextIndex, folded, search

MAX_QUERY_CHARS = 500

INDEX = FullTextIndex(
    table=CandidatoBusca.__table__,  # type: ignore[attr-defined]
    key="codigo_profissional",
    columns=("nome", "titulos", "textos"),
    weights=(10.0, 5.0, 1.0),
)


class CandidatoSearch(SystemBase):
    """What to look for: words (any order, all of them) and filters (all of them)."""

    q: str | None = Field(
        default=None,
        max_length=MAX_QUERY_CHARS,
        description="Palavras (todas): nome, competências, currículo; sem acentos ou com",
    )
    cidade: str | None = Field(default=None, max_length=200, description="infos_basicas.local")
    nivel_profissional: str | None = Field(
        default=None, max_length=200, description="Analista, Pleno, Sênior..."
    )
    nivel_academico: str | None = Field(
        default=None, max_length=200, description="Ensino Superior Completo..."
    )
    nivel_ingles: str | None = Field(
        default=None, max_length=200, description="Nenhum, Básico, ..., Fluente"
    )


class CandidatoSearchHit(CandidatoSummary):
    """A list row (as `/candidatos/list`) and its relevance (None for a search without words)."""

    score: float | None = None


class CandidatosSearchPage(SystemBase):
    total: int
    offset: int
    limit: int
    data: list[CandidatoSearchHit]


LEVELS = {
    "nivel_profissional": NIVEIS_PROFISSIONAIS,
    "nivel_academico": NIVEIS_ACADEMICOS,
    "nivel_ingles": NIVEIS_IDIOMA,
}


def level_filter(name: str, value: str | None, known: tuple[str, ...]) -> str | None:
    """A level filter folded, or None when not given; InvalidInput (400) when unknown."""
    if value is None or not value.strip():
        return None
    wanted = folded(value)
    if wanted not in {folded(level) for level in known}:
        raise InvalidInput(
            f"{name} {value!r} desconhecido; os valores aceitos são: {', '.join(known)}."
        )
    return wanted


def search_candidatos(
    *, session: Session, query: CandidatoSearch, offset: int, limit: int
) -> CandidatosSearchPage:
    """Candidates matching every word of `query.q` (accents and case aside) and every filter,
    the most relevant first (newest first without words), with the true total of matches.

    Raises InvalidInput for an unknown level."""
    table = INDEX.table
    where = []
    cidade = folded(query.cidade)
    if cidade is not None:
        where.append(table.c.cidade == cidade)
    for name, known in LEVELS.items():
        level = level_filter(name, getattr(query, name), known)
        if level is not None:
            where.append(table.c[name] == level)
    total, hits = search(session, INDEX, query=query.q, where=where, offset=offset, limit=limit)
    summaries = service.summaries_by_code(session=session, codes=[hit.code for hit in hits])
    data = [
        CandidatoSearchHit(**summaries[hit.code].model_dump(), score=hit.score)
        for hit in hits
        if hit.code in summaries
    ]
    return CandidatosSearchPage(total=total, offset=offset, limit=limit, data=data)
