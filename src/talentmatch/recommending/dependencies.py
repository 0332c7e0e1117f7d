"""The recommender in service, created at start-up."""

from typing import Annotated

from fastapi import Depends, Query, Request

from talentmatch.recommending.serving import RecommenderServing


def get_recommender_serving(request: Request) -> RecommenderServing:
    """The holder of the recommender in service."""
    serving: RecommenderServing = request.app.state.recommender
    return serving


RecommenderServingDep = Annotated[RecommenderServing, Depends(get_recommender_serving)]
MAX_K = 100
VagasK = Annotated[int, Query(ge=1, le=MAX_K, description="Quantas vagas responder")]
CandidatosK = Annotated[int, Query(ge=1, le=MAX_K, description="Quantos candidatos responder")]
