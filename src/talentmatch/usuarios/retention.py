"""Retention of login attempts: the throttle reads 15 minutes of them; older ones are purged."""

from datetime import datetime

from sqlmodel import Session, col

from talentmatch.db.batches import DEFAULT_BATCH_SIZE, AfterBatch, delete_in_batches
from talentmatch.usuarios.models import LoginAttempt


def purge_login_attempts(
    session: Session,
    *,
    before: datetime,
    batch_size: int = DEFAULT_BATCH_SIZE,
    after_batch: AfterBatch | None = None,
) -> int:
    """Delete the login attempts made before `before`; how many were deleted."""
    return delete_in_batches(
        session,
        LoginAttempt.id,  # type: ignore[arg-type]
        [col(LoginAttempt.at) < before],
        batch_size=batch_size,
        after_batch=after_batch,
    )
