"""Extra report on generated data: how close each method gets to the true best matches.

Only a report: the recommender is chosen by the data's own outcomes (outcomes.py). The truth
comes in by protocol (`TrueMatches`, which a generator's ground truth satisfies): this module
does not import the generator.

For a sample of vagas (and of candidates), the generator's true match probability of the
query with EVERY document of the other side gives the true top 10; each method's top 10 is
scored by recall@10 (share of the true top 10 it found) and nDCG@10 (gain = the true
probability, so a near miss still counts). Queries are split in two halves: the hybrid
weight and the default method are chosen on the validation half, the figures reported are
those of the test half.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Sequence
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Engine

from talentmatch.evaluation.truth import TrueMatches
from talentmatch.features.payload import payload_from_records
from talentmatch.features.records import Record, fetch_records
from talentmatch.matching.model import MatchModel
from talentmatch.recommending.encoder import Encoder
from talentmatch.recommending.index import METHODS, Method, hybrid, top_k
from talentmatch.recommending.lexical import lexical_scores
from talentmatch.recommending.model import Recommender, Side
from talentmatch.recommending.records import CANDIDATOS, VAGAS

logger = logging.getLogger(__name__)

K: Final[int] = 10
WEIGHTS: Final[tuple[float, ...]] = tuple(round(i / 10, 1) for i in range(11))
DIRECTIONS: Final[dict[str, tuple[str, str]]] = {
    # name: (side of the queries, side searched)
    "vaga_to_candidatos": ("vagas", "candidatos"),
    "candidato_to_vagas": ("candidatos", "vagas"),
}


def per_query(
    ranked: Sequence[NDArray[np.int64]], truth: NDArray[np.float64], k: int = K
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """recall@k and nDCG@k of each query: ranked positions against true gains (queries x docs)."""
    discount = 1.0 / np.log2(np.arange(2, k + 2))
    recalls, gains = [], []
    for positions, true in zip(ranked, truth, strict=True):
        ideal = top_k(true, k)
        top = np.asarray(positions[:k], dtype=np.int64)
        recalls.append(len(set(top.tolist()) & set(ideal.tolist())) / len(ideal))
        best = float(true[ideal] @ discount[: len(ideal)])
        gains.append(float(true[top] @ discount[: len(top)]) / best if best > 0 else 0.0)
    return np.asarray(recalls), np.asarray(gains)


def ranking_metrics(
    ranked: Sequence[NDArray[np.int64]], truth: NDArray[np.float64], k: int = K
) -> dict[str, float]:
    """Mean recall@k and nDCG@k of ranked positions against true gains (queries x docs)."""
    recalls, gains = per_query(ranked, truth, k)
    return {
        f"recall_at_{k}": round(float(np.mean(recalls)), 4),
        f"ndcg_at_{k}": round(float(np.mean(gains)), 4),
    }


class _Direction:
    """Queries of one direction, their true gains and the retrieval scores of each method."""

    def __init__(
        self,
        name: str,
        recommender: Recommender,
        truth: TrueMatches,
        queries: list[int],
    ) -> None:
        query_side, target_side = DIRECTIONS[name]
        self.name = name
        self.query_side = recommender.side(query_side)
        self.target: Side = recommender.side(target_side)
        self.queries = queries
        targets = [str(code) for code in self.target.codes.tolist()]
        known = np.asarray([_known(truth, target_side, code) for code in targets])
        rows = [self.query_side.positions[code] for code in queries]
        started = time.perf_counter()
        gains = np.zeros((len(queries), len(targets)))
        for i, code in enumerate(queries):
            for j, target in enumerate(targets):
                if known[j]:
                    pair = (target, str(code)) if query_side == "vagas" else (str(code), target)
                    gains[i, j] = truth.propensity(*pair)
        self.truth = gains
        logger.info("%s: true gains in %.1f s", name, time.perf_counter() - started)
        dense = self.target.index.scores(self.query_side.vectors[rows])
        lexical = lexical_scores(self.target.lexical, self.query_side.rows[rows])
        unknown = ~known  # documents the truth does not know are never retrieved
        dense[:, unknown] = -np.inf
        lexical[:, unknown] = -np.inf
        self.dense, self.lexical = dense, lexical

    def scores(self, method: Method, weight: float) -> NDArray[np.float32]:
        if method == "embeddings":
            return self.dense
        if method == "lexical":
            return self.lexical
        finite = np.where(np.isfinite(self.dense), self.dense, 0.0).astype(np.float32)
        lexical = np.where(np.isfinite(self.lexical), self.lexical, 0.0).astype(np.float32)
        combined = hybrid(finite, lexical, weight)
        combined[~np.isfinite(self.dense)] = -np.inf
        return combined

    def ranked(self, method: Method, weight: float, k: int) -> list[NDArray[np.int64]]:
        return [top_k(row, k) for row in self.scores(method, weight)]


def _known(truth: TrueMatches, side: str, code: str) -> bool:
    return code in (truth.vagas if side == "vagas" else truth.candidates)


def _sample(side: Side, truth: TrueMatches, name: str, count: int, seed: int) -> list[int]:
    codes = [c for c in side.codes.tolist() if _known(truth, name, str(c))]
    return random.Random(seed).sample(codes, min(count, len(codes)))


def _reranker(
    engine: Engine, match_model: MatchModel, direction: _Direction
) -> Callable[[list[NDArray[np.int64]], slice], list[NDArray[np.int64]]]:
    """Re-orders each query's pool by the match model's probability."""

    def rerank(pools: list[NDArray[np.int64]], part: slice) -> list[NDArray[np.int64]]:
        queries = direction.queries[part]
        codes = {int(direction.target.codes[p]) for pool in pools for p in pool.tolist()}
        with engine.connect() as connection:
            query_records = fetch_records(
                connection, VAGAS if direction.query_side.name == "vagas" else CANDIDATOS, queries
            )
            spec = VAGAS if direction.target.name == "vagas" else CANDIDATOS
            target_records = fetch_records(connection, spec, codes)
        out = []
        for code, pool in zip(queries, pools, strict=True):
            query: Record = query_records.get(code, {})
            targets = [target_records.get(int(direction.target.codes[p]), {}) for p in pool]
            payloads = [
                payload_from_records(t, query)
                if direction.query_side.name == "vagas"
                else payload_from_records(query, t)
                for t in targets
            ]
            probabilities = np.asarray(match_model.predict_proba(payloads))
            out.append(pool[np.argsort(-probabilities, kind="stable")])
        return out

    return rerank


def _embedding_gain(
    directions: dict[str, _Direction], halves: dict[str, tuple[slice, slice]], weight: float
) -> tuple[float, float]:
    """Mean and standard error of the validation nDCG@10 the embeddings add (paired)."""
    if weight <= 0.0:
        return 0.0, 0.0
    differences = []
    for name, direction in directions.items():
        part = halves[name][0]
        truth = direction.truth[part]
        with_embeddings = per_query(direction.ranked("hybrid", weight, K)[part], truth)[1]
        lexical_only = per_query(direction.ranked("lexical", 0.0, K)[part], truth)[1]
        differences.append(with_embeddings - lexical_only)
    joined = np.concatenate(differences)
    if len(joined) < 2:
        return float(joined.mean()) if len(joined) else 0.0, float("inf")
    return float(joined.mean()), float(joined.std(ddof=1) / np.sqrt(len(joined)))


def evaluate(
    recommender: Recommender,
    truth: TrueMatches,
    *,
    engine: Engine,
    encoder: Encoder,
    match_model: MatchModel | None,
    pools: tuple[int, int],
    queries: int = 200,
    seed: int = 0,
) -> dict[str, Any]:
    """Recall@10 and nDCG@10 of every method, the chosen hybrid weight and default method."""
    started = time.perf_counter()
    pool_of = {"vaga_to_candidatos": pools[0], "candidato_to_vagas": pools[1]}
    directions = {
        name: _Direction(
            name,
            recommender,
            truth,
            _sample(recommender.side(query), truth, query, queries, seed),
        )
        for name, (query, _) in DIRECTIONS.items()
    }
    halves = {
        name: (slice(0, len(d.queries) // 2), slice(len(d.queries) // 2, None))
        for name, d in directions.items()
    }

    def figures(method: Method, weight: float, half: int) -> dict[str, dict[str, float]]:
        out = {}
        for name, direction in directions.items():
            part = halves[name][half]
            if method == "reranked":
                assert match_model is not None
                pools_ = direction.ranked("hybrid", weight, pool_of[name])[part]
                ranked = _reranker(engine, match_model, direction)(pools_, part)
            else:
                ranked = direction.ranked(method, weight, K)[part]
            out[name] = ranking_metrics(ranked, direction.truth[part])
        return out

    def mean_ndcg(result: dict[str, dict[str, float]]) -> float:
        return float(np.mean([r[f"ndcg_at_{K}"] for r in result.values()]))

    search = {w: mean_ndcg(figures("hybrid", w, 0)) for w in WEIGHTS}
    best = max(WEIGHTS, key=lambda w: (search[w], -abs(w - 0.5)))
    gain, error = _embedding_gain(directions, halves, best)
    # The query's embedding costs ~12 ms of a 30 ms budget: it is used only when it adds
    # to the lexical score more than twice the standard error of that gain.
    weight = best if gain > 2 * error else 0.0
    methods = [m for m in METHODS if m != "reranked" or match_model is not None]
    served = {m: (best if m == "hybrid" else weight) for m in methods}
    validation = {m: mean_ndcg(figures(m, served[m], 0)) for m in methods}
    default = max(methods, key=lambda m: validation[m])
    test = {m: figures(m, served[m], 1) for m in methods}
    rng = np.random.default_rng(seed)
    baseline = {
        name: ranking_metrics(
            [
                rng.permutation(d.truth.shape[1])[:K]
                for _ in range(d.truth[halves[name][1]].shape[0])
            ],
            d.truth[halves[name][1]],
        )
        for name, d in directions.items()
    }
    return {
        "k": K,
        "truth": "generator's true match probability of every (query, document) pair",
        "queries": {
            name: {"validation": len(d.queries) // 2, "test": len(d.queries) - len(d.queries) // 2}
            for name, d in directions.items()
        },
        "documents": {name: int(d.truth.shape[1]) for name, d in directions.items()},
        "methods": test,
        "random": baseline,
        "validation_mean_ndcg": {m: round(v, 4) for m, v in validation.items()},
        "hybrid_weight_search": {str(w): round(v, 4) for w, v in search.items()},
        "hybrid_weight_best": best,
        "embedding_gain": {"ndcg_at_10": round(gain, 4), "standard_error": round(error, 4)},
        "hybrid_weight": weight,
        "default_method": default,
        "rerank_pools": pool_of,
        "match_model_version": match_model.version if match_model else None,
        "encoder": encoder.name,
        "seconds": round(time.perf_counter() - started, 1),
    }
