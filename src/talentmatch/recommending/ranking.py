"""Rank one side of the index for a query: retrieve by similarity, re-rank with the match
model, and give each hit its scores and reasons and the answer its ranking info.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sqlalchemy import Connection

from talentmatch.core.errors import ServiceUnavailable
from talentmatch.features.records import Record, SideSpec, fetch_records
from talentmatch.matching.model import MatchModel
from talentmatch.matching.schemas import MatchExplanation
from talentmatch.recommending.index import Method, top_k
from talentmatch.recommending.lexical import common_terms
from talentmatch.recommending.model import Side
from talentmatch.recommending.schemas import Similarity
from talentmatch.recommending.serving import RecommenderInService
from talentmatch.recommending.texts import text_hash

REASONS: Final[int] = 3
SPARE: Final[int] = 10  # extra hits fetched in case some were deleted since indexing
NO_MATCH_MODEL: Final[str] = (
    "Nenhum modelo de match em serviço: lista ordenada só por similaridade "
    "(treine um com `talentmatch train match`)."
)


@dataclass(frozen=True)
class Query:
    text: str
    dense: NDArray[np.float32] | None
    lexical: sp.csr_matrix


@dataclass
class Hit:
    code: int
    position: int
    retrieval: float
    record: Record
    payload: dict[str, str]
    probability: float | None = None


def _query(current: RecommenderInService, text: str, side: Side | None, code: int | None) -> Query:
    """The query's vectors: the indexed one when its text is unchanged, else encoded now."""
    dense = None
    if current.recommender.needs_query_vector(current.method):
        if side is not None and code is not None:
            dense = side.stored_vector(code, text_hash(text))
        if dense is None:
            if current.encoder is None:  # _prepare loads one whenever the method needs it
                raise ServiceUnavailable("O codificador de frases não foi carregado.")
            dense = current.encoder.encode_one(text)
    return Query(text, dense, current.recommender.lexicon.transform([text]))


def _search(
    connection: Connection,
    current: RecommenderInService,
    target: Side,
    spec: SideSpec,
    query: Query,
    *,
    k: int,
    pool: int,
    match_model: MatchModel | None,
    payload_of: Callable[[Record], dict[str, str]],
) -> tuple[list[Hit], Method, bool]:
    """The k best hits, re-ranked by the match model when the method says so and one serves."""
    method = current.method
    rerank = method == "reranked" and match_model is not None
    retrieval: Method = "hybrid" if method == "reranked" else method
    scores = current.recommender.scores(
        target, retrieval, dense=query.dense, lexical=query.lexical
    )[0]
    positions = top_k(scores, max(k, pool) if rerank else k + SPARE)
    codes = [int(target.codes[p]) for p in positions.tolist()]
    records = fetch_records(connection, spec, codes)
    hits = [
        Hit(code, int(p), float(scores[p]), records[code], payload_of(records[code]))
        for code, p in zip(codes, positions.tolist(), strict=True)
        if code in records
    ]
    if rerank and hits:
        assert match_model is not None
        probabilities = match_model.predict_proba([hit.payload for hit in hits])
        for hit, probability in zip(hits, probabilities, strict=True):
            hit.probability = probability
        order = np.argsort(-np.asarray(probabilities), kind="stable")
        hits = [hits[i] for i in order.tolist()]
    return hits[:k], method, rerank


def _scores(
    current: RecommenderInService,
    target: Side,
    query: Query,
    hit: Hit,
    match_model: MatchModel | None,
    explain: bool,
) -> dict[str, Any]:
    row = target.rows[hit.position]
    dense = None if query.dense is None else float(target.vectors[hit.position] @ query.dense)
    reasons = None
    if explain and hit.probability is not None and match_model is not None:
        reasons = [MatchExplanation(**r) for r in match_model.explain(hit.payload, top=REASONS)]
    probability = None if hit.probability is None else round(hit.probability * 100, 2)
    return {
        "score": probability if probability is not None else round(hit.retrieval, 4),
        "match_probability": probability,
        "similarity": Similarity(
            embeddings=None if dense is None else round(dense, 4),
            lexical=round(float((row @ query.lexical.T).toarray()[0, 0]), 4),
        ),
        "common_terms": common_terms(row, query.lexical, current.recommender.lexicon.terms),
        "reasons": reasons,
    }


def _info(
    current: RecommenderInService, method: Method, reranked: bool, match_model: MatchModel | None
) -> dict[str, Any]:
    fell_back = method == "reranked" and not reranked
    retrieval = "hybrid" if current.recommender.needs_query_vector("hybrid") else "lexical"
    return {
        "ranked_by": "match_model" if reranked else "similarity",
        "method": retrieval if fell_back else method,
        "message": NO_MATCH_MODEL if fell_back else None,
        "recommender_version": current.recommender.version or "unversioned",
        "match_model_version": (match_model.version if reranked and match_model else None),
    }


__all__ = ["NO_MATCH_MODEL", "REASONS", "SPARE", "Hit", "Query"]
