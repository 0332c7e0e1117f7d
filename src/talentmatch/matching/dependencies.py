"""The models in service, created at start-up."""

from typing import Annotated

from fastapi import Depends, Request

from talentmatch.matching.serving import MatchServing


def get_match_serving(request: Request) -> MatchServing:
    """The holder of the match model in service."""
    serving: MatchServing = request.app.state.match
    return serving


MatchServingDep = Annotated[MatchServing, Depends(get_match_serving)]
