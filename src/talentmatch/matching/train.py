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
from sklearn.model_selection import cross_val_predict
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from talentmatch.evaluation.metrics import (
    best_f1_threshold,
    classification_metrics,
    ranking_metrics,
)
from talentmatch.evaluation.truth import Oracle
from talentmatch.features.featurize import FEATURES
from talentmatch.matching.dataset import TrainingSet
from talentmatch.matching.guard import describe_guard, guard_features
from talentmatch.matching.model import MatchModel, typical_values
from talentmatch.matching.splits import TEST_SHARE, _check, _split, refuse

logger = logging.getLogger(__name__)


# The boosted model must beat the linear one by this much (CV ROC-AUC) to be kept: the
# linear one is faster, smaller and its explanations are easier to trust.
BOOSTED_MARGIN: Final[float] = 0.002
CALIBRATION: Final[str] = "sigmoid"  # Platt: smooth, so explanations never hit isotonic steps
# Early stopping holds out 10% of a fit, stratified: only on fits large enough for it.
EARLY_STOPPING_MIN_ROWS: Final[int] = 1000
EARLY_STOPPING_MIN_CLASS: Final[int] = 50
SINGLE_THREAD_ROWS: Final[int] = 5000


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


def _choose(scores: dict[str, float]) -> str:
    linear, boosted = scores["logistic_regression"], scores["hist_gradient_boosting"]
    return "hist_gradient_boosting" if boosted > linear + BOOSTED_MARGIN else "logistic_regression"


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
    "TrainedModel",
    "train_match_model",
]
