"""The current window: the most recent predictions of one model version, from the log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import ColumnElement
from sqlmodel import Session, col, func, select

from talentmatch.db.types import utcnow
from talentmatch.drift.reference import PREDICTION
from talentmatch.features.prediction_log import PredictionLog


@dataclass(frozen=True)
class Window:
    """At most `max_predictions` predictions, none older than `days` (no age limit if None)."""

    max_predictions: int
    days: int | None = None

    def since(self, now: datetime) -> datetime | None:
        """The oldest prediction time the window admits."""
        return now - timedelta(days=self.days) if self.days is not None else None

    def describe(self) -> str:
        """The window in words, for messages."""
        age = f" dos últimos {self.days} dias" if self.days is not None else ""
        return f"as últimas {self.max_predictions} predições{age}"


@dataclass(frozen=True)
class CurrentData:
    """The window's rows (features and prediction) and the time span they cover."""

    frame: pd.DataFrame
    first: datetime | None
    last: datetime | None
    payload_fields: list[Mapping[str, Any] | None] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.frame)


def _conditions(
    model_kind: str, model_version: str, since: datetime | None
) -> list[ColumnElement[bool]]:
    conditions = [
        col(PredictionLog.model_kind) == model_kind,
        col(PredictionLog.model_version) == model_version,
    ]
    if since is not None:
        conditions.append(col(PredictionLog.created_at) >= since)
    return conditions


def count_window(*, session: Session, model_kind: str, model_version: str, window: Window) -> int:
    """How many predictions the window holds (without reading them)."""
    conditions = _conditions(model_kind, model_version, window.since(utcnow()))
    total = session.exec(select(func.count()).select_from(PredictionLog).where(*conditions)).one()
    return min(int(total), window.max_predictions)


def read_window(
    *,
    session: Session,
    model_kind: str,
    model_version: str,
    window: Window,
    features: Sequence[str],
) -> CurrentData:
    """The window's logged features and probabilities, one row per prediction, newest first."""
    conditions = _conditions(model_kind, model_version, window.since(utcnow()))
    rows = session.exec(
        select(
            PredictionLog.created_at,
            PredictionLog.features,
            PredictionLog.probability,
            PredictionLog.payload_fields,
        )
        .where(*conditions)
        .order_by(col(PredictionLog.id).desc())
        .limit(window.max_predictions)
    ).all()
    records: list[dict[str, Any]] = [
        {**{name: logged.get(name) for name in features}, PREDICTION: probability}
        for _, logged, probability, _ in rows
    ]
    # Unknown values were logged as null: they come back as NaN, as featurize makes them.
    frame = pd.DataFrame.from_records(records, columns=[*features, PREDICTION])
    frame = frame.apply(pd.to_numeric, errors="coerce").astype(np.float64)
    times = [created_at for created_at, *_ in rows]
    return CurrentData(
        frame=frame,
        first=min(times) if times else None,
        last=max(times) if times else None,
        payload_fields=[sent for *_, sent in rows],
    )
