"""Choose and evaluate the recommender by the data's own outcomes (no ground truth needed).

For held-out vagas (the match model's test vagas when one is given, so its re-ranking is
judged on vagas it never trained on), each vaga's finished prospects are ordered by every
method's score, exactly as serving orders candidates (z-scores over every candidate,
`reranked` re-orders the hybrid pool by the match model), and scored by where the hired
candidates land: MRR, recall@5, recall@10, nDCG@10 (relevant = label 1 of
`matching.labels.label_for`). The vagas are split in two halves: the hybrid weight and the
default method are chosen on the validation half, the figures reported are the test half's.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Engine, select
from sqlmodel import col

from talentmatch.evaluation.metrics import NDCG_K, outcome_ranking, random_ranking
from talentmatch.features.payload import payload_from_records
from talentmatch.features.records import fetch_records
from talentmatch.matching.labels import label_for
from talentmatch.matching.model import MatchModel
from talentmatch.prospects.models import Prospect
from talentmatch.recommending.index import METHODS, Method, standardise
from talentmatch.recommending.lexical import lexical_scores
from talentmatch.recommending.model import Recommender
from talentmatch.recommending.records import CANDIDATOS, VAGAS

logger = logging.getLogger(__name__)

WEIGHTS: Final[tuple[float, ...]] = tuple(round(i / 10, 1) for i in range(11))
MIN_VAGAS_PER_HALF: Final[int] = 5
CHUNK: Final[int] = 64
DIRECTION: Final[str] = "vaga_to_candidatos"
HOW: Final[str] = (
    "each held-out vaga's finished prospects ordered as serving orders candidates; "
    "relevant = a positive status (matching.labels.label_for == 1); vagas with at least "
    "one positive and one negative prospect; chosen on the validation vagas, reported on test"
)


@dataclass
class _Queries:
    """The vagas evaluated: each one's prospects (positions among candidates) and labels."""

    vagas: list[int]
    prospects: list[NDArray[np.int64]]  # positions in recommender.candidatos
    labels: list[NDArray[np.int8]]
    dense: list[NDArray[np.float32]]  # z-scores over every candidate, at the prospects
    lexical: list[NDArray[np.float32]]

    def flat(self, part: list[int], scores: list[NDArray[Any]]) -> dict[str, Any]:
        labels = np.concatenate([self.labels[i] for i in part])
        values = np.concatenate([scores[i] for i in part])
        bounds = np.cumsum([0] + [len(self.labels[i]) for i in part])
        queries = [np.arange(bounds[j], bounds[j + 1]) for j in range(len(part))]
        return {"labels": labels, "scores": values, "queries": queries}


def outcome_pairs(
    engine: Engine, recommender: Recommender, vagas: set[int] | None
) -> dict[int, dict[int, int]]:
    """vaga -> {candidate position: label} of finished prospects both sides hold."""
    positions = recommender.candidatos.positions
    known_vagas = recommender.vagas.positions
    statement = select(
        col(Prospect.codigo_vaga), col(Prospect.codigo_candidato), col(Prospect.situacao_candidato)
    )
    pairs: dict[int, dict[int, int]] = defaultdict(dict)
    with engine.connect() as connection:
        for vaga, candidato, status in connection.execute(statement):
            label = label_for(status)
            if label is None or vaga not in known_vagas or candidato not in positions:
                continue
            if vagas is not None and int(vaga) not in vagas:
                continue
            pairs[int(vaga)][positions[candidato]] = label
    return {vaga: rows for vaga, rows in pairs.items() if 0 < sum(rows.values()) < len(rows)}


def _queries(recommender: Recommender, pairs: dict[int, dict[int, int]]) -> _Queries:
    vagas = sorted(pairs)
    out = _Queries(vagas, [], [], [], [])
    target, source = recommender.candidatos, recommender.vagas
    for start in range(0, len(vagas), CHUNK):
        chunk = vagas[start : start + CHUNK]
        rows = [source.positions[v] for v in chunk]
        dense = standardise(target.index.scores(source.vectors[rows]))
        lexical = standardise(lexical_scores(target.lexical, source.rows[rows]))
        for i, vaga in enumerate(chunk):
            prospects = np.asarray(sorted(pairs[vaga]), dtype=np.int64)
            out.prospects.append(prospects)
            out.labels.append(np.asarray([pairs[vaga][p] for p in prospects], dtype=np.int8))
            out.dense.append(dense[i, prospects])
            out.lexical.append(lexical[i, prospects])
    return out


def _pool_members(
    recommender: Recommender, queries: _Queries, weight: float, pool: int
) -> list[NDArray[np.bool_]]:
    """Whether each prospect is in its vaga's retrieval pool (top `pool` by hybrid score)."""
    target, source = recommender.candidatos, recommender.vagas
    members = []
    for start in range(0, len(queries.vagas), CHUNK):
        chunk = range(start, min(start + CHUNK, len(queries.vagas)))
        rows = [source.positions[queries.vagas[i]] for i in chunk]
        dense = target.index.scores(source.vectors[rows])
        lexical = lexical_scores(target.lexical, source.rows[rows])
        combined = _hybrid(standardise(dense), standardise(lexical), weight)
        for j, i in enumerate(chunk):
            own = combined[j, queries.prospects[i]]
            # rank = how many candidates score higher (serving breaks ties by position)
            above = (combined[j][None, :] > own[:, None]).sum(axis=1)
            members.append(above < pool)
    return members


def _hybrid(dense: NDArray[Any], lexical: NDArray[Any], weight: float) -> NDArray[Any]:
    if weight >= 1.0:
        return dense
    if weight <= 0.0:
        return lexical
    return weight * dense + (1.0 - weight) * lexical


def _match_probabilities(
    engine: Engine, recommender: Recommender, queries: _Queries, match_model: MatchModel
) -> list[NDArray[np.float64]]:
    codes = recommender.candidatos.codes
    wanted = {int(codes[p]) for prospects in queries.prospects for p in prospects.tolist()}
    with engine.connect() as connection:
        vagas = fetch_records(connection, VAGAS, queries.vagas)
        candidatos = fetch_records(connection, CANDIDATOS, wanted)
    out = []
    for vaga, prospects in zip(queries.vagas, queries.prospects, strict=True):
        payloads = [
            payload_from_records(candidatos.get(int(codes[p]), {}), vagas.get(vaga, {}))
            for p in prospects.tolist()
        ]
        out.append(np.asarray(match_model.predict_proba(payloads), dtype=np.float64))
    return out


def evaluate_by_outcomes(
    recommender: Recommender,
    *,
    engine: Engine,
    match_model: MatchModel | None,
    held_out: set[int] | None,
    pool: int,
    seed: int = 0,
) -> dict[str, Any]:
    """Figures of every method on test vagas, the weight and method chosen on validation ones.

    {"skipped": why} when too few vagas have both a hire and a non-hire to rank.
    """
    started = time.perf_counter()
    pairs = outcome_pairs(engine, recommender, held_out)
    if len(pairs) < 2 * MIN_VAGAS_PER_HALF:
        where = "held-out vagas (the match model's test vagas)" if held_out else "vagas"
        return {
            "skipped": f"fewer than {2 * MIN_VAGAS_PER_HALF} {where} with a hire and a "
            f"non-hire among their prospects (found {len(pairs)})"
        }
    queries = _queries(recommender, pairs)
    order = np.random.default_rng(seed).permutation(len(queries.vagas)).tolist()
    halves = (sorted(order[: len(order) // 2]), sorted(order[len(order) // 2 :]))

    def hybrid_scores(weight: float) -> list[NDArray[Any]]:
        pairs = zip(queries.dense, queries.lexical, strict=True)
        return [_hybrid(dense, lexical, weight) for dense, lexical in pairs]

    reranked: dict[float, list[NDArray[Any]]] = {}
    probabilities = (
        _match_probabilities(engine, recommender, queries, match_model) if match_model else None
    )

    def scores_of(method: Method, weight: float) -> list[NDArray[Any]]:
        if method == "embeddings":
            return queries.dense
        if method == "lexical":
            return queries.lexical
        if method == "hybrid":
            return hybrid_scores(weight)
        assert probabilities is not None
        if weight not in reranked:
            members = _pool_members(recommender, queries, weight, pool)
            # In the pool: ordered by the match model, ahead of every prospect outside it.
            reranked[weight] = [
                np.where(inside, 1000.0 + p, h)
                for inside, p, h in zip(members, probabilities, hybrid_scores(weight), strict=True)
            ]
        return reranked[weight]

    def figures(method: Method, weight: float, half: int) -> dict[str, float]:
        flat = queries.flat(halves[half], scores_of(method, weight))
        return outcome_ranking(flat["queries"], flat["labels"], flat["scores"], seed=seed)

    ndcg = f"ndcg_at_{NDCG_K}"
    search = {w: figures("hybrid", w, 0)[ndcg] for w in WEIGHTS}
    best = max(WEIGHTS, key=lambda w: (search[w], -w))
    gain, error = _embedding_gain(queries, halves[0], best, seed)
    # Embedding the query costs ~12 ms of a 30 ms budget: used only when it adds to the
    # lexical score more than twice the standard error of that gain, on validation vagas.
    weight = best if gain > 2 * error else 0.0
    methods = [m for m in METHODS if m != "reranked" or match_model is not None]
    # Every method judged with the one weight it would be served with (the manifest holds a
    # single hybrid_weight): at 0 the hybrid is the lexical score, and a tie keeps the method
    # listed first (lexical before hybrid).
    validation = {m: figures(m, weight, 0)[ndcg] for m in methods}
    default = max(methods, key=lambda m: validation[m])
    test_flat = queries.flat(halves[1], queries.dense)
    return {
        "k": NDCG_K,
        "truth": "outcomes: " + HOW,
        "selected_by": "outcomes",
        "queries": {DIRECTION: {"validation": len(halves[0]), "test": len(halves[1])}},
        "prospects": {
            DIRECTION: {
                "validation": int(sum(len(queries.labels[i]) for i in halves[0])),
                "test": int(sum(len(queries.labels[i]) for i in halves[1])),
            }
        },
        "held_out_of_match_model": held_out is not None,
        "methods": {m: {DIRECTION: figures(m, weight, 1)} for m in methods},
        "hybrid_at_best_weight": {DIRECTION: figures("hybrid", best, 1)},
        "random": {DIRECTION: random_ranking(test_flat["queries"], test_flat["labels"])},
        "validation_mean_ndcg": {m: round(v, 4) for m, v in validation.items()},
        "hybrid_weight_search": {str(w): round(v, 4) for w, v in search.items()},
        "hybrid_weight_best": best,
        "embedding_gain": {"ndcg_at_10": round(gain, 4), "standard_error": round(error, 4)},
        "hybrid_weight": weight,
        "default_method": default,
        "rerank_pool": pool,
        "match_model_version": match_model.version if match_model else None,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _embedding_gain(
    queries: _Queries, part: list[int], weight: float, seed: int
) -> tuple[float, float]:
    """Mean and standard error of the nDCG@10 the embeddings add, paired by vaga."""
    if weight <= 0.0:
        return 0.0, 0.0
    differences = []
    for i in part:
        rows = [np.arange(len(queries.labels[i]))]
        labels = queries.labels[i]
        mixed = _hybrid(queries.dense[i], queries.lexical[i], weight)
        with_embeddings = outcome_ranking(rows, labels, mixed, seed=seed)[f"ndcg_at_{NDCG_K}"]
        lexical = outcome_ranking(rows, labels, queries.lexical[i], seed=seed)[f"ndcg_at_{NDCG_K}"]
        differences.append(with_embeddings - lexical)
    joined = np.asarray(differences)
    if len(joined) < 2:
        return float(joined.mean()) if len(joined) else 0.0, float("inf")
    return float(joined.mean()), float(joined.std(ddof=1) / np.sqrt(len(joined)))
