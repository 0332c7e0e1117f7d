"""The artifact: safe to load, same predictions after a round trip, foreign types refused."""

from __future__ import annotations

import zipfile

import pytest
import skops.io as sio

from talentmatch.matching.dataset import TrainingSet
from talentmatch.matching.model import MatchModel, UnsafeArtifact
from talentmatch.matching.train import TrainedModel


class Evil:
    """A class no artifact should be allowed to instantiate."""

    def __init__(self) -> None:
        self.payload = "rm -rf /"


def test_round_trip_gives_the_same_predictions(
    trained: TrainedModel, training_set: TrainingSet
) -> None:
    payloads = training_set.payloads[:50]
    loaded = MatchModel.from_bytes(trained.model.to_bytes(), version="v1")
    assert loaded.predict_proba(payloads) == trained.model.predict_proba(payloads)
    assert loaded.threshold == trained.model.threshold
    assert loaded.features == trained.model.features
    assert loaded.version == "v1"


def test_empty_batch() -> None:
    model = MatchModel(pipeline=None, threshold=0.5, baseline={})
    assert model.predict_proba([]) == []


def test_foreign_types_are_refused_before_loading(trained: TrainedModel) -> None:
    state = {
        "format": 1,
        "name": "match",
        "pipeline": Evil(),
        "threshold": 0.5,
        "features": [],
        "baseline": {},
    }
    with pytest.raises(UnsafeArtifact, match="não permitidos"):
        MatchModel.from_bytes(sio.dumps(state, compression=zipfile.ZIP_DEFLATED))


def test_garbage_and_other_shapes_are_refused() -> None:
    with pytest.raises(UnsafeArtifact):
        MatchModel.from_bytes(b"not a zip file")
    with pytest.raises(UnsafeArtifact, match="formato"):
        MatchModel.from_bytes(sio.dumps({"format": 99}))
    with pytest.raises(UnsafeArtifact, match="desconhecidos"):
        MatchModel.from_bytes(
            sio.dumps(
                {
                    "format": 1,
                    "name": "match",
                    "pipeline": None,
                    "threshold": 0.5,
                    "features": ["idade"],
                    "baseline": {},
                }
            )
        )


def test_boosted_model_also_round_trips_and_explains(
    training_set: TrainingSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tree model is kept when it wins: its artifact must load and explain as well."""
    from talentmatch.matching import train

    monkeypatch.setattr(train, "_choose", lambda scores: "hist_gradient_boosting")
    boosted = train.train_match_model(training_set, seed=4)
    assert boosted.chosen == "hist_gradient_boosting"
    loaded = MatchModel.from_bytes(boosted.model.to_bytes())
    payloads = training_set.payloads[:20]
    assert loaded.predict_proba(payloads) == boosted.model.predict_proba(payloads)
    assert loaded.explain(payloads[0], top=3)
