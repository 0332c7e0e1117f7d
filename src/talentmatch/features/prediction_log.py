"""The prediction log: what each served prediction saw (features, categorical payload fields)
and answered; drift reads its recent rows, monitoring counts them."""

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, insert
from sqlmodel import Field as SQLField
from sqlmodel import Session

from talentmatch.db.bases import SystemBase
from talentmatch.db.types import UTCDateTime, utcnow


class PredictionLog(SystemBase, table=True):
    """One prediction: when, which model, its input features (no personal data), its output."""

    __tablename__ = "prediction_log"

    id: int | None = SQLField(default=None, primary_key=True)
    created_at: datetime = SQLField(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    model_kind: str = SQLField(max_length=32)
    model_version: str = SQLField(max_length=128, index=True)
    source: str = SQLField(max_length=16)
    features: dict[str, Any] = SQLField(sa_type=JSON)
    # The categorical payload fields sent (drift/payload_fields.py): no free text, no
    # personal data. Null for rows logged before it existed.
    payload_fields: dict[str, str] | None = SQLField(default=None, sa_type=JSON, nullable=True)
    probability: float
    latency_ms: float


LoggedRows = Sequence[Mapping[str, Any]]
_listeners: list[Callable[[LoggedRows], None]] = []


def on_logged(listener: Callable[[LoggedRows], None]) -> Callable[[LoggedRows], None]:
    """Call `listener` with the rows of every `log_predictions` (monitoring counts them)."""
    _listeners.append(listener)
    return listener


def log_predictions(session: Session, rows: LoggedRows) -> None:
    """Insert prediction rows (PredictionLog's columns, `created_at` included) in one bulk
    INSERT of plain rows: no ORM object, no id read back, so no ORM event fires either;
    listeners registered with `on_logged` hear of them instead. The caller commits."""
    if not rows:
        return
    session.execute(insert(PredictionLog.__table__), list(rows))  # type: ignore[attr-defined]
    for listener in _listeners:
        listener(rows)
