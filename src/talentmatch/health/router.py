"""Liveness and readiness for the load balancer, at the root."""

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from talentmatch.db.dependencies import get_databases
from talentmatch.db.engines import is_reachable
from talentmatch.monitoring.served import retry_failed_loads, served_models
from talentmatch.storage import ObjectStore, StorageError

logger = logging.getLogger(__name__)

router = APIRouter(tags=["health"])


@router.get("/health")
def health() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


def _store_state(store: ObjectStore, timeout: float) -> str:
    try:
        store.check_available(timeout)
    except StorageError as exc:
        logger.warning("object store not ready: %s", exc.message)
        return "unavailable"
    return "ok"


@router.get(
    "/ready",
    responses={
        503: {
            "description": "A database or the object store is unreachable, "
            "or a model cannot be loaded"
        }
    },
)
def ready(request: Request) -> JSONResponse:
    """Readiness: both databases and the object store answer, every configured model loaded."""
    databases = get_databases(request)
    settings = request.app.state.settings
    checks = {
        "auth_database": "ok" if is_reachable(databases.auth) else "unavailable",
        "system_database": "ok" if is_reachable(databases.system) else "unavailable",
        "object_store": _store_state(request.app.state.store, settings.storage_check_timeout_s),
    }
    if checks["object_store"] == "ok":
        retry_failed_loads(request.app.state, settings.model_retry_interval_s)
    models = served_models(request.app.state)
    is_ready = all(state == "ok" for state in checks.values()) and all(
        model["status"] != "unavailable" for model in models.values()
    )
    return JSONResponse(
        {"status": "ready" if is_ready else "not ready", "checks": checks, "models": models},
        status_code=200 if is_ready else 503,
    )
