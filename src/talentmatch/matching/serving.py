"""The match model in service: loaded once at start-up, swapped whole on reload."""

import logging
import threading
import time

from talentmatch.core.errors import ServiceUnavailable
from talentmatch.matching.model import MatchModel
from talentmatch.matching.pipeline import KIND, load_current, reload_current
from talentmatch.matching.refusal import last_refusal
from talentmatch.registry import ModelRegistry

logger = logging.getLogger(__name__)

NO_MATCH_MODEL = "Nenhum modelo de match em serviço: treine um com `talentmatch train match`."


class MatchServing:
    """Holds the current match model; requests read it, a reload replaces it atomically."""

    def __init__(self, registry: ModelRegistry) -> None:
        self.registry = registry
        self.model: MatchModel | None = None
        self.load_error: str | None = None
        self.load_seconds: float | None = None
        self.load_attempted_at: float | None = None  # time.monotonic() of the last load()
        self._lock = threading.Lock()

    def load(self) -> None:
        """Load the current version; a failure is kept (for /ready), not raised."""
        self.load_attempted_at = time.monotonic()
        started = time.perf_counter()
        try:
            model = load_current(self.registry)
        except Exception as exc:  # a broken artifact must not stop the API from starting
            logger.exception("could not load the match model")
            self.load_error = str(exc)
            return
        with self._lock:
            self.model, self.load_error = model, None
            self.load_seconds = time.perf_counter() - started
        if model is not None:
            logger.info("match model %s loaded in %.2f s", model.version, self.load_seconds)

    def reload(self, version: str | None = None) -> MatchModel | None:
        """Serve `version` (made current) or the registry's current version."""
        if version is not None:
            self.registry.set_current(KIND, version)
        started = time.perf_counter()
        model = reload_current(self.registry, self.model)
        with self._lock:
            self.model, self.load_error = model, None
            self.load_seconds = time.perf_counter() - started
        return model

    def require(self) -> MatchModel:
        """The model in service; 503 when none is."""
        model = self.model
        if model is None:
            refusal = last_refusal(self.registry)
            if refusal is not None:
                raise ServiceUnavailable(
                    f"{NO_MATCH_MODEL} O último treino foi recusado: {refusal}"
                )
            raise ServiceUnavailable(NO_MATCH_MODEL)
        return model
