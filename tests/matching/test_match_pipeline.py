"""train_and_publish / load_current: what the CLI and the API call."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentmatch.features.schema import SEED_MATCH_EXAMPLE
from talentmatch.matching.dataset import TrainingSet
from talentmatch.matching.pipeline import (
    KIND,
    build_manifest,
    load_current,
    load_model,
    reload_current,
    train_and_publish,
)
from talentmatch.matching.train import TrainedModel
from talentmatch.registry import ModelRegistry
from talentmatch.storage import LocalObjectStore
from tests.matching.conftest import MatchData

MANIFEST_KEYS = {
    "version",
    "created_at",
    "metrics",
    "comparison",
    "features",
    "label_mapping",
    "data_fingerprint",
    "rows",
    "libraries",
    "artifact_sha256",
    "threshold",
    "split",
    "model",
}


@pytest.fixture
def registry(tmp_path: Path) -> ModelRegistry:
    return ModelRegistry(LocalObjectStore(tmp_path / "store"), tmp_path / "cache")


def test_nothing_published_loads_nothing(registry: ModelRegistry) -> None:
    assert load_current(registry) is None


def test_train_publish_load_and_switch(
    match_data: MatchData,
    registry: ModelRegistry,
    trained: TrainedModel,
    training_set: TrainingSet,
) -> None:
    first = train_and_publish(
        match_data.engine,
        registry,
        seed=5,
        oracle=lambda c, v: match_data.truth.propensity(str(c), str(v)),
    )
    assert set(first) >= MANIFEST_KEYS
    assert first["metrics"]["oracle_roc_auc"] > 0.5
    assert first["rows"] > 500
    assert {"scikit-learn", "numpy", "pandas", "skops", "python"} <= set(first["libraries"])
    assert first["label_mapping"]["positive"]

    model = load_current(registry)
    assert model is not None and model.version == first["version"]
    probability = model.predict_one(SEED_MATCH_EXAMPLE)
    assert 0.0 <= probability <= 1.0
    assert model.threshold == pytest.approx(first["threshold"])

    # A newer version becomes current; the older one stays loadable (rollback).
    manifest = build_manifest(trained, fingerprint=training_set.fingerprint, stats={"rows": 1})
    version = registry.publish(KIND, trained.model.to_bytes(), manifest)
    second = registry.manifest(KIND, version)
    assert second["data_fingerprint"] == first["data_fingerprint"]
    reloaded = reload_current(registry, model)
    assert reloaded is not None and reloaded is not model
    assert reloaded.version == second["version"]
    assert reload_current(registry, reloaded) is reloaded  # already current: nothing loaded
    versions = registry.list_versions(KIND)
    assert [v["version"] for v in versions] == [first["version"], second["version"]]
    assert [v["current"] for v in versions] == [False, True]
    assert load_model(registry, first["version"]).predict_one(SEED_MATCH_EXAMPLE) == probability
