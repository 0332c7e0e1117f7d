"""Deleting many rows in bounded batches: one short transaction per batch, never one huge one."""

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.orm import InstrumentedAttribute
from sqlmodel import Session

DEFAULT_BATCH_SIZE = 5000

AfterBatch = Callable[[int], None]


def delete_in_batches(
    session: Session,
    key: InstrumentedAttribute[Any],
    conditions: Sequence[ColumnElement[bool]],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    after_batch: AfterBatch | None = None,
) -> int:
    """Delete the rows matching `conditions`, at most `batch_size` per statement, each batch
    committed on its own; how many were deleted.

    `key` is the table's primary key column: every statement is
    `DELETE ... WHERE key IN (SELECT key ... WHERE conditions LIMIT batch_size)`, so a first
    purge of a huge table holds its locks for one batch at a time. `after_batch` is told the
    running total after each batch (a job beats its heart and may stop there; what is
    committed stays deleted, and a later run deletes the rest).
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    table = key.class_.__table__
    total = 0
    while True:
        chosen = select(key).where(*conditions).limit(batch_size)
        result = session.execute(delete(table).where(key.in_(chosen)))
        session.commit()
        deleted = int(result.rowcount)  # type: ignore[attr-defined]
        total += deleted
        if after_batch is not None and deleted:
            after_batch(total)
        if deleted < batch_size:
            return total
