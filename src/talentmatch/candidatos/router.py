"""/candidatos: create (upsert), list, details, recommended vagas, LGPD export and erasure."""

from typing import Annotated

from fastapi import APIRouter, Path, Request

from talentmatch.auditoria.models import AuditAction
from talentmatch.auditoria.reads import ReadMeter, audited
from talentmatch.auditoria.service import record
from talentmatch.candidatos import lgpd, service
from talentmatch.candidatos.models import (
    CandidatoCreated,
    CandidatoDetails,
    CandidatoIn,
    CandidatosPage,
)
from talentmatch.candidatos.schemas import Anonimizacao, DadosPessoais
from talentmatch.core.dependencies import PageDep
from talentmatch.db.dependencies import AuthSessionDep, SystemSessionDep
from talentmatch.db.types import MAX_CODE
from talentmatch.decision.importer import Entity
from talentmatch.inferencias.dependencies import MatchServingDep
from talentmatch.inferencias.models import VagaRecommendations
from talentmatch.jobs.routes import include_file_jobs
from talentmatch.recommending import service as recommending
from talentmatch.recommending.dependencies import RecommenderServingDep, VagasK
from talentmatch.usuarios.dependencies import AdminUser, LeitorUser, RecrutadorUser

router = APIRouter(prefix="/candidatos", tags=["candidatos"])
include_file_jobs(router, Entity.candidatos, export_path="/export-applicants", label="candidatos")

CodigoProfissional = Annotated[int, Path(ge=1, le=MAX_CODE, description="Código do candidato")]


@router.post("/create", response_model=CandidatoCreated)
def create_candidato(
    candidato_in: CandidatoIn, session: SystemSessionDep, _user: RecrutadorUser
) -> CandidatoCreated:
    """Insert a candidate, or update it when its `codigo_profissional` exists; 409 when the
    record writes personal data onto an anonymised candidate."""
    lgpd.refuse_reidentification(session=session, candidato_in=candidato_in)
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
    meter: ReadMeter = request.app.state.read_meter
    number = meter.count(user.id or 0)
    if audited(number):  # before the read: a refused or missing one counts as a try
        record(
            audit_session,
            action=AuditAction.detalhes_lidos,
            actor=user,
            target=f"candidato:{codigo_profissional}",
            details={"leituras_no_minuto": number},
        )
    return service.get_candidato_details(session=session, codigo_profissional=codigo_profissional)


@router.get(
    "/{codigo_profissional}/recomendacoes",
    response_model=VagaRecommendations,
    responses={503: {"description": "Nenhum modelo de recomendação em serviço"}},
)
def recommend_vagas(
    codigo_profissional: CodigoProfissional,
    session: SystemSessionDep,
    recommender: RecommenderServingDep,
    match: MatchServingDep,
    _user: RecrutadorUser,
    k: VagasK = 5,
) -> VagaRecommendations:
    """The vagas that fit a stored candidate best, best first, with scores and reasons;
    404 when the candidate is absent."""
    return recommending.recommend_for_candidato(
        connection=session.connection(),
        current=recommender.require(),
        match_model=match.model,
        codigo_profissional=codigo_profissional,
        k=k,
    )


@router.get("/{codigo_profissional}/dados-pessoais", response_model=DadosPessoais)
def dados_pessoais(
    codigo_profissional: CodigoProfissional,
    session: SystemSessionDep,
    audit_session: AuthSessionDep,
    admin: AdminUser,
) -> DadosPessoais:
    """Everything held about one candidate, unmasked, with its pipelines (admin only; audited);
    404 when absent."""
    data = lgpd.personal_data(session=session, codigo_profissional=codigo_profissional)
    # Recorded before the answer leaves: no audit entry, no data.
    record(
        audit_session,
        action=AuditAction.dados_pessoais_lidos,
        actor=admin,
        target=f"candidato:{codigo_profissional}",
    )
    return data


@router.post("/{codigo_profissional}/anonimizar", response_model=Anonimizacao)
def anonimizar(
    codigo_profissional: CodigoProfissional,
    session: SystemSessionDep,
    audit_session: AuthSessionDep,
    recommender: RecommenderServingDep,
    admin: AdminUser,
) -> Anonimizacao:
    """Remove a candidate's personal data and keep its pipeline statistics (admin only;
    audited; idempotent); 404 when absent. The recommender forgets the person's words and
    vector at once."""
    result = lgpd.anonymize(session=session, codigo_profissional=codigo_profissional)
    recommender.forget_candidate(codigo_profissional)
    record(
        audit_session,
        action=AuditAction.candidato_anonimizado,
        actor=admin,
        target=f"candidato:{codigo_profissional}",
        details={
            "campos_removidos": result.campos_removidos,
            "ja_anonimizado": result.ja_anonimizado,
            "prospects": result.prospects,
        },
    )
    return result
