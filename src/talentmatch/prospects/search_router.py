"""Search routes that need the pipeline: `/vagas/search` and `/prospects/candidato/{codigo}`.

`/vagas/search` lives here, on a router with the vagas prefix and tag (CONTRIBUTING), because
its status filter reads prospects, which the vagas domain must not import.
"""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from talentmatch.core.dependencies import PageDep
from talentmatch.db.dependencies import SystemSessionDep
from talentmatch.db.types import MAX_CODE
from talentmatch.prospects.search import (
    CandidatoProspects,
    VagaPipelineSearch,
    candidato_prospects,
    search_vagas_in_pipeline,
)
from talentmatch.usuarios.dependencies import LeitorUser
from talentmatch.vagas.search import VagasSearchPage

vagas_router = APIRouter(prefix="/vagas", tags=["vagas"])
prospects_router = APIRouter(prefix="/prospects", tags=["prospects"])


@vagas_router.get("/search", response_model=VagasSearchPage)
def search_vagas(
    query: Annotated[VagaPipelineSearch, Query()],
    session: SystemSessionDep,
    page: PageDep,
    _user: LeitorUser,
) -> VagasSearchPage:
    """Vagas whose title, skills or activities hold every word of `q` (accents and case
    aside), the most relevant first, filtered by cliente, cidade, nível and pipeline status
    (vagas with a prospect in that status); without `q`, the filtered vagas, newest first.
    `total` counts every match. 400 for an unknown nível or status."""
    return search_vagas_in_pipeline(
        session=session, query=query, offset=page.offset, limit=page.limit
    )


@prospects_router.get("/candidato/{codigo_candidato}", response_model=CandidatoProspects)
def prospects_of_candidato(
    codigo_candidato: Annotated[int, Path(ge=1, le=MAX_CODE, description="Código do candidato")],
    session: SystemSessionDep,
    _user: LeitorUser,
) -> CandidatoProspects:
    """The candidate's prospects across vagas: each vaga (code, title) with the current status,
    dates and status history; 404 for an unknown candidate."""
    return candidato_prospects(session=session, codigo_candidato=codigo_candidato)
