"""Entry points: train on the system database and publish; load the current model."""

from __future__ import annotations

import json
import logging
from typing import Any, Final

import numpy as np
from sqlalchemy import Engine

from talentmatch.drift.payload_fields import (
    PAYLOAD_REFERENCE_FILE,
    build_payload_reference,
    payload_reference_bytes,
)
from talentmatch.drift.reference import (
    REFERENCE_FILE,
    build_reference,
    describe_reference,
    reference_bytes,
)
from talentmatch.evaluation.metrics import outcome_queries, outcome_ranking, random_ranking
from talentmatch.evaluation.truth import Oracle
from talentmatch.features.featurize import FEATURES, IGNORED_FIELDS
from talentmatch.matching.dataset import build_training_set
from talentmatch.matching.labels import label_mapping
from talentmatch.matching.model import MatchModel
from talentmatch.matching.train import TrainedModel, train_match_model
from talentmatch.registry import MAIN_ARTIFACT, ModelNotFound, ModelRegistry, library_versions
from talentmatch.registry.kinds import MATCH

logger = logging.getLogger(__name__)

KIND: Final[str] = MATCH
LIBRARIES: Final[tuple[str, ...]] = ("scikit-learn", "numpy", "pandas", "scipy", "skops")


HELD_OUT_FILE: Final[str] = "held_out_vagas.json"
# Fewer held-out vagas with both a hire and a non-hire than this: no ranking figures.
MIN_RANKING_VAGAS: Final[int] = 5
RANKING_HOW: Final[str] = (
    "held-out test vagas (never trained on); each vaga's finished prospects ordered by the "
    "model's probability; relevant = a positive status (matching.labels.label_for == 1); "
    "only vagas with at least one positive and one negative prospect; ties in random order"
)


def held_out_ranking(trained: TrainedModel, oracle: Oracle | None = None) -> dict[str, Any]:
    """MRR, recall@5/@10, nDCG@10 of the vaga -> candidates order on the held-out vagas.

    Where each vaga's hired candidates land among its own prospects; beside it what a random
    order scores, and (only as a report) what the generator's true probabilities would score.
    """
    groups = np.asarray([vaga for vaga, _ in trained.test_keys], dtype=np.int64)
    labels = np.asarray(trained.test_labels)
    queries = outcome_queries(groups, labels)
    if len(queries) < MIN_RANKING_VAGAS:
        return {
            "skipped": f"fewer than {MIN_RANKING_VAGAS} held-out vagas with a hire and a "
            f"non-hire (found {len(queries)})"
        }
    ranking: dict[str, Any] = {
        "how": RANKING_HOW,
        "vagas": len(queries),
        "prospects": int(sum(len(rows) for rows in queries)),
        "model": outcome_ranking(queries, labels, trained.test_probabilities),
        "random": random_ranking(queries, labels),
    }
    if oracle is not None:
        truth = np.array([oracle(candidato, vaga) for vaga, candidato in trained.test_keys])
        ranking["oracle"] = outcome_ranking(queries, labels, truth)
    return ranking


def build_manifest(
    trained: TrainedModel,
    *,
    fingerprint: str,
    stats: dict[str, int],
    ranking: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest of a trained match model (the registry adds version, files, sha256)."""
    return {
        "model": trained.chosen,
        "metrics": trained.metrics,
        "ranking": ranking if ranking is not None else held_out_ranking(trained),
        "comparison": trained.comparison,
        "threshold": trained.model.threshold,
        "features": list(FEATURES),
        # Which of those the model reads (the others missing or constant in training).
        "feature_guard": trained.feature_guard,
        "ignored_payload_fields": list(IGNORED_FIELDS),
        "label_mapping": label_mapping(),
        "data_fingerprint": fingerprint,
        "rows": stats.get("rows", 0),
        "data_stats": stats,
        "split": trained.split,
        "explanation": "occlusion: change in probability when a feature takes its typical value",
        "libraries": library_versions(LIBRARIES),
    }


def train_and_publish(
    engine: Engine,
    registry: ModelRegistry,
    *,
    seed: int = 42,
    oracle: Oracle | None = None,
    make_current: bool = True,
) -> dict[str, Any]:
    """Train on the finished prospects of the database, publish, and return the manifest.

    `oracle` (a true probability per (codigo_candidato, codigo_vaga), e.g. a data
    generator's) only adds figures to the report: nothing is chosen by it.
    """
    training_set = build_training_set(engine)
    trained = train_match_model(training_set, seed=seed, oracle=oracle)
    manifest = build_manifest(
        trained,
        fingerprint=training_set.fingerprint,
        stats=training_set.stats,
        ranking=held_out_ranking(trained, oracle),
    )
    # The drift report's reference: every training row's features (derived numbers, no
    # personal data) and the published model's probability on it, stored with the version.
    frame = training_set.features
    reference = build_reference(frame, trained.model.predict_features(frame))
    manifest["reference"] = describe_reference(reference)
    # And what the recruiters sent: the payload's categorical fields, counted by value.
    payload_reference = build_payload_reference(training_set.payloads)
    manifest["payload_reference"] = {
        "file": PAYLOAD_REFERENCE_FILE,
        "rows": payload_reference["rows"],
        "fields": sorted(payload_reference["fields"]),
    }
    held_out = sorted({vaga for vaga, _ in trained.test_keys})
    files = {
        MAIN_ARTIFACT: trained.model.to_bytes(),
        REFERENCE_FILE: reference_bytes(reference),
        HELD_OUT_FILE: json.dumps(held_out).encode("ascii"),
        PAYLOAD_REFERENCE_FILE: payload_reference_bytes(payload_reference),
    }
    version = registry.publish_files(KIND, files, manifest, make_current=make_current)
    logger.info("match model %s published: %s", version, trained.metrics)
    return registry.manifest(KIND, version)


def load_model(registry: ModelRegistry, version: str | None = None) -> MatchModel:
    """A published match model (CURRENT by default), checksum verified, safely deserialized."""
    loaded = registry.fetch(KIND, version)
    return MatchModel.from_bytes(loaded.read(MAIN_ARTIFACT), version=loaded.version)


def load_current(registry: ModelRegistry) -> MatchModel | None:
    """The CURRENT match model, or None when none was published yet."""
    if registry.current_version(KIND) is None:
        return None
    try:
        return load_model(registry)
    except ModelNotFound:
        return None


def held_out_vagas(registry: ModelRegistry, version: str) -> set[int] | None:
    """The vagas a published match model never trained on (None for older versions)."""
    try:
        loaded = registry.fetch(KIND, version)
        return {int(code) for code in json.loads(loaded.read(HELD_OUT_FILE))}
    except (ModelNotFound, KeyError, ValueError):
        return None


def reload_current(registry: ModelRegistry, loaded: MatchModel | None) -> MatchModel | None:
    """The CURRENT model: `loaded` itself when it already is that version, else a fresh load."""
    current = registry.current_version(KIND)
    if current is None:
        return loaded
    if loaded is not None and loaded.version == current:
        return loaded
    return load_model(registry, current)
