"""ids never reused, token version

Revision ID: 5e1c7a9d3b21
Revises: 7f983c45602e
Create Date: 2026-12-02 10:00:00

SQLite reuses the largest freed integer key unless a table is AUTOINCREMENT: a deleted
user's id (and so its tokens and audit trail) would pass to the next user. The auth tables
are rebuilt with AUTOINCREMENT (PostgreSQL sequences never reuse a value), and each user
gets the token version its tokens must carry.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5e1c7a9d3b21"
down_revision: str | None = "7f983c45602e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("usuario", "login_attempt", "audit_event")


def _recreate() -> str:
    return "always" if op.get_bind().dialect.name == "sqlite" else "auto"


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate=_recreate(), table_kwargs={"sqlite_autoincrement": True}
        ) as batch_op:
            if table == "usuario":
                batch_op.add_column(
                    sa.Column("token_version", sa.Integer(), server_default="0", nullable=False)
                )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate=_recreate(), table_kwargs={"sqlite_autoincrement": False}
        ) as batch_op:
            if table == "usuario":
                batch_op.drop_column("token_version")
