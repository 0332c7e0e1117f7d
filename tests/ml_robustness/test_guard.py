"""The feature guard's rule, column by column."""

from __future__ import annotations

import numpy as np

from talentmatch.matching.guard import guard_features

NAN = np.nan


def test_the_guard_drops_missing_and_constant_columns_and_keeps_partly_missing_ones() -> None:
    rows = 8
    matrix = np.column_stack(
        [
            np.full(rows, NAN),  # missing everywhere
            np.full(rows, 2.0),  # constant
            np.array([1.0, 2, NAN, NAN, NAN, NAN, NAN, NAN]),  # missing in fold 2's training
            np.array([1.0, NAN, 1, NAN, 1, NAN, 1, NAN]),  # one value, sometimes missing
            np.arange(rows, dtype=float),  # varies
        ]
    )
    first, second = np.arange(0, 4), np.arange(4, 8)
    folds = [(second, first), (first, second), (np.array([2, 3, 4, 5, 6, 7]), np.array([0, 1]))]
    names = ("all_nan", "constant", "fold_nan", "partly_missing", "varies")
    dropped = guard_features(matrix, folds, names)
    assert dropped == {
        "all_nan": "missing in every training row",
        "constant": "constant: 2.0 in every training row",
        "fold_nan": "missing in every row of a cross-validation training fold",
    }
