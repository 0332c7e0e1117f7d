"""The models an application serves: what is in service, what is configured, whether it loaded.

Read by GET /ready (a configured model that cannot be loaded makes the service not ready)
and by /metrics. Each kind maps to the attribute of `app.state` that holds its serving
object (`model`, `load_error`, `load_seconds`, `registry`, as `MatchServing` has).
"""

from __future__ import annotations

import logging
import time
from typing import Any, Final

from talentmatch.core.errors import DomainError

logger = logging.getLogger(__name__)

# kind -> attribute of app.state; a new model kind is served by adding it here.
SERVED_KINDS: Final[dict[str, str]] = {"match": "match", "recommender": "recommender"}
NOT_LOADED: Final[str] = (
    "o modelo configurado (CURRENT) não pôde ser carregado; veja o log do servidor"
)


def model_state(kind: str, serving: Any) -> dict[str, Any]:
    """`status` ok / none (nothing published) / stale / unavailable, with the versions.

    `in_service` is the version THIS replica serves, `current` (also `configured`, its older
    name) the one the registry's CURRENT names. `stale`: CURRENT cannot be loaded (or read)
    while an earlier version still serves; the replica stays ready (taking every replica out
    of the load balancer for one bad publish would stop a working service) and says which
    version failed. `unavailable`: a version is configured and nothing serves.
    """
    model = getattr(serving, "model", None)
    in_service = getattr(model, "version", None) if model is not None else None
    try:
        configured = serving.registry.current_version(kind)
    except DomainError as exc:
        # A damaged pointer or an unreachable store: judge by what this process holds.
        logger.warning("could not read the CURRENT %s version: %s", kind, exc.message)
        configured = None
    failed = getattr(serving, "load_error", None) is not None or (
        configured is not None and model is None
    )
    if failed:
        status = "stale" if model is not None else "unavailable"
    else:
        status = "ok" if model is not None else "none"
    state: dict[str, Any] = {
        "status": status,
        "in_service": in_service,
        "current": configured,
        "configured": configured,
        "load_seconds": getattr(serving, "load_seconds", None) if model is not None else None,
    }
    if failed:
        failed_version = getattr(serving, "failed_version", None)
        state["failed_version"] = failed_version
        state["detail"] = (
            NOT_LOADED
            if model is None
            else f"a versão {failed_version or 'em CURRENT'} não pôde ser carregada; esta "
            f"réplica segue servindo {in_service}; veja o log do servidor"
        )
    return state


def served_models(app_state: Any) -> dict[str, dict[str, Any]]:
    """The state of every model kind this application holds."""
    return {
        kind: model_state(kind, serving)
        for kind, attribute in SERVED_KINDS.items()
        if (serving := getattr(app_state, attribute, None)) is not None
    }


def retry_failed_loads(app_state: Any, min_interval_s: float) -> None:
    """Load again each model whose last load failed, at most every `min_interval_s`.

    A model that could not be loaded at start-up because the object store was down comes
    back by itself once the store answers, without a restart.
    """
    now = time.monotonic()
    for attribute in SERVED_KINDS.values():
        serving = getattr(app_state, attribute, None)
        if serving is None or serving.load_error is None:
            continue
        last = serving.load_attempted_at
        if last is None or now - last >= min_interval_s:
            logger.info("loading the %s again after a failed load", attribute)
            serving.poll(throttle=False)
