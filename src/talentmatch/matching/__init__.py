"""Match model: labels, the one feature function, training, registry-backed loading."""

from talentmatch.features.featurize import FEATURES, IGNORED_FIELDS, featurize
from talentmatch.features.payload import PAYLOAD_FIELDS, payload_from_records
from talentmatch.matching.dataset import TrainingSet, build_training_set
from talentmatch.matching.labels import label_for, label_mapping
from talentmatch.matching.model import MatchModel, UnsafeArtifact
from talentmatch.matching.pipeline import (
    KIND,
    load_current,
    load_model,
    reload_current,
    train_and_publish,
)
from talentmatch.matching.splits import NotEnoughData
from talentmatch.matching.train import TrainedModel, train_match_model

__all__ = [
    "FEATURES",
    "IGNORED_FIELDS",
    "KIND",
    "PAYLOAD_FIELDS",
    "MatchModel",
    "NotEnoughData",
    "TrainedModel",
    "TrainingSet",
    "UnsafeArtifact",
    "build_training_set",
    "featurize",
    "label_for",
    "label_mapping",
    "load_current",
    "load_model",
    "payload_from_records",
    "reload_current",
    "train_and_publish",
    "train_match_model",
]
