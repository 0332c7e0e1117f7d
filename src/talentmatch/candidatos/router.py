"""/candidatos: create (upsert), list, search, details."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from talentmatch.auditoria.reads import count_details_read
from talentmatch.candidatos import search, service
from talentmatch.candidatos.models import (
    CandidatoCreated,
    CandidatoDetails,
    CandidatoIn,
    CandidatosPage,
)
from talentmatch.candidatos.personal import refuse_reidentification
from talentmatch.candidatos.search import CandidatoSearch, CandidatosSearchPage
from talentmatch.core.dependencies import PageDep
from talentmatch.db.dependencies import AuthSessionDep, SystemSessionDep
from talentmatch.db.types import MAX_CODE
from talentmatch.usuarios.dependencies import LeitorUser, RecrutadorUser

router = APIRouter(prefix="/candidatos", tags=["candidatos"])

CodigoProfissional = Annotated[int, Path(ge=1, le=MAX_CODE, description="Código do candidato")]


@router.post("/create", response_model=CandidatoCreated)
def create_candidato(
    candidato_in: CandidatoIn, session: SystemSessionDep, _user: RecrutadorUser
) -> CandidatoCreated:
    """Insert a candidate, or update it when its `codigo_profissional` exists; 409 when the
    record writes personal data onto an anonymised candidate."""
    refuse_reidentification(session=session, candidato_in=candidato_in)
    code, _created = service.upsert_candidato(session=session, candidato_in=candidato_in)
    return CandidatoCreated(message="Candidato inserido com sucesso!", codigo_candidato=code)


@router.get("/list", response_model=CandidatosPage)
def list_candidatos(session: SystemSessionDep, page: PageDep, _user: LeitorUser) -> CandidatosPage:
    """Candidate summaries, paginated, with the total count."""
    return CandidatosPage(
        total=service.count_candidatos(session=session),
        offset=page.offset,
        limit=page.limit,
        data=service.list_candidatos(session=session, offset=page.offset, limit=page.limit),
    )


@router.get("/search", response_model=CandidatosSearchPage)
def search_candidatos(
    query: Annotated[CandidatoSearch, Query()],
    session: SystemSessionDep,
    page: PageDep,
    _user: LeitorUser,
) -> CandidatosSearchPage:
    """Candidates whose name, skills or résumés hold every word of `q` (accents and case
    aside), the most relevant first, filtered by cidade and níveis; without `q`, the filtered
    candidates, newest first. `total` counts every match. 400 for an unknown nível."""
    return search.search_candidatos(
        session=session, query=query, offset=page.offset, limit=page.limit
    )


@router.get(
    "/details/{codigo_profissional}",
    response_model=CandidatoDetails,
    response_model_exclude_unset=True,
)
def candidato_details(
    codigo_profissional: CodigoProfissional,
    request: Request,
    session: SystemSessionDep,
    audit_session: AuthSessionDep,
    user: LeitorUser,
) -> CandidatoDetails:
    """Every stored field of one candidate, minimised by role; 404 when absent.

    Reads are limited per user and minute (429) and audited by volume (`auditoria.reads`).
    """
    count_details_read(request.app.state.read_meter, audit_session, user, codigo_profissional)
    return service.get_candidato_details(session=session, codigo_profissional=codigo_profissional)
