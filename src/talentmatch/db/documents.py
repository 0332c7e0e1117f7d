"""Search documents (`<entity>_busca`): one row per record, made from its fields, two ways.

A `DocumentSpec` says which fields of a sectioned record feed each text column of its document
(folded words, `db.fulltext.document`) and each filter column (`db.fulltext.folded`). The
document is made either from the stored rows (`refresh`: one joined query per chunk of codes,
for a write that may have kept sections it did not carry) or from the validated records a
write has in hand (`write_from_records`: no query, for records written whole, as an import's
new codes are). Both read the same fields through the same spec, so they make the same row;
tests/test_search_documents.py holds them equal.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import outerjoin
from sqlmodel import Session, SQLModel

from talentmatch.db.fulltext import document, folded, index_rows

CHUNK = 500

# A model's column attribute: an InstrumentedAttribute at run time, typed as its value by SQLModel.
Source = Any


@dataclass(frozen=True)
class DocumentSpec:
    """The document of one sectioned entity: its table and key, the root model and the section
    models by the record's attribute names, and the fields behind each document column."""

    table: Table
    key: str
    root: type[SQLModel]
    sections: Mapping[str, type[SQLModel]]
    texts: Mapping[str, Sequence[Source]]  # document column -> its fields, most telling first
    filters: Mapping[str, Source]  # filter column -> its field

    @cached_property
    def sources(self) -> list[Source]:
        """Every field read, texts first, in column order."""
        texts = [field for fields in self.texts.values() for field in fields]
        return [*texts, *self.filters.values()]

    @cached_property
    def _paths(self) -> list[tuple[str | None, str]]:
        """(record attribute of the field's section, or None on the root; field name)."""
        attribute_of: dict[Any, str] = {model: name for name, model in self.sections.items()}
        return [
            (None if field.class_ is self.root else attribute_of[field.class_], field.key)
            for field in self.sources
        ]

    def row(self, code: int, updated_at: datetime, values: Sequence[str | None]) -> dict[str, Any]:
        """The document row of one record from its field values (in `sources` order)."""
        row: dict[str, Any] = {self.key: code, "updated_at": updated_at}
        start = 0
        for name, fields in self.texts.items():
            row[name] = document(*values[start : start + len(fields)])
            start += len(fields)
        for name, value in zip(self.filters, values[start:], strict=True):
            row[name] = folded(value)
        return row

    def values_of(self, record: Any) -> list[str | None]:
        """The field values of a validated record as its insert stores them: a root field as
        it is, a section's field only when sent (`row_values` leaves the others NULL), an
        absent section empty."""
        values = []
        for attribute, name in self._paths:
            if attribute is None:
                values.append(getattr(record, name))
                continue
            section = getattr(record, attribute)
            sent = section is not None and name in section.model_fields_set
            values.append(getattr(section, name) if sent else None)
        return values


def _replace(
    session: Session, spec: DocumentSpec, codes: list[int], rows: list[dict[str, Any]]
) -> None:
    session.execute(delete(spec.table).where(spec.table.c[spec.key].in_(codes)))
    if rows:
        session.execute(insert(spec.table), rows)
        index_rows(session, spec.table, spec.key, list(spec.texts), [row[spec.key] for row in rows])


def refresh(session: Session, spec: DocumentSpec, codes: Iterable[int]) -> None:
    """Rewrite the documents of `codes` from their stored rows; does not commit."""
    wanted = sorted(set(codes))
    if not wanted:
        return
    session.flush()
    key = getattr(spec.root, spec.key)
    joined: Any = spec.root
    for model in dict.fromkeys(field.class_ for field in spec.sources):
        if model is not spec.root:  # each section joins the root on its key (its foreign key)
            joined = outerjoin(joined, model)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        statement = (
            select(key, spec.root.updated_at, *spec.sources)  # type: ignore[attr-defined]
            .select_from(joined)
            .where(key.in_(chunk))
        )
        rows = [spec.row(row[0], row[1], row[2:]) for row in session.execute(statement)]
        _replace(session, spec, chunk, rows)


def write_from_records(
    session: Session, spec: DocumentSpec, records: Iterable[tuple[int, Any]], updated_at: datetime
) -> None:
    """Write the documents of records written whole (every section as in the record), made
    from the records themselves; does not commit."""
    items = list(records)
    for start in range(0, len(items), CHUNK):
        chunk = items[start : start + CHUNK]
        rows = [spec.row(code, updated_at, spec.values_of(record)) for code, record in chunk]
        _replace(session, spec, [code for code, _record in chunk], rows)
