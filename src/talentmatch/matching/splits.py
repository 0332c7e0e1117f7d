"""What match training refuses, and the grouped dev/test/CV rows it trains on.

No vaga has rows on both sides of a split, so every score is one on unseen vagas; when the
data cannot give such a split, training stops with a NotEnoughData that says what is missing.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray
from sklearn.model_selection import GroupKFold, GroupShuffleSplit

from talentmatch.core.errors import InvalidInput
from talentmatch.matching.dataset import TrainingSet

TEST_SHARE: Final[float] = 0.2
FOLDS: Final[int] = 5
# The least data a model is trained on: below, the grouped test and CV say nothing.
MIN_ROWS: Final[int] = 50
MIN_PER_CLASS: Final[int] = 5
MIN_VAGAS: Final[int] = 3  # one vaga at least on the test side, two for CV on the dev side
SPLIT_ATTEMPTS: Final[int] = 20  # other shuffles when a side of the split lacks a class


class NotEnoughData(InvalidInput):
    """The training data cannot give a model evaluated on unseen vagas; says what is missing."""


def grouped_split(
    groups: NDArray[np.int64], *, seed: int, test_share: float = TEST_SHARE
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Row indices of (dev, test) such that no vaga has rows on both sides."""
    splitter = GroupShuffleSplit(n_splits=1, test_size=test_share, random_state=seed)
    dev, test = next(splitter.split(np.zeros(len(groups)), groups=groups))
    return dev, test


def _counts(training_set: TrainingSet) -> str:
    labels = training_set.labels
    positives = int(labels.sum())
    unlabelled = training_set.stats.get("dropped_in_progress_or_unknown", 0)
    return (
        f"encontrados {len(labels)} prospects finalizados ({positives} positivos, "
        f"{len(labels) - positives} negativos) em {len(np.unique(training_set.groups))} vagas; "
        f"{unlabelled} em andamento ou com status desconhecido"
    )


def refuse(training_set: TrainingSet, need: str) -> NotEnoughData:
    """The one-line refusal: what training needs, then the counts of what it found."""
    return NotEnoughData(f"o treino do modelo de match precisa de {need}; {_counts(training_set)}")


def _check(training_set: TrainingSet) -> None:
    labels = training_set.labels
    positives = int(labels.sum())
    if (
        len(labels) < MIN_ROWS
        or min(positives, len(labels) - positives) < MIN_PER_CLASS
        or len(np.unique(training_set.groups)) < MIN_VAGAS
    ):
        raise refuse(
            training_set,
            f"ao menos {MIN_ROWS} prospects finalizados com os dois desfechos "
            f"(ao menos {MIN_PER_CLASS} de cada) em ao menos {MIN_VAGAS} vagas",
        )


def _both(labels: NDArray[np.int8]) -> bool:
    return len(np.unique(labels)) == 2


def _folds(
    y_dev: NDArray[np.int8], g_dev: NDArray[np.int64], seed: int
) -> list[tuple[NDArray[np.intp], NDArray[np.intp]]] | None:
    """Grouped CV folds whose every training part has both classes (fewer folds if needed)."""
    for n_folds in range(min(FOLDS, len(np.unique(g_dev))), 1, -1):
        splitter = GroupKFold(n_splits=n_folds, shuffle=True, random_state=seed)
        folds = list(splitter.split(np.zeros(len(y_dev)), y_dev, g_dev))
        if all(_both(y_dev[train]) for train, _ in folds):
            return folds
    return None


def _split(
    training_set: TrainingSet, seed: int
) -> tuple[NDArray[np.intp], NDArray[np.intp], list[tuple[NDArray[np.intp], NDArray[np.intp]]]]:
    """(dev, test, CV folds of dev): both outcomes in test and in every CV training part.

    The seed's shuffle first; when a side lacks a class (outcomes in few vagas), the next
    shuffles, up to SPLIT_ATTEMPTS; then a refusal.
    """
    labels, groups = training_set.labels, training_set.groups
    for attempt in range(SPLIT_ATTEMPTS):
        dev, test = grouped_split(groups, seed=seed + attempt)
        if not (_both(labels[dev]) and _both(labels[test])):
            continue
        folds = _folds(labels[dev], groups[dev], seed)
        if folds is not None:
            return dev, test, folds
    with_positive = len(np.unique(groups[labels == 1]))
    with_negative = len(np.unique(groups[labels == 0]))
    raise refuse(
        training_set,
        "os dois desfechos em vagas suficientes para avaliar em vagas não vistas "
        f"(positivos em {with_positive} vagas, negativos em {with_negative})",
    )


__all__ = [
    "FOLDS",
    "MIN_PER_CLASS",
    "MIN_ROWS",
    "MIN_VAGAS",
    "SPLIT_ATTEMPTS",
    "TEST_SHARE",
    "NotEnoughData",
    "grouped_split",
    "refuse",
]
