"""/vagas: create (upsert), list, details."""

from typing import Annotated

from fastapi import APIRouter, Path

from talentmatch.core.dependencies import PageDep
from talentmatch.db.dependencies import SystemSessionDep
from talentmatch.db.types import MAX_CODE
from talentmatch.usuarios.dependencies import LeitorUser, RecrutadorUser
from talentmatch.vagas import service
from talentmatch.vagas.models import VagaCreated, VagaDetails, VagaIn, VagasPage

router = APIRouter(prefix="/vagas", tags=["vagas"])

CodigoVaga = Annotated[int, Path(ge=1, le=MAX_CODE, description="Código da vaga")]


@router.post("/create", response_model=VagaCreated)
def create_vaga(vaga_in: VagaIn, session: SystemSessionDep, _user: RecrutadorUser) -> VagaCreated:
    """Insert a vaga, or update it when its `codigo_vaga` exists."""
    code, _created = service.upsert_vaga(session=session, vaga_in=vaga_in)
    return VagaCreated(message="Vaga criada com sucesso!", codigo_vaga=code)


@router.get("/list", response_model=VagasPage)
def list_vagas(session: SystemSessionDep, page: PageDep, _user: LeitorUser) -> VagasPage:
    """Vaga summaries, paginated, with the total count."""
    return VagasPage(
        total=service.count_vagas(session=session),
        offset=page.offset,
        limit=page.limit,
        data=service.list_vagas(session=session, offset=page.offset, limit=page.limit),
    )


@router.get("/details/{codigo_vaga}", response_model=VagaDetails, response_model_exclude_unset=True)
def vaga_details(
    codigo_vaga: CodigoVaga, session: SystemSessionDep, _user: LeitorUser
) -> VagaDetails:
    """Every stored field of one vaga; 404 when absent."""
    return VagaDetails(data=service.get_vaga_sections(session=session, codigo_vaga=codigo_vaga))
