"""The feature guard: columns dropped before either model family sees them, and its record."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from talentmatch.features.featurize import FEATURES


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


__all__ = ["describe_guard", "guard_features"]
