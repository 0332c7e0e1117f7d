"""job: priority, attempts (a fencing token) and cancel_requested, for the worker role

Revision ID: a4aa1d84b13d
Revises: 7f3c4f76c07b
Create Date: 2026-12-03 05:38:44.564683

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a4aa1d84b13d"
down_revision: str | None = "7f3c4f76c07b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing rows get 0 / false (the server defaults), then the defaults are dropped: the
    # application always writes the values, as the models say.
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("priority", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("cancel_requested", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index(batch_op.f("ix_job_priority"), ["priority"], unique=False)
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.alter_column("priority", server_default=None)
        batch_op.alter_column("attempts", server_default=None)
        batch_op.alter_column("cancel_requested", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_priority"))
        batch_op.drop_column("cancel_requested")
        batch_op.drop_column("attempts")
        batch_op.drop_column("priority")
