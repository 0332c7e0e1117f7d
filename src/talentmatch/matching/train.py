"""Train the match model: grouped split, linear vs boosted candidates, calibration, metrics."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray
from sklearn.base import ClassifierMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, GroupShuffleSplit, cross_val_predict
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from talentmatch.core.errors import InvalidInput
from talentmatch.evaluation.metrics import (
    best_f1_threshold,
    classification_metrics,
    ranking_metrics,
)
from talentmatch.evaluation.truth import Oracle
from talentmatch.features.featurize import FEATURES
from talentmatch.matching.dataset import TrainingSet
from talentmatch.matching.model import MatchModel, typical_values

logger = logging.getLogger(__name__)


TEST_SHARE: Final[float] = 0.2
FOLDS: Final[int] = 5
# The boosted model must beat the linear one by this much (CV ROC-AUC) to be kept: the
# linear one is faster, smaller and its explanations are easier to trust.
BOOSTED_MARGIN: Final[float] = 0.002
CALIBRATION: Final[str] = "sigmoid"  # Platt: smooth, so explanations never hit isotonic steps
# The least data a model is trained on: below, the grouped test and CV say nothing.
MIN_ROWS: Final[int] = 50
MIN_PER_CLASS: Final[int] = 5
MIN_VAGAS: Final[int] = 3  # one vaga at least on the test side, two for CV on the dev side
SPLIT_ATTEMPTS: Final[int] = 20  # other shuffles when a side of the split lacks a class
# Early stopping holds out 10% of a fit, stratified: only on fits large enough for it.
EARLY_STOPPING_MIN_ROWS: Final[int] = 1000
EARLY_STOPPING_MIN_CLASS: Final[int] = 50
SINGLE_THREAD_ROWS: Final[int] = 5000


class NotEnoughData(InvalidInput):
    """The training data cannot give a model evaluated on unseen vagas; says what is missing."""


@dataclass
class TrainedModel:
    """A calibrated model, its test metrics, the candidates compared, and the test rows."""

    model: MatchModel
    chosen: str
    metrics: dict[str, float]
    comparison: list[dict[str, Any]]
    split: dict[str, Any]
    feature_guard: dict[str, Any]
    test_keys: list[tuple[int, int]] = field(repr=False)
    test_labels: NDArray[np.int8] = field(repr=False)
    test_probabilities: NDArray[np.float64] = field(repr=False)


def candidates(
    seed: int, *, early_stopping: bool = True
) -> dict[str, Pipeline | HistGradientBoostingClassifier]:
    """The two model families compared, both on the guarded columns of featurize's matrix."""
    return {
        "logistic_regression": make_pipeline(
            # Unknown values: the median, plus a 0/1 column saying it was unknown.
            SimpleImputer(strategy="median", add_indicator=True),
            StandardScaler(),
            LogisticRegression(C=0.1, max_iter=2000),
        ),
        # Trees split on NaN natively: no imputation.
        "hist_gradient_boosting": HistGradientBoostingClassifier(
            learning_rate=0.05,
            max_iter=400 if early_stopping else 100,
            max_depth=3,
            min_samples_leaf=50,
            l2_regularization=1.0,
            early_stopping=early_stopping,
            random_state=seed,
        ),
    }


def grouped_split(
    groups: NDArray[np.int64], *, seed: int, test_share: float = TEST_SHARE
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Row indices of (dev, test) such that no vaga has rows on both sides."""
    splitter = GroupShuffleSplit(n_splits=1, test_size=test_share, random_state=seed)
    dev, test = next(splitter.split(np.zeros(len(groups)), groups=groups))
    return dev, test


def _choose(scores: dict[str, float]) -> str:
    linear, boosted = scores["logistic_regression"], scores["hist_gradient_boosting"]
    return "hist_gradient_boosting" if boosted > linear + BOOSTED_MARGIN else "logistic_regression"


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


def guard_features(
    x_dev: NDArray[np.float64],
    folds: list[tuple[NDArray[np.intp], NDArray[np.intp]]],
    names: tuple[str, ...] = FEATURES,
) -> dict[str, str]:
    """Features dropped before either model family sees them, with the reason.

    Missing (NaN) in every dev row, or in every row of a CV training part (boosted trees
    cannot bin a column without a value), or one same known value in every dev row (nothing
    to learn). A column missing only sometimes is kept: both families read missingness.
    """
    dropped: dict[str, str] = {}
    observed = ~np.isnan(x_dev)
    for column, name in enumerate(names):
        seen = observed[:, column]
        if not seen.any():
            dropped[name] = "missing in every training row"
        elif any(not seen[train].any() for train, _ in folds):
            dropped[name] = "missing in every row of a cross-validation training fold"
        elif seen.all() and np.ptp(x_dev[:, column]) == 0:
            dropped[name] = f"constant: {float(x_dev[0, column])!r} in every training row"
    return dropped


def describe_guard(dropped: dict[str, str], kept: tuple[str, ...]) -> dict[str, Any]:
    """The feature guard as the manifest records it."""
    return {
        "rule": "drop a feature missing in every training row (or in every row of a CV "
        "training fold) or constant in every training row; serving reads only the kept ones",
        "dropped": dropped,
        "kept": list(kept),
        "missing_values": {
            "logistic_regression": "median of the training rows, plus a 0/1 missing indicator",
            "hist_gradient_boosting": "native: NaN is its own branch of each split",
        },
    }


def train_match_model(
    training_set: TrainingSet, *, seed: int = 42, oracle: Oracle | None = None
) -> TrainedModel:
    """Compare candidates by grouped CV, calibrate the better one, score it on unseen vagas."""
    _check(training_set)
    # Small fits run faster on one thread, and do not spin against another OpenMP runtime
    # (torch's, when the recommender trained in the same process).
    small = len(training_set) < SINGLE_THREAD_ROWS
    with threadpool_limits(limits=1 if small else None, user_api="openmp"):
        return _train(training_set, seed=seed, oracle=oracle)


def _train(training_set: TrainingSet, *, seed: int, oracle: Oracle | None) -> TrainedModel:
    started = time.perf_counter()
    frame = training_set.features
    labels, groups = training_set.labels, training_set.groups
    dev, test, folds = _split(training_set, seed)
    full = frame.to_numpy(dtype=np.float64)
    dropped = guard_features(full[dev], folds)
    kept = tuple(name for name in FEATURES if name not in dropped)
    if not kept:
        raise refuse(training_set, "ao menos um atributo que varie nas linhas de treino")
    columns = [FEATURES.index(name) for name in kept]
    matrix = full[:, columns]
    x_dev, y_dev, x_test, y_test = matrix[dev], labels[dev], matrix[test], labels[test]
    n_folds = len(folds)
    smallest = min(
        (int(np.bincount(y_dev[train], minlength=2).min()), len(train)) for train, _ in folds
    )
    early_stopping = (
        smallest[1] >= EARLY_STOPPING_MIN_ROWS and smallest[0] >= EARLY_STOPPING_MIN_CLASS
    )
    if dropped:
        logger.warning("match features dropped by the guard: %s", dropped)

    comparison: list[dict[str, Any]] = []
    out_of_fold: dict[str, NDArray[np.float64]] = {}
    for name, estimator in candidates(seed, early_stopping=early_stopping).items():
        tic = time.perf_counter()
        oof = cross_val_predict(estimator, x_dev, y_dev, cv=folds, method="predict_proba")[:, 1]
        refit: ClassifierMixin = clone(estimator).fit(x_dev, y_dev)
        test_scores = refit.predict_proba(x_test)[:, 1]  # type: ignore[attr-defined]
        out_of_fold[name] = oof
        comparison.append(
            {
                "model": name,
                **{f"cv_{k}": v for k, v in ranking_metrics(y_dev, oof).items()},
                **{f"test_{k}": v for k, v in ranking_metrics(y_test, test_scores).items()},
                "seconds": round(time.perf_counter() - tic, 2),
            }
        )
    chosen = _choose({row["model"]: row["cv_roc_auc"] for row in comparison})
    for row in comparison:
        row["chosen"] = row["model"] == chosen
    logger.info("match candidates: %s; chosen %s", comparison, chosen)

    best = candidates(seed, early_stopping=early_stopping)[chosen]
    calibrated = CalibratedClassifierCV(best, method=CALIBRATION, cv=folds, ensemble=False)
    calibrated.fit(x_dev, y_dev)
    # The calibrator was fitted on these same out-of-fold scores: map them through it to get
    # honest (out-of-fold) calibrated probabilities, and pick the threshold on those.
    oof = np.clip(out_of_fold[chosen], 1e-12, 1 - 1e-12)
    calibrator = calibrated.calibrated_classifiers_[0].calibrators[0]
    oof_calibrated = calibrator.predict(np.log(oof / (1 - oof)))
    threshold = best_f1_threshold(y_dev, oof_calibrated)

    model = MatchModel(
        pipeline=calibrated,
        threshold=threshold,
        baseline=typical_values(frame.iloc[dev][list(kept)]),
        features=kept,
    )
    test_probabilities = np.asarray(model.predict_features(frame.iloc[test]))
    metrics = {
        **ranking_metrics(y_test, test_probabilities),
        **classification_metrics(y_test, test_probabilities, threshold),
    }
    test_keys = [training_set.keys[i] for i in test]
    if oracle is not None:
        truth = np.array([oracle(candidato, vaga) for vaga, candidato in test_keys])
        oracle_metrics = ranking_metrics(y_test, truth)
        metrics["oracle_roc_auc"] = oracle_metrics["roc_auc"]
        metrics["oracle_brier"] = oracle_metrics["brier"]
        metrics["oracle_gap_roc_auc"] = round(oracle_metrics["roc_auc"] - metrics["roc_auc"], 4)
    metrics["train_seconds"] = round(time.perf_counter() - started, 2)
    return TrainedModel(
        model=model,
        chosen=chosen,
        metrics=metrics,
        comparison=comparison,
        split={
            "method": "GroupShuffleSplit by codigo_vaga (test), GroupKFold by codigo_vaga (CV)",
            "seed": seed,
            "test_share": TEST_SHARE,
            "folds": n_folds,
            "rows_dev": len(dev),
            "rows_test": len(test),
            "vagas_dev": len(np.unique(groups[dev])),
            "vagas_test": len(np.unique(groups[test])),
            "selection": f"CV ROC-AUC; boosted kept only if ahead by > {BOOSTED_MARGIN}",
            "calibration": f"{CALIBRATION}, fitted on out-of-fold scores of the dev vagas",
            "threshold": "max F1 on out-of-fold calibrated probabilities of the dev vagas",
            "early_stopping": early_stopping,
        },
        feature_guard=describe_guard(dropped, kept),
        test_keys=test_keys,
        test_labels=y_test,
        test_probabilities=test_probabilities,
    )


__all__ = [
    "FEATURES",
    "NotEnoughData",
    "TrainedModel",
    "guard_features",
    "train_match_model",
]
