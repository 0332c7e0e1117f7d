"""job finished_at index and one active retention job

The retention purge deletes finished jobs by their finish time (an index on finished_at),
and at most one retention job may be queued or running at once, whichever worker schedules
it (a unique partial index: a second one fails to insert).

Revision ID: 7f3c4f76c07b
Revises: 5d1e2f3a4b6c
Create Date: 2026-12-03 05:38:58.371070

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7f3c4f76c07b"
down_revision: str | None = "5d1e2f3a4b6c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of jobs/models.py's condition at this revision.
ACTIVE_RETENTION = "kind = 'retention' AND status IN ('queued', 'running')"


def upgrade() -> None:
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_finished_at"), ["finished_at"], unique=False)
        batch_op.create_index(
            "uq_job_active_retention",
            ["kind"],
            unique=True,
            sqlite_where=sa.text(ACTIVE_RETENTION),
            postgresql_where=sa.text(ACTIVE_RETENTION),
        )


def downgrade() -> None:
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.drop_index("uq_job_active_retention")
        batch_op.drop_index(batch_op.f("ix_job_finished_at"))
