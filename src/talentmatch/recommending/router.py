"""`/candidatos/{codigo}/recomendacoes` and `/vagas/{codigo}/recomendacoes`: the ranking both
ways, by similarity re-ranked by the match model (api.py composes it beside the domains)."""

from typing import Annotated, Any

from fastapi import APIRouter, Path

from talentmatch.db.dependencies import SystemSessionDep
from talentmatch.db.types import MAX_CODE
from talentmatch.matching.dependencies import MatchServingDep
from talentmatch.recommending import service as recommending
from talentmatch.recommending.dependencies import CandidatosK, RecommenderServingDep, VagasK
from talentmatch.recommending.schemas import CandidatoRanking, VagaRecommendations
from talentmatch.usuarios.dependencies import RecrutadorUser

candidatos_router = APIRouter(prefix="/candidatos", tags=["candidatos"])
vagas_router = APIRouter(prefix="/vagas", tags=["vagas"])

CodigoProfissional = Annotated[int, Path(ge=1, le=MAX_CODE, description="Código do candidato")]
CodigoVaga = Annotated[int, Path(ge=1, le=MAX_CODE, description="Código da vaga")]
NO_RECOMMENDER: dict[int | str, dict[str, Any]] = {
    503: {"description": "Nenhum modelo de recomendação em serviço"}
}


@candidatos_router.get(
    "/{codigo_profissional}/recomendacoes",
    response_model=VagaRecommendations,
    responses=NO_RECOMMENDER,
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


@vagas_router.get(
    "/{codigo_vaga}/recomendacoes",
    response_model=CandidatoRanking,
    responses=NO_RECOMMENDER,
)
def recommend_candidatos(
    codigo_vaga: CodigoVaga,
    session: SystemSessionDep,
    recommender: RecommenderServingDep,
    match: MatchServingDep,
    _user: RecrutadorUser,
    k: CandidatosK = 10,
) -> CandidatoRanking:
    """The candidates who fit a vaga best: nearest by similarity, re-ranked by the match
    model, each with its score and reasons; 404 when the vaga is absent."""
    return recommending.rank_candidatos(
        connection=session.connection(),
        current=recommender.require(),
        match_model=match.model,
        codigo_vaga=codigo_vaga,
        k=k,
    )
