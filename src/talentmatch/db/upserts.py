"""Database upserts (`INSERT … ON CONFLICT`) on SQLite and PostgreSQL alike.

A check-then-insert races with a concurrent writer of the same key; an upsert lets the
database decide, under its own lock, whether the row is new.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session


def _insert(session: Session, table: Table) -> Any:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"upserts are not written for {dialect}")


def insert_ignoring_conflict(
    session: Session, table: Table, values: Mapping[str, Any], *, keys: Sequence[str]
) -> bool:
    """Insert one row unless a row with the same `keys` exists; True when it was inserted."""
    statement = (
        _insert(session, table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(keys))
        .returning(table.c[keys[0]])
    )
    return session.execute(statement).first() is not None


def upsert_rows(
    session: Session,
    table: Table,
    rows: list[dict[str, Any]],
    *,
    keys: Sequence[str],
    keep: Iterable[str] = (),
    coalesce: Iterable[str] = (),
    returning: Sequence[str] = (),
) -> list[Any]:
    """Insert `rows`, or update the stored row with the same `keys`, in one statement.

    On a conflict every column sent is overwritten but those in `keep` (as `created_at`);
    a column in `coalesce` keeps its stored value when the new one is NULL. Every row must
    carry the same columns. Returns the `returning` columns of each row written.
    """
    if not rows:
        return []
    insert = _insert(session, table)
    excluded = insert.excluded
    kept = set(keep) | set(keys)
    merged = set(coalesce)
    assignments: dict[str, Any] = {}
    for name in rows[0]:
        if name in kept:
            continue
        new = excluded[name]
        assignments[name] = func.coalesce(new, table.c[name]) if name in merged else new
    statement = insert.on_conflict_do_update(index_elements=list(keys), set_=assignments)
    if returning:
        statement = statement.returning(*(table.c[name] for name in returning))
        return list(session.execute(statement, rows).all())
    session.execute(statement, rows)
    return []
