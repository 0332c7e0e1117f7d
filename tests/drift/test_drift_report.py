"""The drift report itself (Evidently): no drift on a fresh sample, drift where it was put."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from talentmatch.drift.errors import NotEnoughPredictions
from talentmatch.drift.reference import PREDICTION
from talentmatch.drift.report import LARGE_SAMPLE, DriftReport, compute_drift, drift_method
from talentmatch.features.featurize import FEATURES
from tests.drift.conftest import Published

SKILLS = ("skill_coverage", "skill_coverage_declared", "skills_matched")
SHIFTED = {"years_experience", "english_candidate", *SKILLS}


@pytest.fixture(scope="module")
def halves(published: Published) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The training rows split at random: a reference and a window from the same distribution."""
    window = published.reference.sample(frac=0.4, random_state=1)
    return published.reference.drop(window.index), window.reset_index(drop=True)


@pytest.fixture(scope="module")
def unshifted(halves: tuple[pd.DataFrame, pd.DataFrame]) -> DriftReport:
    reference, window = halves
    return compute_drift(reference, window, features=FEATURES, drift_share=0.5)


@pytest.fixture(scope="module")
def shifted(published: Published, halves: tuple[pd.DataFrame, pd.DataFrame]) -> DriftReport:
    reference, window = halves
    frame = window[list(FEATURES)].copy()
    frame["years_experience"] += 8  # a market of far more senior candidates
    frame["english_candidate"] = 0.0  # nobody declares English any more
    frame[list(SKILLS)] = 0.0  # résumés that no longer match the vagas' requirements
    frame[PREDICTION] = published.model.predict_features(frame)
    return compute_drift(reference, frame, features=FEATURES, drift_share=0.5)


def by_feature(report: DriftReport) -> dict[str, dict[str, object]]:
    return {item["feature"]: item for item in report.summary["features"]}


def test_a_window_from_the_training_distribution_shows_no_drift(unshifted: DriftReport) -> None:
    summary = unshifted.summary
    assert summary["drifted"] is False
    assert summary["features_tested"] == len(FEATURES)
    # A test at the 5% level may flag a column or two by chance, never many.
    assert len(summary["drifted_features"]) <= 3, summary["drifted_features"]
    assert summary["drift_share"] == pytest.approx(
        len(summary["drifted_features"]) / len(FEATURES), abs=1e-6
    )
    assert summary["prediction"]["drifted"] is False


def test_the_shifted_features_are_reported_as_drifted(shifted: DriftReport) -> None:
    summary = shifted.summary
    drifted = set(summary["drifted_features"])
    assert drifted >= SHIFTED
    assert len(drifted - SHIFTED) <= 3, drifted - SHIFTED
    features = by_feature(shifted)
    for name in SHIFTED:
        item = features[name]
        assert item["method"] == "K-S p_value"
        assert item["score"] < item["threshold"] == 0.05  # type: ignore[operator]
    assert (
        features["years_experience"]["current_mean"]
        > features["years_experience"]["reference_mean"]
    )  # type: ignore[operator]
    # Résumés without the required skills score lower: the prediction drifted too.
    assert summary["prediction"]["drifted"] is True
    assert summary["prediction"]["current_mean"] < summary["prediction"]["reference_mean"]


def test_html_for_people_and_json_for_machines(shifted: DriftReport) -> None:
    assert shifted.html.lstrip().lower().startswith("<!doctype html>")
    assert "years_experience" in shifted.html
    snapshot = json.loads(shifted.evidently_json)
    assert snapshot["metrics"]
    json.dumps(shifted.summary)  # plain JSON: no numpy types, no NaN
    assert "NaN" not in json.dumps(shifted.summary)


def test_the_test_follows_the_smaller_sample() -> None:
    small, large = pd.Series(np.arange(100.0)), pd.Series(np.arange(5000.0))
    assert drift_method(large, small) == "ks"
    assert drift_method(large, pd.Series(np.arange(LARGE_SAMPLE + 1.0))) == "wasserstein"
    assert drift_method(large % 2, (large % 2).iloc[: LARGE_SAMPLE + 1]) == "jensenshannon"


def test_constant_and_empty_columns_do_not_break_the_report() -> None:
    rng = np.random.default_rng(0)
    reference = pd.DataFrame(
        {
            "constant": np.ones(300),
            "moved_constant": np.zeros(300),
            "empty_now": rng.normal(size=300),
            "normal": rng.normal(size=300),
            PREDICTION: rng.beta(2, 5, 300),
        }
    )
    current = pd.DataFrame(
        {
            "constant": np.ones(60),
            "moved_constant": np.ones(60),
            "empty_now": np.full(60, np.nan),
            "normal": rng.normal(size=60),
            PREDICTION: rng.beta(2, 5, 60),
        }
    )
    features = ["constant", "moved_constant", "empty_now", "normal"]
    report = compute_drift(reference, current, features=features, drift_share=0.5)
    items = by_feature(report)
    assert items["constant"]["drifted"] is False
    assert items["moved_constant"]["drifted"] is True
    assert items["empty_now"]["skipped"] == "sem valores na janela"
    assert items["empty_now"]["method"] is None
    assert report.summary["features_tested"] == 3
    assert report.summary["drifted_features"] == ["moved_constant"]


def test_no_comparable_feature_is_refused() -> None:
    reference = pd.DataFrame({"a": [1.0, 2.0, 3.0], PREDICTION: [0.1, 0.2, 0.3]})
    current = pd.DataFrame({"a": [np.nan] * 3, PREDICTION: [0.1, 0.2, 0.3]})
    with pytest.raises(NotEnoughPredictions):
        compute_drift(reference, current, features=["a"], drift_share=0.5)
