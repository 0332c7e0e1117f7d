"""The drift report, computed by Evidently: per-feature drift, prediction drift, statistics.

Every column is declared numerical (featurize output is numbers only), so Evidently never
infers a text or categorical type from a column with few values. The test of each column is
chosen explicitly with Evidently's own rule, applied to the smaller of the two samples rather
than to the reference alone: the window of recent predictions is usually far smaller than
the training set, and a distance measured on a few hundred rows is mostly noise.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import version as package_version
from typing import Any, Final

import numpy as np
import pandas as pd
from evidently import DataDefinition, Dataset, Report
from evidently.metrics import ValueDrift
from evidently.presets import DataDriftPreset, DataSummaryPreset

from talentmatch.drift.errors import NotEnoughPredictions
from talentmatch.drift.reference import PREDICTION

# Evidently switches from statistical tests to distances above 1,000 reference rows.
LARGE_SAMPLE: Final[int] = 1000
# Up to this many distinct values a column is compared as a distribution of categories.
FEW_VALUES: Final[int] = 5
METHOD_NAMES: Final[dict[str, str]] = {
    "ks": "K-S p_value",
    "wasserstein": "Wasserstein distance (normed)",
    "jensenshannon": "Jensen-Shannon distance",
}
# Evidently's verdicts: a p-value at or below the threshold, a distance at or above it.
P_VALUE_METHODS: Final[frozenset[str]] = frozenset({"ks"})


def drift_method(reference: pd.Series, current: pd.Series) -> str:
    """The Evidently test for one column, by the size of the smaller sample."""
    if min(int(reference.count()), int(current.count())) <= LARGE_SAMPLE:
        return "ks"
    distinct = pd.concat([reference, current]).nunique()
    return "jensenshannon" if distinct <= FEW_VALUES else "wasserstein"


@dataclass(frozen=True)
class DriftReport:
    """Evidently's HTML page and JSON snapshot, and the summary the API answers."""

    html: str
    evidently_json: str
    summary: dict[str, Any]


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) or math.isinf(number) else round(number, 6)


def _statistics(reference: pd.Series, current: pd.Series) -> dict[str, float | None]:
    return {
        "reference_mean": _number(reference.mean()),
        "current_mean": _number(current.mean()),
        "reference_missing_share": _number(reference.isna().mean()),
        "current_missing_share": _number(current.isna().mean()),
    }


def _detected(method: str, score: float, threshold: float) -> bool:
    return score <= threshold if method in P_VALUE_METHODS else score >= threshold


def _column_results(snapshot: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Score, threshold and verdict of every ValueDrift in an Evidently snapshot."""
    results: dict[str, dict[str, Any]] = {}
    for metric in snapshot["metrics"]:
        config = metric.get("config", {})
        if not str(config.get("type", "")).endswith(":ValueDrift"):
            continue
        method, score, threshold = config["method"], float(metric["value"]), config["threshold"]
        results[config["column"]] = {
            "method": METHOD_NAMES.get(method, method),
            "score": _number(score),
            "threshold": _number(threshold),
            "drifted": _detected(method, score, float(threshold)),
        }
    return results


def _drifted_share(snapshot: dict[str, Any]) -> float:
    for metric in snapshot["metrics"]:
        if str(metric.get("config", {}).get("type", "")).endswith(":DriftedColumnsCount"):
            return float(metric["value"]["share"])
    raise RuntimeError("Evidently's report has no DriftedColumnsCount")


def compute_drift(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    *,
    features: Sequence[str],
    drift_share: float,
    metadata: Mapping[str, str] | None = None,
) -> DriftReport:
    """Compare `current` with `reference` on `features` and on the predicted probability."""
    present = [name for name in features if name in reference.columns and name in current.columns]
    # A column without a single value in one window cannot be compared (Evidently raises).
    skipped = {
        name: "sem valores na referência"
        if reference[name].count() == 0
        else "sem valores na janela"
        for name in present
        if reference[name].count() == 0 or current[name].count() == 0
    }
    tested = [name for name in present if name not in skipped]
    if not tested:
        raise NotEnoughPredictions("Nenhuma feature tem valores na referência e na janela.")
    columns = [*tested, PREDICTION]
    methods = {name: drift_method(reference[name], current[name]) for name in columns}
    definition = DataDefinition(numerical_columns=columns)
    report = Report(
        [
            DataDriftPreset(
                columns=tested,
                drift_share=drift_share,
                per_column_method={name: methods[name] for name in tested},
            ),
            ValueDrift(column=PREDICTION, method=methods[PREDICTION]),
            DataSummaryPreset(columns=columns),
        ],
        metadata=dict(metadata or {}),
        # Evidently's pass/fail tests would add hundreds of checks of the summary statistics
        # to the page; the verdict that matters, drift per column, is in the drift table.
        include_tests=False,
    )
    # Constant columns make numpy divide by zero inside correlations: harmless, silenced
    # (np.errstate is local to this thread, unlike the warnings filters).
    with np.errstate(all="ignore"):
        snapshot = report.run(
            Dataset.from_pandas(current[columns], data_definition=definition),
            Dataset.from_pandas(reference[columns], data_definition=definition),
        )
    content = snapshot.dict()
    results = _column_results(content)
    share = _drifted_share(content)
    per_feature = [
        {"feature": name, **results[name], **_statistics(reference[name], current[name])}
        for name in tested
    ] + [
        {
            "feature": name,
            "method": None,
            "score": None,
            "threshold": None,
            "drifted": False,
            "skipped": reason,
            **_statistics(reference[name], current[name]),
        }
        for name, reason in skipped.items()
    ]
    summary = {
        "drifted": share >= drift_share,
        "drift_share": round(share, 6),
        "drift_share_threshold": drift_share,
        "features_tested": len(tested),
        "drifted_features": [name for name in tested if results[name]["drifted"]],
        "prediction": {
            "feature": PREDICTION,
            **results[PREDICTION],
            **_statistics(reference[PREDICTION], current[PREDICTION]),
        },
        "reference_rows": len(reference),
        "current_rows": len(current),
        "features": per_feature,
        "evidently_version": package_version("evidently"),
    }
    return DriftReport(
        html=snapshot.get_html_str(as_iframe=False),
        evidently_json=snapshot.json(),
        summary=summary,
    )


__all__ = ["DriftReport", "compute_drift", "drift_method"]
