"""Liveness and readiness for the load balancer, at the root."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from talentmatch.db.dependencies import get_databases
from talentmatch.db.engines import is_reachable
from talentmatch.monitoring.served import served_models

router = APIRouter(tags=["health"])


@router.get("/health")
def health() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@router.get(
    "/ready",
    responses={503: {"description": "A database is unreachable or a model cannot be loaded"}},
)
def ready(request: Request) -> JSONResponse:
    """Readiness: both databases answer, and every configured model is loaded (with versions)."""
    databases = get_databases(request)
    checks = {
        "auth_database": "ok" if is_reachable(databases.auth) else "unavailable",
        "system_database": "ok" if is_reachable(databases.system) else "unavailable",
    }
    models = served_models(request.app.state)
    is_ready = all(state == "ok" for state in checks.values()) and all(
        model["status"] != "unavailable" for model in models.values()
    )
    return JSONResponse(
        {"status": "ready" if is_ready else "not ready", "checks": checks, "models": models},
        status_code=200 if is_ready else 503,
    )
