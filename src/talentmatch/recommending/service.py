"""Recommendations both ways: retrieve by similarity, re-rank with the match model.

Every answer is built from the database at request time (a vaga or candidate deleted since
the index was built is skipped; one edited since is searched with its current text). All
vagas are candidates for recommendation: the Decision data says nothing about whether a
vaga is still open (see README, "Recommendations").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from sqlalchemy import Connection

from talentmatch.core.errors import NotFound
from talentmatch.features.payload import payload_from_records
from talentmatch.features.records import Record, SideSpec, fetch_records
from talentmatch.matching.model import MatchModel
from talentmatch.recommending.ranking import Query, _info, _query, _scores, _search
from talentmatch.recommending.records import CANDIDATOS, VAGAS
from talentmatch.recommending.schemas import (
    CandidatoRanking,
    RankedCandidato,
    ScoredVaga,
    VagaRecommendations,
)
from talentmatch.recommending.serving import RecommenderInService
from talentmatch.recommending.texts import candidate_text, profile_record, vaga_text

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


def _one(connection: Connection, spec: SideSpec, code: int, label: str) -> Record:
    record = fetch_records(connection, spec, [code]).get(code)
    if record is None:
        raise NotFound(f"{label} {code} não encontrad{'a' if spec is VAGAS else 'o'}.")
    return record


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
