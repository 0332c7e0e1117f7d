"""The recommender in service: loaded once at start-up (with its encoder when the method
reads query embeddings), swapped whole when CURRENT moves (registry/serving.py).

Same shape as `MatchServing` (`model`, `load_error`, `load_seconds`, `registry`), so health
and metrics can report it the same way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from talentmatch.core.config import Settings
from talentmatch.core.errors import ServiceUnavailable
from talentmatch.recommending.encoder import Encoder, check_probe
from talentmatch.recommending.forgotten import forget, to_forget
from talentmatch.recommending.index import Method
from talentmatch.recommending.model import Recommender
from talentmatch.recommending.pipeline import KIND, load_recommender
from talentmatch.registry import ModelRegistry
from talentmatch.registry.serving import VersionServing

logger = logging.getLogger(__name__)

NO_RECOMMENDER = (
    "Nenhum modelo de recomendação em serviço: treine um com `talentmatch train recommender`."
)


@dataclass(frozen=True)
class RecommenderInService:
    """A recommender, the encoder of its vectors, and how answers are ranked."""

    recommender: Recommender
    encoder: Encoder | None  # None when the method never embeds a query
    method: Method
    pool_candidatos: int
    pool_vagas: int


class RecommenderServing(VersionServing[RecommenderInService]):
    """Holds the recommender in service; requests read `current`, a swap replaces it whole."""

    kind = KIND

    def __init__(self, registry: ModelRegistry, settings: Settings) -> None:
        super().__init__(registry, retry_interval_s=settings.model_retry_interval_s)
        self.settings = settings
        self.current: RecommenderInService | None = None

    @property
    def model(self) -> Recommender | None:
        """The recommender in service (None before one is published)."""
        current = self.current
        return current.recommender if current else None

    def _load_version(self, version: str) -> RecommenderInService:
        return self._prepare(load_recommender(self.registry, version))

    def _serve(self, loaded: RecommenderInService | None) -> None:
        self.current = loaded

    def served_version(self) -> str | None:
        current = self.current
        return current.recommender.version if current is not None else None

    def _prepare(self, recommender: Recommender) -> RecommenderInService:
        method = self.settings.recommender_method or recommender.default_method
        encoder = None
        if recommender.needs_query_vector(method):
            # The encoder the vectors were built with (EMBEDDING_MODEL only says what the next
            # training uses), checked against the probe vector recorded at training.
            encoder = Encoder(
                recommender.encoder_name,
                max_tokens=recommender.max_tokens,
                batch_size=self.settings.embedding_batch_size,
            )
            check_probe(encoder, recommender.manifest["encoder"]["probe"])
        # The anonymised candidates (ANONYMISED.json) are emptied in every version loaded,
        # at start-up, on a reload or when the poller swaps to a new CURRENT.
        recommender = _without(recommender, to_forget(self.registry, recommender.manifest))
        recommender.vagas.warm()
        recommender.candidatos.warm()
        return RecommenderInService(
            recommender=recommender,
            encoder=encoder,
            method=method,
            pool_candidatos=self.settings.recommender_pool_candidatos,
            pool_vagas=self.settings.recommender_pool_vagas,
        )

    def forget_candidate(self, code: int) -> None:
        """An anonymised candidate: recorded for every later load, and emptied in the version
        in service now (its words and vector are the pre-anonymisation ones)."""
        forget(self.registry, code)
        with self._lock:
            current = self.current
            if current is not None:
                recommender = _without(current.recommender, {code})
                recommender.candidatos.warm()
                self.current = replace(current, recommender=recommender)

    def require(self) -> RecommenderInService:
        """The recommender in service; 503 when none is."""
        current = self.current
        if current is None:
            if self.load_error is not None:
                raise ServiceUnavailable(
                    "O modelo de recomendação publicado não pôde ser carregado "
                    "(veja o log do servidor); publique outro ou recarregue."
                )
            raise ServiceUnavailable(NO_RECOMMENDER)
        return current

    def versions(self) -> list[dict[str, object]]:
        """Manifests of every published version (without the probe vector), oldest first."""
        in_service = self.model.version if self.model else None
        out = []
        for manifest in self.registry.list_versions(KIND):
            encoder = {k: v for k, v in dict(manifest.get("encoder", {})).items() if k != "probe"}
            out.append(
                {**manifest, "encoder": encoder, "in_service": manifest["version"] == in_service}
            )
        return out


def _without(recommender: Recommender, codes: set[int]) -> Recommender:
    if not codes:
        return recommender
    return replace(recommender, candidatos=recommender.candidatos.without(codes))
