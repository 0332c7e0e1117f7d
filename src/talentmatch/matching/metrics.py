"""Metrics of a match model: ranking quality, calibration, and the decision at a threshold."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    f1_score,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_auc_score,
)

Labels = NDArray[Any]
Scores = NDArray[Any]


def _r(value: float) -> float:
    return round(float(value), 4)


def ranking_metrics(labels: Labels, scores: Scores) -> dict[str, float]:
    """ROC-AUC, PR-AUC (average precision) and Brier score of probabilities."""
    return {
        "roc_auc": _r(roc_auc_score(labels, scores)),
        "pr_auc": _r(average_precision_score(labels, scores)),
        "brier": _r(brier_score_loss(labels, np.clip(scores, 0.0, 1.0))),
    }


def classification_metrics(labels: Labels, scores: Scores, threshold: float) -> dict[str, float]:
    """F1, precision and recall at the threshold; base rates for comparison."""
    predicted = (scores >= threshold).astype(int)
    positive_rate = float(np.mean(labels))
    return {
        "threshold": _r(threshold),
        "f1": _r(f1_score(labels, predicted, zero_division=0)),
        "precision": _r(precision_score(labels, predicted, zero_division=0)),
        "recall": _r(recall_score(labels, predicted, zero_division=0)),
        "positive_rate": _r(positive_rate),
        "predicted_positive_rate": _r(np.mean(predicted)),
        # What a constant guess of the base rate scores: the Brier score to beat.
        "brier_base_rate": _r(positive_rate * (1 - positive_rate)),
        "rows": float(len(labels)),
    }


def best_f1_threshold(labels: Labels, scores: Scores) -> float:
    """The score threshold that maximises F1 on these rows."""
    precision, recall, thresholds = precision_recall_curve(labels, scores)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    # The last precision/recall pair has no threshold.
    return float(thresholds[int(np.argmax(f1[:-1]))])
