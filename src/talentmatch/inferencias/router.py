"""/inferencias: match probability, recommendations, drift report.

The models are trained by their own pipelines (later issues); until one exists these
endpoints answer 503 / 404 with a clear message, never 500.
"""

from fastapi import APIRouter

from talentmatch.core.errors import NotFound, ServiceUnavailable
from talentmatch.inferencias.models import (
    DriftReportAnswer,
    MatchAnswer,
    MatchPayload,
    RecommendationAnswer,
    RecommendationPayload,
)
from talentmatch.usuarios.dependencies import LeitorUser, RecrutadorUser

router = APIRouter(prefix="/inferencias", tags=["inferencias"])

NO_MATCH_MODEL = "Nenhum modelo de match em serviço: treine um com `talentmatch train match`."
NO_RECOMMENDER = (
    "Nenhum modelo de recomendação em serviço: treine um com `talentmatch train recommender`."
)


@router.post(
    "/matchModel/predict",
    response_model=MatchAnswer,
    responses={503: {"description": "Nenhum modelo treinado"}},
)
def predict_match(_payload: MatchPayload, _user: RecrutadorUser) -> MatchAnswer:
    """Probability, in percent, that the candidate fits the vaga."""
    raise ServiceUnavailable(NO_MATCH_MODEL)


@router.post(
    "/recommendationModel/predict",
    response_model=RecommendationAnswer,
    responses={503: {"description": "Nenhum modelo treinado"}},
)
def recommend_vagas(_payload: RecommendationPayload, _user: RecrutadorUser) -> RecommendationAnswer:
    """The vagas that fit a candidate's profile best, best first."""
    raise ServiceUnavailable(NO_RECOMMENDER)


@router.get(
    "/driftReport",
    response_model=DriftReportAnswer,
    responses={404: {"description": "Nenhum relatório ainda"}},
)
def drift_report(_user: LeitorUser) -> DriftReportAnswer:
    """The latest drift report, as HTML."""
    raise NotFound("Nenhum relatório de drift foi gerado ainda.")
