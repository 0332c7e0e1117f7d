"""Liveness and readiness for the load balancer, at the root."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from talentmatch.db.dependencies import get_databases
from talentmatch.db.engines import is_reachable

router = APIRouter(tags=["health"])


@router.get("/health")
def health() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@router.get("/ready", responses={503: {"description": "A database is unreachable"}})
def ready(request: Request) -> JSONResponse:
    """Readiness: both databases answer a query."""
    databases = get_databases(request)
    checks = {
        "auth_database": "ok" if is_reachable(databases.auth) else "unavailable",
        "system_database": "ok" if is_reachable(databases.system) else "unavailable",
    }
    is_ready = all(state == "ok" for state in checks.values())
    return JSONResponse(
        {"status": "ready" if is_ready else "not ready", "checks": checks},
        status_code=200 if is_ready else 503,
    )
