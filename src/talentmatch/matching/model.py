"""The loaded match model: featurize, predict calibrated probabilities, explain a score."""

from __future__ import annotations

import math
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import pandas as pd
import skops.io as sio
from numpy.typing import NDArray

from talentmatch.core.errors import DomainError
from talentmatch.features.featurize import DESCRIPTIONS, FEATURES, featurize
from talentmatch.features.schema import MatchPayload

ARTIFACT_FORMAT: Final[int] = 1
# Types skops does not trust by default that our pipelines legitimately contain. Anything
# else in an artifact is refused before it is loaded: a model file cannot run foreign code.
ALLOWED_TYPES: Final[frozenset[str]] = frozenset(
    {
        "numpy.dtype",
        "sklearn.calibration._CalibratedClassifier",
        "sklearn.calibration._SigmoidCalibration",
        "sklearn.calibration._IsotonicCalibration",
        "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
        "sklearn.ensemble._hist_gradient_boosting.binning._BinMapper",
    }
)

Payload = Mapping[str, Any] | MatchPayload


class UnsafeArtifact(DomainError):
    """An artifact holds types outside the allow-list, or is not a match model at all."""

    status_code = 500


@dataclass
class MatchModel:
    """A calibrated classifier over `featurize` output, its threshold and its typical values."""

    pipeline: Any  # a fitted scikit-learn classifier over featurize's columns, as floats
    threshold: float
    # Value of each feature in a typical training pair: the reference point of explanations.
    baseline: dict[str, float]
    name: str = "match"
    features: tuple[str, ...] = FEATURES
    version: str | None = field(default=None, compare=False)

    def predict_proba(self, payloads: Sequence[Payload]) -> list[float]:
        """Calibrated match probability of each payload, in [0, 1]."""
        if not payloads:
            return []
        return self.predict_features(featurize(payloads))

    def predict_one(self, payload: Payload) -> float:
        """Calibrated match probability of one payload."""
        return self.predict_proba([payload])[0]

    def is_match(self, probability: float) -> bool:
        """True when the probability reaches the threshold chosen on validation data."""
        return probability >= self.threshold

    def explain(self, payload: Payload, top: int = 5) -> list[dict[str, Any]]:
        """The `top` features that moved this score most, with their effect in probability.

        Occlusion: each feature in turn is set to its typical training value and the pair is
        scored again; the contribution is how much the real value moved the probability
        (positive: towards a match). One batched prediction, honest for any model type.
        """
        row = self._matrix(featurize([payload]))[0]
        typical = np.array([self.baseline[name] for name in self.features], dtype=np.float64)
        moved = [i for i in range(len(row)) if _differs(row[i], typical[i])]
        if not moved:
            return []
        variants = np.repeat(row[np.newaxis, :], len(moved) + 1, axis=0)
        for offset, column in enumerate(moved, start=1):
            variants[offset, column] = typical[column]
        probs = self._predict(variants)
        effects = sorted(
            ((column, probs[0] - probs[offset]) for offset, column in enumerate(moved, start=1)),
            key=lambda item: abs(item[1]),
            reverse=True,
        )
        return [
            {
                "feature": self.features[column],
                "description": DESCRIPTIONS.get(self.features[column], self.features[column]),
                "value": _jsonable(row[column]),
                "typical_value": _jsonable(typical[column]),
                "contribution": round(float(effect), 4),
            }
            for column, effect in effects[:top]
            if effect != 0
        ]

    def predict_features(self, frame: pd.DataFrame) -> list[float]:
        """Probabilities of rows `featurize` already built (training, batch scoring)."""
        return self._predict(self._matrix(frame))

    def _matrix(self, frame: pd.DataFrame) -> NDArray[np.float64]:
        if tuple(frame.columns) != self.features:
            frame = frame[list(self.features)]
        return frame.to_numpy(dtype=np.float64)

    def _predict(self, matrix: NDArray[np.float64]) -> list[float]:
        proba = self.pipeline.predict_proba(matrix)[:, 1]
        return [float(p) for p in np.clip(proba, 0.0, 1.0)]

    def to_bytes(self) -> bytes:
        """The skops artifact: pipeline, threshold, features and baseline in one file."""
        state = {
            "format": ARTIFACT_FORMAT,
            "name": self.name,
            "pipeline": self.pipeline,
            "threshold": float(self.threshold),
            "features": list(self.features),
            "baseline": dict(self.baseline),
        }
        return sio.dumps(state, compression=zipfile.ZIP_DEFLATED)

    @classmethod
    def from_bytes(cls, data: bytes, *, version: str | None = None) -> MatchModel:
        """Load an artifact written by `to_bytes`, refusing any type outside ALLOWED_TYPES."""
        try:
            untrusted = sio.get_untrusted_types(data=data)
        except Exception as exc:  # skops raises several types on a damaged zip
            raise UnsafeArtifact(f"o artefato do modelo não pôde ser lido: {exc}") from exc
        unexpected = sorted(set(untrusted) - ALLOWED_TYPES)
        if unexpected:
            raise UnsafeArtifact(f"o artefato contém tipos não permitidos: {unexpected}")
        state = sio.loads(data, trusted=untrusted)
        if not isinstance(state, dict) or state.get("format") != ARTIFACT_FORMAT:
            raise UnsafeArtifact("o artefato não é um modelo de match deste formato")
        features = tuple(state["features"])
        if set(features) - set(FEATURES):
            # A model trained on features this code cannot compute would score garbage.
            raise UnsafeArtifact(f"o modelo usa atributos desconhecidos: {features}")
        return cls(
            pipeline=state["pipeline"],
            threshold=float(state["threshold"]),
            baseline=dict(state["baseline"]),
            name=str(state["name"]),
            features=features,
            version=version,
        )


def _differs(value: float, typical: float) -> bool:
    if math.isnan(value) and math.isnan(typical):
        return False
    return bool(value != typical)


def _jsonable(value: float) -> float | None:
    return None if math.isnan(value) else round(float(value), 4)


def typical_values(frame: pd.DataFrame) -> dict[str, float]:
    """Median of each feature over the training rows (NaN when never known)."""
    medians = frame.median(skipna=True)
    return {name: float(medians[name]) for name in frame.columns}
