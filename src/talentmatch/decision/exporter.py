"""Export the system database to Decision's file format, streamed into the object store.

The file is written through the store's atomic stream (a temporary file or upload that
only appears at its key once complete), so a half-written export is never visible.
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, col, func, select

from talentmatch.candidatos.models import Candidato
from talentmatch.candidatos.service import SECTION_TABLES as CANDIDATO_TABLES
from talentmatch.decision import records
from talentmatch.decision.importer import Entity
from talentmatch.prospects.models import Prospect, ProspectVaga
from talentmatch.storage import ObjectStore
from talentmatch.vagas.models import Vaga
from talentmatch.vagas.service import SECTION_TABLES as VAGA_TABLES


@dataclass
class ExportResult:
    """Progress and outcome of an export, in top-level records."""

    output_key: str
    total: int = 0
    done: int = 0


Progress = Callable[[ExportResult], None]


def default_export_key(entity: Entity, now: datetime | None = None) -> str:
    """`exports/<file>-<UTC timestamp>.json`."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return f"exports/{entity.file_name}-{stamp}.json"


def _entry(key: str, record: dict[str, Any], first: bool) -> bytes:
    # Same layout as json.dump(indent=4): the record's lines nested one level deeper.
    body = json.dumps(record, ensure_ascii=False, indent=4).replace("\n", "\n    ")
    separator = "\n" if first else ",\n"
    return f"{separator}    {json.dumps(key, ensure_ascii=False)}: {body}".encode()


def _sectioned_chunks(
    session: Session, root: type[SQLModel], key: str, tables: dict[str, type[SQLModel]], size: int
) -> Iterator[list[tuple[Any, dict[str, Any]]]]:
    key_column = getattr(root, key)
    last = 0
    while True:
        roots = list(
            session.exec(select(root).where(key_column > last).order_by(key_column).limit(size))
        )
        if not roots:
            return
        codes = [getattr(r, key) for r in roots]
        sections: dict[int, dict[str, Any]] = {code: {} for code in codes}
        for name, table in tables.items():
            table_key = getattr(table, key)
            for row in session.exec(select(table).where(table_key.in_(codes))):
                sections[getattr(row, key)][name] = row
        yield [(r, sections[getattr(r, key)]) for r in roots]
        last = codes[-1]
        session.expunge_all()  # keep memory flat over 40k records


def _records(session: Session, entity: Entity, size: int) -> Iterator[tuple[str, dict[str, Any]]]:
    if entity is Entity.candidatos:
        for chunk in _sectioned_chunks(
            session, Candidato, "codigo_profissional", CANDIDATO_TABLES, size
        ):
            for root, sections in chunk:
                yield records.candidato_to_file(root, sections)
    elif entity is Entity.vagas:
        for chunk in _sectioned_chunks(session, Vaga, "codigo_vaga", VAGA_TABLES, size):
            for root, sections in chunk:
                yield records.vaga_to_file(root, sections)
    else:
        yield from _prospect_records(session, size)


def _prospect_records(session: Session, size: int) -> Iterator[tuple[str, dict[str, Any]]]:
    last = 0
    while True:
        groups = list(
            session.exec(
                select(ProspectVaga)
                .where(ProspectVaga.codigo_vaga > last)
                .order_by(col(ProspectVaga.codigo_vaga))
                .limit(size)
            )
        )
        if not groups:
            return
        codes = [g.codigo_vaga for g in groups]
        rows: dict[int, list[Prospect]] = {code: [] for code in codes}
        statement = (
            select(Prospect).where(col(Prospect.codigo_vaga).in_(codes)).order_by(col(Prospect.id))
        )
        for row in session.exec(statement):
            rows[row.codigo_vaga].append(row)
        for group in groups:
            yield records.prospect_group_to_file(group, rows[group.codigo_vaga])
        last = codes[-1]
        session.expunge_all()


def _count(session: Session, entity: Entity) -> int:
    table = {Entity.candidatos: Candidato, Entity.vagas: Vaga, Entity.prospects: ProspectVaga}
    return session.exec(select(func.count()).select_from(table[entity])).one()


def export_file(
    entity: Entity,
    *,
    engine: Engine,
    store: ObjectStore,
    key: str | None = None,
    chunk_size: int = 1000,
    progress: Progress | None = None,
) -> ExportResult:
    """Write every stored record of `entity` to `key` (a timestamped default) in `store`."""
    result = ExportResult(output_key=key or default_export_key(entity))
    with Session(engine) as session:
        result.total = _count(session, entity)
        with store.write_stream(result.output_key) as out:
            out.write(b"{")
            for code, record in _records(session, entity, chunk_size):
                out.write(_entry(code, record, first=result.done == 0))
                result.done += 1
                if progress and result.done % chunk_size == 0:
                    progress(result)
            out.write(b"\n}" if result.done else b"}")
    if progress:
        progress(result)
    return result
