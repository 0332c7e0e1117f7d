"""Batched, idempotent upserts of imported records, one transaction per batch.

A record whose content hash matches the stored one is left alone (unchanged); a new code
is inserted; a changed record has its sent sections replaced. Nothing the file does not
mention is deleted.
"""

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, delete, insert, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, col, select

from talentmatch.candidatos.models import Candidato
from talentmatch.db.sections import OpenSection, row_values
from talentmatch.db.types import utcnow
from talentmatch.db.upserts import upsert_rows
from talentmatch.prospects.models import (
    Prospect,
    ProspectGroupRecord,
    ProspectHistorico,
    ProspectRecord,
    ProspectVaga,
)
from talentmatch.prospects.statuses import register_unknown
from talentmatch.vagas.models import Vaga


def _insert_rows(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """Insert `rows` in one go: COPY on PostgreSQL, one executemany INSERT elsewhere.

    Every column is named (absent ones NULL) but a serial id, which the database assigns.
    Core, not the ORM's bulk insert: the ORM falls back to one statement per row here.
    """
    table = model.__table__  # type: ignore[attr-defined]
    generated = table.autoincrement_column
    columns = [column for column in table.columns if column is not generated]
    if session.get_bind().dialect.name == "postgresql":
        _copy_rows(session, table.name, columns, rows)
        return
    names = [column.name for column in columns]
    session.execute(insert(table), [{name: row.get(name) for name in names} for row in rows])


def _copy_rows(
    session: Session, table_name: str, columns: list[Column[Any]], rows: list[dict[str, Any]]
) -> None:
    # COPY runs on the session's own connection, so it commits or rolls back with the batch.
    driver = session.connection().connection.driver_connection
    assert driver is not None
    as_json = {column.name for column in columns if isinstance(column.type, JSON)}
    names = ", ".join(f'"{column.name}"' for column in columns)
    with (
        driver.cursor() as cursor,
        cursor.copy(f'COPY "{table_name}" ({names}) FROM STDIN') as copy,
    ):
        for row in rows:
            copy.write_row(
                [
                    json.dumps(row.get(column.name))
                    if column.name in as_json and row.get(column.name) is not None
                    else row.get(column.name)
                    for column in columns
                ]
            )


@dataclass
class BatchCounts:
    """What one batch did, in records (rows, for prospects)."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    report: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SectionedTarget:
    """Where a sectioned entity lives: its root table, key, section tables, root texts, and
    what rewrites the search documents of the codes a batch wrote: from the stored rows
    (`refresh`, for the codes it updated) and from the records (`documents`, for the codes
    it inserted, written whole)."""

    root: type[SQLModel]
    key: str
    sections: Mapping[str, type[SQLModel]]
    root_fields: tuple[str, ...] = ()
    refresh: Callable[[Session, list[int]], None] | None = None
    documents: Callable[[Session, list[tuple[int, OpenSection]], datetime], None] | None = None


def write_sectioned(
    session: Session, target: SectionedTarget, items: Iterable[tuple[int, OpenSection, str]]
) -> BatchCounts:
    """Upsert (code, validated record, content hash) items; the last of a repeated code wins."""
    latest = {code: (record, digest) for code, record, digest in items}
    key_column = getattr(target.root, target.key)
    stored = {
        code: (digest, extras)
        for code, digest, extras in session.execute(
            sa_select(key_column, target.root.content_hash, target.root.extras).where(  # type: ignore[attr-defined]
                key_column.in_(list(latest))
            )
        )
    }
    counts = BatchCounts()
    now = utcnow()
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    written: list[tuple[int, OpenSection]] = []
    for code, (record, digest) in latest.items():
        if code in stored and stored[code][0] == digest:
            counts.unchanged += 1
            continue
        texts = {name: getattr(record, name) for name in target.root_fields}
        sent_texts = {
            name: value for name, value in texts.items() if name in record.model_fields_set
        }
        extras = dict(record.model_extra or {})
        values = {
            target.key: code,
            "content_hash": digest,
            "updated_at": now,
            "chave_arquivo": record._chave_arquivo,
        }
        if code in stored:
            # Unknown top-level keys follow the sections' rule: sent ones replace the stored
            # ones; none sent leaves them as they were.
            kept = extras or stored[code][1]
            updates.append({**values, **sent_texts, "extras": kept or None})
            counts.updated += 1
        else:
            inserts.append({**values, **texts, "extras": extras or None, "created_at": now})
            counts.inserted += 1
        written.append((code, record))
    raced = _upsert_new(session, target.root, inserts, keys=(target.key,), now=now)
    counts.inserted -= len(raced)
    counts.updated += len(raced)
    if updates:
        session.execute(update(target.root), updates)
    replaced = set(stored) | raced
    _replace_sections(session, target, written, replaced=replaced)
    # The search documents, in the batch's transaction: a new record's from the record itself
    # (no query), an updated one's from its stored rows (sections the file left out are kept).
    if target.documents is not None:
        target.documents(
            session, [(code, record) for code, record in written if code not in replaced], now
        )
    if target.refresh is not None:
        target.refresh(session, [code for code, _record in written if code in replaced])
    return counts


def _upsert_new(
    session: Session,
    model: type[SQLModel],
    rows: list[dict[str, Any]],
    *,
    keys: tuple[str, ...],
    now: datetime,
) -> set[Any]:
    """Insert rows read as new; a row a concurrent writer (an API call) created meanwhile is
    overwritten with this one instead of failing the batch. Returns the keys of those."""
    table = model.__table__  # type: ignore[attr-defined]
    written = upsert_rows(
        session, table, rows, keys=keys, keep=("created_at",), returning=(*keys, "created_at")
    )
    # created_at is kept on a conflict: a row not stamped by this batch was already there.
    return {
        row[0] if len(keys) == 1 else tuple(row[: len(keys)]) for row in written if row[-1] != now
    }


def _replace_sections(
    session: Session,
    target: SectionedTarget,
    written: list[tuple[int, OpenSection]],
    replaced: set[int],
) -> None:
    for attribute, table in target.sections.items():
        rows = []
        stale = []
        for code, record in written:
            section = getattr(record, attribute)
            if section is None:
                continue
            if code in replaced:
                stale.append(code)
            rows.append({target.key: code, **row_values(section, exclude=frozenset({target.key}))})
        if stale:
            session.execute(delete(table).where(getattr(table, target.key).in_(stale)))
        if rows:
            _insert_rows(session, table, rows)


PROSPECT_VALUE_FIELDS = (
    "nome",
    "situacao_candidato",
    "data_candidatura",
    "ultima_atualizacao",
    "comentario",
    "recrutador",
)


def _prospect_values(record: ProspectRecord) -> dict[str, Any]:
    values = {name: getattr(record, name) for name in PROSPECT_VALUE_FIELDS}
    values["extras"] = dict(record.model_extra or {}) or None
    return values


def write_prospect_groups(
    session: Session,
    items: Iterable[tuple[int, ProspectGroupRecord, list[ProspectRecord]]],
    *,
    changed_by: str,
) -> BatchCounts:
    """Upsert vaga pipelines and their rows; rows already stored but absent are kept."""
    groups = {code: (group, rows) for code, group, rows in items}
    codes = list(groups)
    stored_groups = {
        g.codigo_vaga: g
        for g in session.exec(select(ProspectVaga).where(col(ProspectVaga.codigo_vaga).in_(codes)))
    }
    new_groups: list[dict[str, Any]] = []
    for code, (group, _rows) in groups.items():
        head: dict[str, Any] = {
            "titulo_vaga": group.titulo_vaga,
            "modalidade": group.modalidade,
            "extras": dict(group.model_extra or {}) or None,
            "chave_arquivo": group._chave_arquivo,
        }
        current = stored_groups.get(code)
        if current is None:
            new_groups.append({"codigo_vaga": code, **head})
        elif any(getattr(current, name) != value for name, value in head.items()):
            current.sqlmodel_update(head)
            session.add(current)
    session.flush()
    # A pipeline an API call created meanwhile takes the file's head (the rows need their group
    # first, for their foreign key).
    upsert_rows(session, ProspectVaga.__table__, new_groups, keys=("codigo_vaga",))  # type: ignore[attr-defined]

    stored_rows = {
        (p.codigo_vaga, p.codigo_candidato): p
        for p in session.exec(select(Prospect).where(col(Prospect.codigo_vaga).in_(codes)))
    }
    counts = BatchCounts()
    now = utcnow()
    inserts: list[dict[str, Any]] = []
    candidates: set[int] = set()
    for code, (_group, rows) in groups.items():
        for record in rows:
            candidates.add(record.codigo_candidato)
            values = _prospect_values(record)
            row = stored_rows.get((code, record.codigo_candidato))
            if row is None:
                inserts.append(
                    {
                        "codigo_vaga": code,
                        "codigo_candidato": record.codigo_candidato,
                        **values,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                counts.inserted += 1
                continue
            if all(getattr(row, name) == value for name, value in values.items()):
                counts.unchanged += 1
                continue
            if row.situacao_candidato != values["situacao_candidato"]:
                session.add(
                    ProspectHistorico(
                        prospect_id=row.id,  # type: ignore[arg-type]
                        situacao_anterior=row.situacao_candidato,
                        situacao_nova=values["situacao_candidato"] or "",
                        alterado_por=changed_by,
                    )
                )
            row.sqlmodel_update({**values, "updated_at": now})
            session.add(row)
            counts.updated += 1
    raced = _upsert_new(
        session, Prospect, inserts, keys=("codigo_vaga", "codigo_candidato"), now=now
    )
    counts.inserted -= len(raced)
    counts.updated += len(raced)
    counts.report = _orphans(session, set(codes), candidates)
    # A status the table does not know is kept on its row, registered as unclassified (never
    # a training label) and reported.
    statuses = {record.situacao_candidato for _group, rows in groups.values() for record in rows}
    counts.report["unregistered_statuses"] = register_unknown(
        session=session, names=statuses, by=changed_by
    )
    return counts


def _orphans(session: Session, vaga_codes: set[int], candidate_codes: set[int]) -> dict[str, Any]:
    """Codes named by prospects that are absent from the vagas / candidates tables."""
    known_vagas = set(
        session.exec(select(Vaga.codigo_vaga).where(col(Vaga.codigo_vaga).in_(vaga_codes)))
    )
    known_candidates = set(
        session.exec(
            select(Candidato.codigo_profissional).where(
                col(Candidato.codigo_profissional).in_(candidate_codes)
            )
        )
    )
    return {
        "unknown_vagas": sorted(vaga_codes - known_vagas),
        "unknown_candidatos": sorted(candidate_codes - known_candidates),
    }
