"""GET /metrics: Prometheus' text format, at the root beside /health and /ready."""

import hmac

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from talentmatch.core.dependencies import SettingsDep
from talentmatch.core.errors import NotAuthenticated
from talentmatch.monitoring.metrics import process_metrics

router = APIRouter(tags=["monitoring"])


def _authorized(request: Request, token: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    expected = token.encode()
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), expected)


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}, 401: {"description": "Token"}},
)
def metrics(request: Request, settings: SettingsDep) -> Response:
    """Prometheus metrics: requests by route template, predictions, jobs, models in service.

    Counts cover every worker process of the server, whichever of them answers.

    Open unless METRICS_TOKEN is set; then `Authorization: Bearer <METRICS_TOKEN>`.
    """
    if settings.metrics_token and not _authorized(request, settings.metrics_token):
        raise NotAuthenticated("GET /metrics exige o token de métricas (METRICS_TOKEN).")
    body = process_metrics()
    application: CollectorRegistry | None = getattr(request.app.state, "metrics_registry", None)
    if application is not None:
        body += generate_latest(application)
    return Response(content=body, media_type=CONTENT_TYPE_LATEST)
