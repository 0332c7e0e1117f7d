"""Retention of the prediction log: rows older than a cutoff are purged in batches."""

from datetime import datetime

from sqlmodel import Session, col

from talentmatch.db.batches import DEFAULT_BATCH_SIZE, AfterBatch, delete_in_batches
from talentmatch.features.prediction_log import PredictionLog


def purge_prediction_log(
    session: Session,
    *,
    before: datetime,
    batch_size: int = DEFAULT_BATCH_SIZE,
    after_batch: AfterBatch | None = None,
) -> int:
    """Delete the predictions logged before `before`; how many were deleted."""
    return delete_in_batches(
        session,
        PredictionLog.id,  # type: ignore[arg-type]
        [col(PredictionLog.created_at) < before],
        batch_size=batch_size,
        after_batch=after_batch,
    )
