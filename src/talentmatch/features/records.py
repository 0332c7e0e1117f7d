"""Stored vagas and candidates as the section dicts that match payloads and texts read: the
one loader of training, ranking and scoring.

One joined query per side (per chunk of codes) reads only the columns asked for: always the
match payload's fields (`payload.py`), plus what a caller adds (the recommender's texts, the
name an answer shows).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Connection, Select, select
from sqlalchemy.sql import ColumnElement

from talentmatch.candidatos.models import Candidato
from talentmatch.candidatos.service import SECTION_TABLES as CANDIDATO_TABLES
from talentmatch.features.payload import CANDIDATE_SOURCES, ROOT, VAGA_SOURCES
from talentmatch.vagas.models import Vaga
from talentmatch.vagas.service import SECTION_TABLES as VAGA_TABLES

Record = dict[str, Any]
STREAM_ROWS: Final[int] = 2000
FETCH_CHUNK: Final[int] = 900  # codes per IN (...): under every database's parameter limit


@dataclass(frozen=True)
class SideSpec:
    """Where one side's records live and which of their fields the recommender reads."""

    name: str
    root: Any
    key_name: str
    tables: dict[str, Any]
    fields: tuple[tuple[str, str], ...]

    def columns(self) -> list[tuple[str, str, ColumnElement[Any]]]:
        """(section, field, column) of every field read."""
        return [
            (section, key, getattr(self.root if section == ROOT else self.tables[section], key))
            for section, key in self.fields
        ]


def _fields(*groups: Collection[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(dict.fromkeys(field for group in groups for field in group))


def vaga_spec(*extra: Collection[tuple[str, str]]) -> SideSpec:
    """Vagas with the payload's fields and the (section, field) pairs of `extra`."""
    return SideSpec(
        name="vagas",
        root=Vaga,
        key_name="codigo_vaga",
        tables=VAGA_TABLES,
        fields=_fields(*extra, VAGA_SOURCES.values()),
    )


def candidato_spec(*extra: Collection[tuple[str, str]]) -> SideSpec:
    """Candidates with the payload's fields and the (section, field) pairs of `extra`."""
    return SideSpec(
        name="candidatos",
        root=Candidato,
        key_name="codigo_profissional",
        tables=CANDIDATO_TABLES,
        fields=_fields(*extra, CANDIDATE_SOURCES.values()),
    )


PAYLOAD_VAGAS: Final[SideSpec] = vaga_spec()
PAYLOAD_CANDIDATOS: Final[SideSpec] = candidato_spec()


def iter_records(
    connection: Connection,
    spec: SideSpec,
    codes: Collection[int] | None = None,
    *,
    among: Select[Any] | None = None,
) -> Iterator[tuple[int, Record]]:
    """(code, record) of every stored record of a side (or of `codes`, or of the codes the
    query `among` selects), by code, streamed."""
    key = getattr(spec.root, spec.key_name)
    columns = spec.columns()
    used = sorted({section for section, _, _ in columns if section != ROOT})
    statement = select(key, *(column for _, _, column in columns)).select_from(spec.root)
    for section in used:
        table = spec.tables[section]
        statement = statement.outerjoin(table, getattr(table, spec.key_name) == key)
    if codes is not None:
        statement = statement.where(key.in_(sorted(set(codes))))
    if among is not None:
        statement = statement.where(key.in_(among))
    # On the statement, not the connection: Connection.execution_options changes the connection
    # itself, and a caller's later INSERT on it would run through a server-side cursor.
    streamed = statement.order_by(key).execution_options(yield_per=STREAM_ROWS)
    result = connection.execute(streamed)
    for row in result:
        record: Record = {section: {} for section in used}
        for (section, name, _), value in zip(columns, row[1:], strict=True):
            if section == ROOT:
                record[name] = value
            else:
                record[section][name] = value
        yield int(row[0]), record


def fetch_records(
    connection: Connection, spec: SideSpec, codes: Collection[int]
) -> dict[int, Record]:
    """The records of `codes` that exist (missing codes are simply absent)."""
    wanted = sorted(set(codes))
    found: dict[int, Record] = {}
    for start in range(0, len(wanted), FETCH_CHUNK):
        found.update(iter_records(connection, spec, wanted[start : start + FETCH_CHUNK]))
    return found


def field(record: Record, section: str, key: str) -> Any:
    """One field of a record read by `iter_records` (None when absent)."""
    if section == ROOT:
        return record.get(key)
    return (record.get(section) or {}).get(key)
