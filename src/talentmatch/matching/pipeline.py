"""Entry points: train on the system database and publish; load the current model."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Engine

from talentmatch.drift.reference import (
    REFERENCE_FILE,
    build_reference,
    describe_reference,
    reference_bytes,
)
from talentmatch.matching.dataset import build_training_set
from talentmatch.matching.features import FEATURES, IGNORED_FIELDS, featurize
from talentmatch.matching.labels import label_mapping
from talentmatch.matching.model import MatchModel
from talentmatch.matching.train import Oracle, TrainedModel, train_match_model
from talentmatch.registry import MAIN_ARTIFACT, ModelNotFound, ModelRegistry, library_versions

logger = logging.getLogger(__name__)

KIND: Final[str] = "match"
LIBRARIES: Final[tuple[str, ...]] = ("scikit-learn", "numpy", "pandas", "scipy", "skops")


def _oracle_from(ground_truth_path: Path) -> Oracle:
    # Imported here: the generator (and Faker) is only needed when scoring against its truth.
    from talentmatch.generator import load_ground_truth

    truth = load_ground_truth(ground_truth_path)
    return lambda candidato, vaga: truth.propensity(str(candidato), str(vaga))


def build_manifest(
    trained: TrainedModel, *, fingerprint: str, stats: dict[str, int]
) -> dict[str, Any]:
    """The manifest of a trained match model (the registry adds version, files, sha256)."""
    return {
        "model": trained.chosen,
        "metrics": trained.metrics,
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
    ground_truth_path: Path | None = None,
    make_current: bool = True,
) -> dict[str, Any]:
    """Train on the finished prospects of the database, publish, and return the manifest."""
    training_set = build_training_set(engine)
    oracle = _oracle_from(ground_truth_path) if ground_truth_path is not None else None
    trained = train_match_model(training_set, seed=seed, oracle=oracle)
    manifest = build_manifest(
        trained, fingerprint=training_set.fingerprint, stats=training_set.stats
    )
    # The drift report's reference: every training row's features (derived numbers, no
    # personal data) and the published model's probability on it, stored with the version.
    frame = featurize(training_set.payloads)
    reference = build_reference(frame, trained.model.predict_features(frame))
    manifest["reference"] = describe_reference(reference)
    files = {MAIN_ARTIFACT: trained.model.to_bytes(), REFERENCE_FILE: reference_bytes(reference)}
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


def reload_current(registry: ModelRegistry, loaded: MatchModel | None) -> MatchModel | None:
    """The CURRENT model: `loaded` itself when it already is that version, else a fresh load."""
    current = registry.current_version(KIND)
    if current is None:
        return loaded
    if loaded is not None and loaded.version == current:
        return loaded
    return load_model(registry, current)
