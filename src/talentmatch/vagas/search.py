"""Full-text search of vagas: words over title, skills and activities, with filters.

`search_vagas` takes an optional `codes_in` (a subquery of codes) so that an upper layer adds
a filter this domain cannot know (the pipeline status: `prospects/search.py`).
"""

from typing import Any

from pydantic import Field
from sqlmodel import Session

from talentmatch.core.errors import InvalidInput
from talentmatch.core.levels import NIVEIS_PROFISSIONAIS
from talentmatch.db.bases import SystemBase
from talentmatch.db.fulltext import FullTextIndex, folded, search
from talentmatch.vagas import service
from talentmatch.vagas.models import VagaBusca, VagaSummary

MAX_QUERY_CHARS = 500

INDEX = FullTextIndex(
    table=VagaBusca.__table__,  # type: ignore[attr-defined]
    key="codigo_vaga",
    columns=("titulo", "competencias", "textos"),
    weights=(10.0, 5.0, 1.0),
)


class VagaSearch(SystemBase):
    """What to look for: words (any order, all of them) and filters (all of them)."""

    q: str | None = Field(
        default=None,
        max_length=MAX_QUERY_CHARS,
        description="Palavras (todas): título, competências, atividades; sem acentos ou com",
    )
    cliente: str | None = Field(default=None, max_length=200)
    cidade: str | None = Field(default=None, max_length=200)
    nivel_profissional: str | None = Field(
        default=None, max_length=200, description="Analista, Pleno, Sênior..."
    )


class VagaSearchHit(VagaSummary):
    """A list row (as `/vagas/list`) and its relevance (None for a search without words)."""

    score: float | None = None


class VagasSearchPage(SystemBase):
    total: int
    offset: int
    limit: int
    data: list[VagaSearchHit]


def search_vagas(
    *, session: Session, query: VagaSearch, offset: int, limit: int, codes_in: Any = None
) -> VagasSearchPage:
    """Vagas matching every word of `query.q` (accents and case aside) and every filter (and,
    when given, whose code is in the subquery `codes_in`), the most relevant first (newest first
    without words), with the true total of matches. Raises InvalidInput for an unknown level."""
    table = INDEX.table
    where = []
    for name in ("cliente", "cidade"):
        value = folded(getattr(query, name))
        if value is not None:
            where.append(table.c[name] == value)
    if query.nivel_profissional is not None and query.nivel_profissional.strip():
        level = folded(query.nivel_profissional)
        if level not in {folded(known) for known in NIVEIS_PROFISSIONAIS}:
            raise InvalidInput(
                f"nivel_profissional {query.nivel_profissional!r} desconhecido; os valores "
                f"aceitos são: {', '.join(NIVEIS_PROFISSIONAIS)}."
            )
        where.append(table.c.nivel_profissional == level)
    if codes_in is not None:
        where.append(table.c.codigo_vaga.in_(codes_in))
    total, hits = search(session, INDEX, query=query.q, where=where, offset=offset, limit=limit)
    summaries = service.summaries_by_code(session=session, codes=[hit.code for hit in hits])
    data = [
        VagaSearchHit(**summaries[hit.code].model_dump(), score=hit.score)
        for hit in hits
        if hit.code in summaries
    ]
    return VagasSearchPage(total=total, offset=offset, limit=limit, data=data)
