"""Metrics of a match model: ranking quality, calibration, and the decision at a threshold."""

from __future__ import annotations

from math import comb
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


# --- ranking by real outcomes: where a vaga's hired candidates land among its prospects ---
RANKING_KS = (5, 10)
NDCG_K = 10


def _query_figures(relevant: NDArray[Any]) -> dict[str, float]:
    """MRR, recall@k, nDCG@10 of one ranked list; `relevant` = 0-based positions of the hits."""
    positions = np.sort(relevant)
    figures = {"mrr": 1.0 / (positions[0] + 1)}
    for k in RANKING_KS:
        figures[f"recall_at_{k}"] = float(np.sum(positions < k)) / len(positions)
    discount = 1.0 / np.log2(np.arange(2, NDCG_K + 2))
    dcg = float(discount[positions[positions < NDCG_K]].sum())
    ideal = float(discount[: min(len(positions), NDCG_K)].sum())
    figures[f"ndcg_at_{NDCG_K}"] = dcg / ideal
    return figures


def _random_figures(relevant: int, n: int) -> dict[str, float]:
    """The expected figures of a uniformly random order of n items, `relevant` of them hits."""
    total = comb(n, relevant)
    # P(first hit at position i, 1-based) = C(n - i, relevant - 1) / C(n, relevant)
    mrr = sum(comb(n - i, relevant - 1) / total / i for i in range(1, n - relevant + 2))
    figures = {"mrr": mrr}
    for k in RANKING_KS:
        figures[f"recall_at_{k}"] = min(k, n) / n
    discount = 1.0 / np.log2(np.arange(2, NDCG_K + 2))
    expected_dcg = float(discount[: min(n, NDCG_K)].sum()) * relevant / n
    ideal = float(discount[: min(relevant, NDCG_K)].sum())
    figures[f"ndcg_at_{NDCG_K}"] = expected_dcg / ideal
    return figures


def outcome_queries(groups: NDArray[Any], labels: NDArray[Any]) -> list[NDArray[np.intp]]:
    """Row indices of each group (vaga) that can be ranked: at least one hit and one miss."""
    order = np.argsort(groups, kind="stable")
    boundaries = np.flatnonzero(np.diff(groups[order])) + 1
    queries = []
    for rows in np.split(order, boundaries):
        hits = int(labels[rows].sum())
        if 0 < hits < len(rows):
            queries.append(rows)
    return queries


def outcome_ranking(
    queries: list[NDArray[np.intp]],
    labels: NDArray[Any],
    scores: NDArray[Any],
    *,
    seed: int = 0,
) -> dict[str, float]:
    """Mean MRR, recall@5, recall@10 and nDCG@10 of the rows of each query ordered by score.

    Ties are broken by a seeded random order, so a constant score ranks like chance.
    """
    rng = np.random.default_rng(seed)
    totals: dict[str, float] = {}
    for rows in queries:
        tiebreak = rng.permutation(len(rows))
        ranked = rows[np.lexsort((tiebreak, -np.asarray(scores)[rows]))]
        relevant = np.flatnonzero(np.asarray(labels)[ranked] == 1)
        for name, value in _query_figures(relevant).items():
            totals[name] = totals.get(name, 0.0) + value
    return {name: _r(value / len(queries)) for name, value in totals.items()}


def random_ranking(queries: list[NDArray[np.intp]], labels: NDArray[Any]) -> dict[str, float]:
    """What a random order of each query's rows scores on average (the figure to beat)."""
    totals: dict[str, float] = {}
    for rows in queries:
        figures = _random_figures(int(np.asarray(labels)[rows].sum()), len(rows))
        for name, value in figures.items():
            totals[name] = totals.get(name, 0.0) + value
    return {name: _r(value / len(queries)) for name, value in totals.items()}
