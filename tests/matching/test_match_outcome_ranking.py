"""Ranking by real outcomes: where each held-out vaga's hired candidates land (no generator)."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

from talentmatch.evaluation.metrics import outcome_queries, outcome_ranking, random_ranking
from talentmatch.matching.pipeline import held_out_ranking
from talentmatch.matching.train import TrainedModel
from tests.matching.conftest import MatchData


def test_figures_of_a_known_order() -> None:
    # vaga 1: the hire is second of three; vaga 2: hires first and third of four;
    # vaga 3 has no hire and vaga 4 only hires: neither can be ranked.
    groups = np.array([1, 1, 1, 2, 2, 2, 2, 3, 3, 4])
    labels = np.array([0, 1, 0, 1, 0, 1, 0, 0, 0, 1])
    scores = np.array([0.9, 0.5, 0.1, 0.8, 0.7, 0.6, 0.1, 0.5, 0.4, 0.3])
    queries = outcome_queries(groups, labels)
    assert [sorted(q.tolist()) for q in queries] == [[0, 1, 2], [3, 4, 5, 6]]
    figures = outcome_ranking(queries, labels, scores)
    assert figures["mrr"] == pytest.approx((1 / 2 + 1) / 2)
    assert figures["recall_at_5"] == 1.0 and figures["recall_at_10"] == 1.0
    first = (1 / np.log2(3)) / 1.0
    second = (1 + 1 / np.log2(4)) / (1 + 1 / np.log2(3))
    assert figures["ndcg_at_10"] == pytest.approx((first + second) / 2, abs=1e-4)


def test_the_random_baseline_is_the_mean_over_every_order() -> None:
    labels = np.array([1, 0, 1, 0, 0])
    queries = [np.arange(5)]
    expected = random_ranking(queries, labels)
    totals: dict[str, float] = {}
    orders = list(itertools.permutations(range(5)))
    for order in orders:
        figures = outcome_ranking(queries, labels, -np.asarray(order, dtype=float))
        for name, value in figures.items():
            totals[name] = totals.get(name, 0.0) + value / len(orders)
    assert expected == pytest.approx(totals, abs=1e-3)


def test_a_constant_score_ranks_like_chance() -> None:
    rng = np.random.default_rng(0)
    groups = np.repeat(np.arange(300), 8)
    labels = (rng.random(len(groups)) < 0.3).astype(int)
    queries = outcome_queries(groups, labels)
    constant = outcome_ranking(queries, labels, np.zeros(len(groups)))
    chance = random_ranking(queries, labels)
    assert constant["mrr"] == pytest.approx(chance["mrr"], abs=0.03)


def test_the_model_ranks_hires_above_chance_on_held_out_vagas(
    trained: TrainedModel, match_data: MatchData
) -> None:
    truth = match_data.truth
    ranking = held_out_ranking(trained, lambda c, v: truth.propensity(str(c), str(v)))
    assert ranking["vagas"] >= 10
    model, chance, oracle = ranking["model"], ranking["random"], ranking["oracle"]
    assert set(model) == {"mrr", "recall_at_5", "recall_at_10", "ndcg_at_10"}
    assert model["mrr"] > chance["mrr"] + 0.05
    assert model["ndcg_at_10"] > chance["ndcg_at_10"] + 0.03
    assert oracle["mrr"] > chance["mrr"]


def test_too_few_outcomes_are_recorded_not_raised(trained: TrainedModel) -> None:
    first = trained.test_keys[0][0]
    rows = [i for i, (vaga, _) in enumerate(trained.test_keys) if vaga == first]
    few = dataclasses.replace(
        trained,
        test_keys=[trained.test_keys[i] for i in rows],
        test_labels=trained.test_labels[rows],
        test_probabilities=trained.test_probabilities[rows],
    )
    ranking = held_out_ranking(few)
    assert ranking == {"skipped": ranking["skipped"]}
    assert "fewer than 5 held-out vagas" in ranking["skipped"]
