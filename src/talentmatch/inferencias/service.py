"""Match predictions: score payloads or stored pairs, explain them, log them."""

import math
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from talentmatch.candidatos.service import get_candidato_details
from talentmatch.drift.payload_fields import payload_values
from talentmatch.features.featurize import featurize
from talentmatch.features.payload import payload_from_records
from talentmatch.features.prediction_log import PredictionLog
from talentmatch.inferencias.models import MatchResult, PairIn
from talentmatch.matching.model import MatchModel
from talentmatch.matching.schemas import MatchExplanation
from talentmatch.vagas.service import get_vaga_sections


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value.item() if hasattr(value, "item") else value


def predict(
    *,
    session: Session,
    model: MatchModel,
    payloads: Sequence[dict[str, str]],
    explain: bool,
    source: str,
) -> list[MatchResult]:
    """Score payloads with one feature computation, log each prediction, answer each result.

    The log keeps the model's input features (numbers derived from the payload) and the
    payload's categorical fields (levels, cities, areas: drift/payload_fields.py), never its
    texts: no name, résumé or other personal data reaches it.
    """
    started = time.perf_counter()
    frame = featurize(payloads)
    probabilities = model.predict_features(frame)
    latency_ms = (time.perf_counter() - started) * 1000 / max(len(payloads), 1)
    version = model.version or "unversioned"
    results = []
    for index, probability in enumerate(probabilities):
        explanation = None
        if explain:
            explanation = [MatchExplanation(**item) for item in model.explain(payloads[index])]
        results.append(
            MatchResult(
                match_probability=round(probability * 100, 2),
                is_match=model.is_match(probability),
                model_version=version,
                explanation=explanation,
            )
        )
    session.add_all(
        PredictionLog(
            model_kind="match",
            model_version=version,
            source=source,
            features={name: _jsonable(value) for name, value in row.items()},
            payload_fields=payload_values(payload),
            probability=probability,
            latency_ms=latency_ms,
        )
        for row, payload, probability in zip(
            frame.to_dict(orient="records"), payloads, probabilities, strict=True
        )
    )
    session.commit()
    return results


def payloads_for_pairs(*, session: Session, pairs: Sequence[PairIn]) -> list[dict[str, str]]:
    """The payload of each stored pair; 404 when a candidate or a vaga is unknown."""
    candidates: dict[int, dict[str, Any]] = {}
    vagas: dict[int, dict[str, Any]] = {}
    payloads = []
    for pair in pairs:
        if pair.codigo_profissional not in candidates:
            details = get_candidato_details(
                session=session, codigo_profissional=pair.codigo_profissional
            )
            candidates[pair.codigo_profissional] = details.model_dump(exclude_unset=True)
        if pair.codigo_vaga not in vagas:
            sections = get_vaga_sections(session=session, codigo_vaga=pair.codigo_vaga)
            vagas[pair.codigo_vaga] = sections.model_dump(exclude_unset=True)
        payloads.append(
            payload_from_records(candidates[pair.codigo_profissional], vagas[pair.codigo_vaga])
        )
    return payloads


def list_predictions(
    *,
    session: Session,
    offset: int,
    limit: int,
    model_version: str | None,
    since: datetime | None,
    until: datetime | None,
) -> tuple[int, list[PredictionLog]]:
    """The logged predictions matching the filters, newest first, and their total."""
    conditions = []
    if model_version is not None:
        conditions.append(col(PredictionLog.model_version) == model_version)
    if since is not None:
        conditions.append(col(PredictionLog.created_at) >= since)
    if until is not None:
        conditions.append(col(PredictionLog.created_at) < until)
    total = session.exec(select(func.count()).select_from(PredictionLog).where(*conditions)).one()
    rows = session.exec(
        select(PredictionLog)
        .where(*conditions)
        .order_by(col(PredictionLog.id).desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return total, list(rows)
