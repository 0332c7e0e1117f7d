"""prediction_log payload_fields

The categorical payload fields of each prediction (drift by what a recruiter sent): levels,
cities, areas, by their seed names; no free text, no personal data. Null for older rows.

Revision ID: 5d1e2f3a4b6c
Revises: 8b3d5f0a6c17
Create Date: 2026-12-02 10:40:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d1e2f3a4b6c"
down_revision: str | None = "8b3d5f0a6c17"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("prediction_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("payload_fields", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("prediction_log", schema=None) as batch_op:
        batch_op.drop_column("payload_fields")
