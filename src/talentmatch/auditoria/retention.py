"""Retention of the audit trail: events older than a cutoff are purged in batches."""

from datetime import datetime

from sqlmodel import Session, col

from talentmatch.auditoria.models import AuditEvent
from talentmatch.db.batches import DEFAULT_BATCH_SIZE, AfterBatch, delete_in_batches


def purge_audit_events(
    session: Session,
    *,
    before: datetime,
    batch_size: int = DEFAULT_BATCH_SIZE,
    after_batch: AfterBatch | None = None,
) -> int:
    """Delete the audit events recorded before `before`; how many were deleted."""
    return delete_in_batches(
        session,
        AuditEvent.id,  # type: ignore[arg-type]
        [col(AuditEvent.at) < before],
        batch_size=batch_size,
        after_batch=after_batch,
    )
