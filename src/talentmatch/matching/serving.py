"""The match model in service: loaded at start-up, swapped whole when CURRENT moves."""

import logging

from talentmatch.core.errors import ServiceUnavailable
from talentmatch.matching.model import MatchModel
from talentmatch.matching.pipeline import KIND, load_model
from talentmatch.matching.refusal import last_refusal
from talentmatch.registry import ModelRegistry
from talentmatch.registry.serving import VersionServing

logger = logging.getLogger(__name__)

NO_MATCH_MODEL = "Nenhum modelo de match em serviço: treine um com `talentmatch train match`."


class MatchServing(VersionServing[MatchModel]):
    """Holds the match model in service; requests read `model`, a swap replaces it whole."""

    kind = KIND

    def __init__(self, registry: ModelRegistry, *, retry_interval_s: float = 30) -> None:
        super().__init__(registry, retry_interval_s=retry_interval_s)
        self.model: MatchModel | None = None

    def _load_version(self, version: str) -> MatchModel:
        return load_model(self.registry, version)

    def _serve(self, loaded: MatchModel | None) -> None:
        self.model = loaded

    def served_version(self) -> str | None:
        model = self.model
        return model.version if model is not None else None

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
