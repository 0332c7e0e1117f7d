"""Recommendations both ways: retrieve by similarity, re-rank with the match model.

Every answer is built from the database at request time (a vaga or candidate deleted since
the index was built is skipped; one edited since is searched with its current text). All
vagas are candidates for recommendation: the Decision data says nothing about whether a
vaga is still open (see README, "Recommendations").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sqlalchemy import Connection

from talentmatch.core.errors import NotFound, ServiceUnavailable
from talentmatch.features.payload import payload_from_records
from talentmatch.features.records import Record, SideSpec, fetch_records
from talentmatch.matching.model import MatchModel
from talentmatch.matching.schemas import MatchExplanation
from talentmatch.recommending.index import Method, top_k
from talentmatch.recommending.lexical import common_terms
from talentmatch.recommending.model import Side
from talentmatch.recommending.records import CANDIDATOS, VAGAS
from talentmatch.recommending.schemas import (
    CandidatoRanking,
    RankedCandidato,
    ScoredVaga,
    Similarity,
    VagaRecommendations,
)
from talentmatch.recommending.serving import RecommenderInService
from talentmatch.recommending.texts import candidate_text, profile_record, text_hash, vaga_text

REASONS: Final[int] = 3
SPARE: Final[int] = 10  # extra hits fetched in case some were deleted since indexing
NO_MATCH_MODEL: Final[str] = (
    "Nenhum modelo de match em serviço: lista ordenada só por similaridade "
    "(treine um com `talentmatch train match`)."
)
PROFILE_FIELDS: Final[tuple[str, ...]] = (
    "titulo_profissional",
    "conhecimentos_tecnicos",
    "certificacoes",
    "outras_certificacoes",
    "cidade",
    "ingles",
    "espanhol",
    "outros_idiomas",
    "pcd",
    "cv_candidato",
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


def _one(connection: Connection, spec: SideSpec, code: int, label: str) -> Record:
    record = fetch_records(connection, spec, [code]).get(code)
    if record is None:
        raise NotFound(f"{label} {code} não encontrad{'a' if spec is VAGAS else 'o'}.")
    return record


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


def _vagas_for(
    connection: Connection,
    current: RecommenderInService,
    match_model: MatchModel | None,
    query: Query,
    candidate_payload: Callable[[Record], dict[str, str]],
    *,
    k: int,
    explain: bool,
    codigo_profissional: int | None,
) -> VagaRecommendations:
    target = current.recommender.vagas
    hits, method, reranked = _search(
        connection,
        current,
        target,
        VAGAS,
        query,
        k=k,
        pool=current.pool_vagas,
        match_model=match_model,
        payload_of=candidate_payload,
    )
    data = [
        ScoredVaga(
            codigo_vaga=hit.code,
            titulo_vaga=hit.payload["titulo_vaga"] or None,
            competencia_tecnicas_e_comportamentais=(
                hit.payload["competencia_tecnicas_e_comportamentais"] or None
            ),
            areas_atuacao_vaga=hit.payload["areas_atuacao_vaga"] or None,
            **_scores(current, target, query, hit, match_model, explain),
        )
        for hit in hits
    ]
    return VagaRecommendations(
        **_info(current, method, reranked, match_model),
        codigo_profissional=codigo_profissional,
        data=data,
    )


def recommend_for_profile(
    *,
    connection: Connection,
    current: RecommenderInService,
    match_model: MatchModel | None,
    profile: dict[str, str],
    k: int,
) -> VagaRecommendations:
    """Vagas for a posted profile (the seed's 10 fields), best first."""
    query = _query(current, candidate_text(profile_record(profile)), None, None)

    def payload(vaga: Record) -> dict[str, str]:
        # The profile's 10 fields are match payload fields under the same names.
        return {**payload_from_records({}, vaga), **{f: profile[f] for f in PROFILE_FIELDS}}

    return _vagas_for(
        connection,
        current,
        match_model,
        query,
        payload,
        k=k,
        explain=False,
        codigo_profissional=None,
    )


def recommend_for_candidato(
    *,
    connection: Connection,
    current: RecommenderInService,
    match_model: MatchModel | None,
    codigo_profissional: int,
    k: int,
) -> VagaRecommendations:
    """Vagas for a stored candidate, best first, with the reasons of each score."""
    record = _one(connection, CANDIDATOS, codigo_profissional, "Candidato")
    query = _query(
        current,
        candidate_text(record),
        current.recommender.candidatos,
        codigo_profissional,
    )
    return _vagas_for(
        connection,
        current,
        match_model,
        query,
        lambda vaga: payload_from_records(record, vaga),
        k=k,
        explain=True,
        codigo_profissional=codigo_profissional,
    )


def rank_candidatos(
    *,
    connection: Connection,
    current: RecommenderInService,
    match_model: MatchModel | None,
    codigo_vaga: int,
    k: int,
) -> CandidatoRanking:
    """Candidates for a stored vaga: nearest by similarity, re-ranked by the match model."""
    vaga = _one(connection, VAGAS, codigo_vaga, "Vaga")
    query = _query(current, vaga_text(vaga), current.recommender.vagas, codigo_vaga)
    target = current.recommender.candidatos
    hits, method, reranked = _search(
        connection,
        current,
        target,
        CANDIDATOS,
        query,
        k=k,
        pool=current.pool_candidatos,
        match_model=match_model,
        payload_of=lambda candidate: payload_from_records(candidate, vaga),
    )
    data = [
        RankedCandidato(
            codigo_profissional=hit.code,
            nome=(hit.record.get("infos_basicas") or {}).get("nome"),
            titulo_profissional=hit.payload["titulo_profissional"] or None,
            **_scores(current, target, query, hit, match_model, explain=True),
        )
        for hit in hits
    ]
    return CandidatoRanking(
        **_info(current, method, reranked, match_model),
        codigo_vaga=codigo_vaga,
        titulo_vaga=(vaga.get("infos_basicas") or {}).get("titulo_vaga"),
        data=data,
    )
