"""SQLite full-text index: documents indexed by their writer, a batch at a time

The FTS5 tables of `candidato_busca` and `vaga_busca` were kept in step by three triggers. The
one on INSERT indexed each new document row by itself, which made indexing an import's
documents about three times slower than one INSERT ... SELECT per batch (a full-size
applicants.json: benchmarks/RESULTS.md). It is dropped: the only writer of document rows,
`db/documents.py`, indexes the rows of each batch it inserts (`db/fulltext.index_rows`). The
triggers on DELETE (cascades from a removed record included) and on UPDATE stay.

PostgreSQL is unchanged (its `tsvector` is a generated column).

Revision ID: c81e5b2f9a60
Revises: 9f4c2a7d1e35
Create Date: 2026-12-04 18:30:00

"""

from collections.abc import Sequence

from alembic import op

revision: str = "c81e5b2f9a60"
down_revision: str | None = "9f4c2a7d1e35"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXED = (
    ("candidato_busca", "codigo_profissional", ("nome", "titulos", "textos")),
    ("vaga_busca", "codigo_vaga", ("titulo", "competencias", "textos")),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, _key, _columns in _INDEXED:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_ai")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, key, columns in _INDEXED:
        names = ", ".join(columns)
        new = ", ".join(f"new.{name}" for name in columns)
        op.execute(
            f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {table}_fts(rowid, {names}) VALUES (new.{key}, {new}); END"
        )
