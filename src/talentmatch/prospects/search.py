"""Searches that need the pipeline: vagas by their prospects' status; a candidate's prospects.

`search_vagas_in_pipeline` is the vaga search (`vagas/search.py`) with the one filter the vagas
domain cannot know: vagas having at least one prospect in a given status.
"""

from pydantic import Field
from sqlmodel import Session, col, select

from talentmatch.candidatos.service import candidato_exists
from talentmatch.core.errors import NotFound
from talentmatch.db.bases import SystemBase
from talentmatch.prospects.models import (
    STATUS_MAX_LENGTH,
    HistoricoPublic,
    Prospect,
    ProspectHistorico,
    ProspectPublic,
    ProspectVaga,
    ProspectWithHistory,
)
from talentmatch.prospects.statuses import require_registered
from talentmatch.vagas.models import VagaInfosBasicas
from talentmatch.vagas.search import VagaSearch, VagasSearchPage, search_vagas


class VagaPipelineSearch(VagaSearch):
    """The vaga search plus the pipeline: vagas with a prospect in `status` (a registered one)."""

    status: str | None = Field(
        default=None,
        max_length=STATUS_MAX_LENGTH,
        description="Vagas com ao menos um prospect nesta etapa (GET /prospects/status)",
    )


def search_vagas_in_pipeline(
    *, session: Session, query: VagaPipelineSearch, offset: int, limit: int
) -> VagasSearchPage:
    """`vagas.search.search_vagas`, restricted to vagas with a prospect in `query.status` when
    given. Raises InvalidInput for an unknown level or an unregistered status."""
    codes_in = None
    if query.status is not None and query.status.strip():
        require_registered(session=session, nome=query.status)
        codes_in = (
            select(Prospect.codigo_vaga)
            .where(Prospect.situacao_candidato == query.status)
            .scalar_subquery()
        )
    return search_vagas(
        session=session,
        query=VagaSearch.model_validate(query.model_dump(exclude={"status"})),
        offset=offset,
        limit=limit,
        codes_in=codes_in,
    )


class CandidatoProspects(SystemBase):
    """A candidate's prospects across vagas, each with its current status and history."""

    codigo_candidato: int
    total: int
    data: list[ProspectWithHistory]


def candidato_prospects(*, session: Session, codigo_candidato: int) -> CandidatoProspects:
    """Every vaga the candidate is in (by vaga code), with its title, the current status, dates
    and the status history (oldest change first). NotFound when the candidate is neither stored
    nor named by any prospect."""
    prospects = list(
        session.exec(
            select(Prospect)
            .where(Prospect.codigo_candidato == codigo_candidato)
            .order_by(col(Prospect.codigo_vaga))
        )
    )
    if not prospects and not candidato_exists(
        session=session, codigo_profissional=codigo_candidato
    ):
        raise NotFound(f"Candidato {codigo_candidato} não encontrado.")
    codes = [prospect.codigo_vaga for prospect in prospects]
    titles: dict[int, str | None] = dict(
        session.exec(
            select(VagaInfosBasicas.codigo_vaga, VagaInfosBasicas.titulo_vaga).where(
                col(VagaInfosBasicas.codigo_vaga).in_(codes)
            )
        ).all()
    )
    for code, title in session.exec(
        select(ProspectVaga.codigo_vaga, ProspectVaga.titulo_vaga).where(
            col(ProspectVaga.codigo_vaga).in_(codes)
        )
    ):
        if title:  # the pipeline's title, as /prospects/{codigo_vaga} answers it
            titles[code] = title
    history: dict[int, list[HistoricoPublic]] = {}
    for change in session.exec(
        select(ProspectHistorico)
        .where(col(ProspectHistorico.prospect_id).in_([p.id for p in prospects]))
        .order_by(col(ProspectHistorico.id))
    ):
        history.setdefault(change.prospect_id, []).append(
            HistoricoPublic.model_validate(change, from_attributes=True)
        )
    data = [
        ProspectWithHistory(
            **ProspectPublic.model_validate(
                {**prospect.model_dump(), "titulo_vaga": titles.get(prospect.codigo_vaga)}
            ).model_dump(),
            historico=history.get(prospect.id or 0, []),
        )
        for prospect in prospects
    ]
    return CandidatoProspects(codigo_candidato=codigo_candidato, total=len(data), data=data)
