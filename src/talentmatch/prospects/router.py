"""/prospects: the pipeline of candidates per vaga."""

from typing import Annotated

from fastapi import APIRouter, Path

from talentmatch.core.dependencies import PageDep
from talentmatch.db.dependencies import SystemSessionDep
from talentmatch.db.types import MAX_CODE
from talentmatch.prospects import service, statuses
from talentmatch.prospects.models import (
    ProspectCreate,
    ProspectGroup,
    ProspectGroupsPage,
    ProspectResult,
    ProspectsPage,
    ProspectUpdate,
    ProspectWithHistory,
    StatusCreate,
    StatusList,
    StatusPublic,
)
from talentmatch.usuarios.dependencies import AdminUser, LeitorUser, RecrutadorUser

router = APIRouter(prefix="/prospects", tags=["prospects"])

Codigo = Annotated[int, Path(ge=1, le=MAX_CODE)]


@router.post("/add-candidate", response_model=ProspectResult)
def add_candidate(
    prospect_in: ProspectCreate, session: SystemSessionDep, user: RecrutadorUser
) -> ProspectResult:
    """Add a candidate to a vaga's pipeline; 404 if either is unknown, 409 if already there."""
    data = service.add_candidate(session=session, prospect_in=prospect_in, username=user.username)
    return ProspectResult(message="Prospect criado com sucesso.", data=data)


@router.put("/update-candidate", response_model=ProspectResult)
def update_candidate(
    update_in: ProspectUpdate, session: SystemSessionDep, user: RecrutadorUser
) -> ProspectResult:
    """Change a prospect's status (kept in its history) and comment; 404 if absent.

    With `expected_status` (the status the client saw), 409 when the stored one differs:
    someone else moved the prospect meanwhile, and nothing is overwritten."""
    data = service.update_candidate(session=session, update_in=update_in, username=user.username)
    return ProspectResult(message="Prospect atualizado com sucesso.", data=data)


@router.get("/list", response_model=ProspectsPage)
def list_prospects(session: SystemSessionDep, page: PageDep, _user: LeitorUser) -> ProspectsPage:
    """Prospect rows, paginated, with the total count."""
    return ProspectsPage(
        total=service.count_prospects(session=session),
        offset=page.offset,
        limit=page.limit,
        data=service.list_prospects(session=session, offset=page.offset, limit=page.limit),
    )


@router.get("/grouped-list", response_model=ProspectGroupsPage)
def grouped_list(session: SystemSessionDep, page: PageDep, _user: LeitorUser) -> ProspectGroupsPage:
    """Vaga pipelines, paginated over vagas, each with its prospects."""
    return ProspectGroupsPage(
        total_grupos=service.count_groups(session=session),
        offset=page.offset,
        limit=page.limit,
        data=service.list_groups(session=session, offset=page.offset, limit=page.limit),
    )


@router.get("/status", response_model=StatusList)
def list_statuses(session: SystemSessionDep, _user: LeitorUser) -> StatusList:
    """The registered pipeline stages, each with its outcome class (what training reads)."""
    data = statuses.list_statuses(session=session)
    return StatusList(total=len(data), data=data)


@router.post("/status", response_model=StatusPublic, status_code=201)
def create_status(
    status_in: StatusCreate, session: SystemSessionDep, user: AdminUser
) -> StatusPublic:
    """Register a pipeline stage (admin); 409 when one of the same name exists."""
    return statuses.create_status(session=session, status_in=status_in, username=user.username)


@router.get("/{codigo_vaga}", response_model=ProspectGroup)
def prospects_by_vaga(
    codigo_vaga: Codigo, session: SystemSessionDep, _user: LeitorUser
) -> ProspectGroup:
    """The pipeline of one vaga; 404 when neither the vaga nor a pipeline exists."""
    return service.get_group(session=session, codigo_vaga=codigo_vaga)


@router.get("/{codigo_vaga}/{codigo_candidato}/historico", response_model=ProspectWithHistory)
def prospect_history(
    codigo_vaga: Codigo, codigo_candidato: Codigo, session: SystemSessionDep, _user: LeitorUser
) -> ProspectWithHistory:
    """One prospect with its status history (from, to, when, by whom)."""
    return service.get_history(
        session=session, codigo_vaga=codigo_vaga, codigo_candidato=codigo_candidato
    )
