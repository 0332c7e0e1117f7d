"""Retention of job rows: finished jobs older than a cutoff are purged in batches.

Queued and running jobs are never purged, however old: only the statuses of
FINISHED_STATUSES, by their finish time.
"""

from datetime import datetime
from typing import Final

from sqlmodel import Session, col

from talentmatch.db.batches import DEFAULT_BATCH_SIZE, AfterBatch, delete_in_batches
from talentmatch.jobs.models import Job, JobStatus

# The statuses a job never leaves; extend when a new final status (e.g. cancelled) exists.
FINISHED_STATUSES: Final = frozenset({JobStatus.succeeded, JobStatus.failed, JobStatus.cancelled})


def purge_finished_jobs(
    session: Session,
    *,
    before: datetime,
    batch_size: int = DEFAULT_BATCH_SIZE,
    after_batch: AfterBatch | None = None,
) -> int:
    """Delete the jobs that finished before `before`; how many were deleted."""
    return delete_in_batches(
        session,
        Job.id,  # type: ignore[arg-type]
        [
            col(Job.status).in_(sorted(FINISHED_STATUSES)),
            col(Job.finished_at) < before,
        ],
        batch_size=batch_size,
        after_batch=after_batch,
    )
