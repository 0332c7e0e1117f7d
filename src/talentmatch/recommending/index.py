"""Nearest-neighbour search over one side's vectors, and the scores the methods combine.

The index is exact: one matrix product over the L2-normalised vectors (cosine similarity)
and a partial sort, recall 1 by construction. Measured (benchmarks/ann_comparison.md): a
median 1.0 ms over 15k vagas and 3.7 ms over 50k candidates, 12.6 and 42.5 ms at ten times
those sizes, inside the latency budgets of both directions. HNSW (faiss, usearch) answers
in under a millisecond with recall >= 0.99 but takes 6-56 s to build at our sizes and
minutes at 10x; Annoy, which the seed used, needs search_k 20,000 for recall >= 0.99 (about
as fast as exact search here) and 50,000 at 10x. Exact scores over every
document also keep the hybrid score simple: both scores are standardised over the same
complete set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
from numpy.typing import NDArray

Method = Literal["embeddings", "lexical", "hybrid", "reranked"]
METHODS: Final[tuple[Method, ...]] = ("embeddings", "lexical", "hybrid", "reranked")
Scores = NDArray[np.float32]


@dataclass(frozen=True)
class ExactIndex:
    """Inner product of a query with every stored (normalised) vector."""

    vectors: NDArray[np.float32]
    kind: str = "exact"

    def __len__(self) -> int:
        return int(self.vectors.shape[0])

    def scores(self, queries: NDArray[np.float32]) -> Scores:
        """Cosine of each query (rows) with every vector: shape (queries, vectors)."""
        return np.asarray(np.atleast_2d(queries) @ self.vectors.T, dtype=np.float32)

    def search(self, query: NDArray[np.float32], k: int) -> tuple[NDArray[np.int64], Scores]:
        """Positions and cosines of the k nearest vectors, best first."""
        scores = self.scores(query)[0]
        positions = top_k(scores, k)
        return positions, scores[positions]


def top_k(scores: NDArray[np.floating], k: int) -> NDArray[np.int64]:
    """Positions of the k highest scores, highest first (ties: lower position first)."""
    count = len(scores)
    k = min(k, count)
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    candidates = np.argpartition(-scores, k - 1)[:k] if k < count else np.arange(count)
    order = np.lexsort((candidates, -scores[candidates]))
    return np.asarray(candidates[order], dtype=np.int64)


def standardise(scores: Scores) -> Scores:
    """Each row as z-scores over all documents (a constant row becomes zeros)."""
    mean = scores.mean(axis=1, keepdims=True)
    std = scores.std(axis=1, keepdims=True)
    std[std == 0] = 1.0
    return np.asarray((scores - mean) / std, dtype=np.float32)


def hybrid(dense: Scores, lexical: Scores, weight: float) -> Scores:
    """weight x z(embeddings) + (1 - weight) x z(lexical), row by row."""
    if weight >= 1.0:
        return standardise(dense)
    if weight <= 0.0:
        return standardise(lexical)
    return weight * standardise(dense) + (1.0 - weight) * standardise(lexical)
