"""Match predictions: score payloads or stored pairs, explain them, log them."""

import math
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from talentmatch.core.errors import NotFound
from talentmatch.db.types import utcnow
from talentmatch.drift.payload_fields import payload_values
from talentmatch.features.featurize import featurize
from talentmatch.features.payload import payload_from_records
from talentmatch.features.prediction_log import PredictionLog, log_predictions
from talentmatch.features.records import PAYLOAD_CANDIDATOS, PAYLOAD_VAGAS, fetch_records
from talentmatch.inferencias.models import MatchResult, PairIn
from talentmatch.matching.model import MatchModel
from talentmatch.matching.schemas import MatchExplanation


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
    # One bulk INSERT of plain rows (an executemany: no ORM object, no id read back); the
    # features frame is read column-wise, not row by row through pandas.
    now = utcnow()
    columns = {name: frame[name].tolist() for name in frame.columns}
    log_predictions(
        session,
        [
            {
                "created_at": now,
                "model_kind": "match",
                "model_version": version,
                "source": source,
                "features": {name: _jsonable(values[index]) for name, values in columns.items()},
                "payload_fields": payload_values(payload),
                "probability": float(probability),
                "latency_ms": latency_ms,
            }
            for index, (payload, probability) in enumerate(
                zip(payloads, probabilities, strict=True)
            )
        ],
    )
    session.commit()
    return results


def payloads_for_pairs(*, session: Session, pairs: Sequence[PairIn]) -> list[dict[str, str]]:
    """The payload of each stored pair, read by the training's own loader (one joined query
    per side and chunk of codes); 404 for the first pair whose candidate or vaga is unknown."""
    connection = session.connection()
    candidates = fetch_records(
        connection, PAYLOAD_CANDIDATOS, {p.codigo_profissional for p in pairs}
    )
    vagas = fetch_records(connection, PAYLOAD_VAGAS, {p.codigo_vaga for p in pairs})
    for pair in pairs:
        if pair.codigo_profissional not in candidates:
            raise NotFound(f"Candidato {pair.codigo_profissional} não encontrado.")
        if pair.codigo_vaga not in vagas:
            raise NotFound(f"Vaga {pair.codigo_vaga} não encontrada.")
    return [
        payload_from_records(candidates[pair.codigo_profissional], vagas[pair.codigo_vaga])
        for pair in pairs
    ]


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
