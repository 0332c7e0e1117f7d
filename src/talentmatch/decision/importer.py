"""Import one Decision file from the object store into the system database.

Two streaming passes: the first checks the whole file's JSON syntax and counts its
records, so a truncated or mis-encoded file fails before anything is written; the second
validates each record with the API's schemas and upserts in batches, each batch in its
own transaction. Running the same file twice changes nothing the second time.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import ijson
from sqlalchemy import Engine
from sqlmodel import Session

from talentmatch.candidatos.service import SECTION_TABLES as CANDIDATO_TABLES
from talentmatch.core.errors import InvalidInput
from talentmatch.decision import records
from talentmatch.decision.writers import (
    BatchCounts,
    SectionedTarget,
    write_prospect_groups,
    write_sectioned,
)
from talentmatch.prospects.models import ProspectGroupRecord, ProspectRecord
from talentmatch.storage import ObjectStore, check_size
from talentmatch.vagas.service import SECTION_TABLES as VAGA_TABLES

MAX_REPORTED_ERRORS = 50
MAX_REPORTED_CODES = 50


class Entity(StrEnum):
    """The three Decision files."""

    candidatos = "candidatos"
    vagas = "vagas"
    prospects = "prospects"

    @property
    def file_name(self) -> str:
        """The file's name in Decision's delivery."""
        return {"candidatos": "applicants", "vagas": "vagas", "prospects": "prospects"}[self]


class InvalidFile(InvalidInput):
    """The file is not a JSON object of records (truncated, wrong encoding, wrong shape)."""


@dataclass
class ImportResult:
    """Progress and outcome of an import, in records (prospect rows for prospects)."""

    total: int = 0
    done: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)

    def reject(self, key: str, message: str) -> None:
        """Count a rejected record and keep its error while there is room."""
        self.rejected += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append({"key": key, "error": message})

    def add(self, counts: BatchCounts) -> None:
        """Fold one batch's counts in."""
        self.inserted += counts.inserted
        self.updated += counts.updated
        self.unchanged += counts.unchanged
        for name, codes in counts.report.items():
            known = self.report.setdefault(name, {"count": 0, "sample": []})
            known["count"] += len(codes)
            room = MAX_REPORTED_CODES - len(known["sample"])
            known["sample"].extend(codes[:room])


Progress = Callable[[ImportResult], None]

TARGETS = {
    Entity.candidatos: SectionedTarget(
        root=records.Candidato,
        key="codigo_profissional",
        sections=CANDIDATO_TABLES,
        root_fields=("cv_pt", "cv_en"),
    ),
    Entity.vagas: SectionedTarget(root=records.Vaga, key="codigo_vaga", sections=VAGA_TABLES),
}
PARSERS = {Entity.candidatos: records.candidato_from_file, Entity.vagas: records.vaga_from_file}


def _items(stream: Any) -> Iterator[tuple[str, Any]]:
    return ijson.kvitems(stream, "", use_float=True)  # type: ignore[no-any-return]


def _check_object(stream: Any) -> None:
    head = stream.read(64).lstrip()
    if not head.startswith(b"{"):
        raise InvalidFile("o arquivo deve ser um objeto JSON cujas chaves são os códigos")


def scan(store: ObjectStore, key: str, entity: Entity) -> int:
    """Check the whole file's syntax; return its record count (prospect rows for prospects)."""
    with store.open_read(key) as stream:
        _check_object(stream)
    count = 0
    try:
        with store.open_read(key) as stream:
            for _key, value in _items(stream):
                if entity is Entity.prospects and isinstance(value, dict):
                    rows = value.get("prospects")
                    count += len(rows) if isinstance(rows, list) else 0
                else:
                    count += 1
    except (ijson.JSONError, UnicodeDecodeError) as exc:
        raise InvalidFile(f"JSON inválido em '{key}': {exc}. Nada foi gravado.") from exc
    return count


def import_file(
    entity: Entity,
    *,
    store: ObjectStore,
    key: str,
    engine: Engine,
    batch_size: int = 1000,
    max_bytes: int | None = None,
    changed_by: str = "import",
    progress: Progress | None = None,
) -> ImportResult:
    """Import `key` from `store` into the database behind `engine`."""
    if max_bytes is not None:
        check_size(store, key, max_bytes)
    result = ImportResult(total=scan(store, key, entity))
    if progress:
        progress(result)
    with store.open_read(key) as stream:
        batch: list[tuple[str, Any]] = []
        for item in _items(stream):
            batch.append(item)
            if len(batch) >= batch_size:
                _write_batch(entity, batch, engine, result, changed_by)
                batch = []
                if progress:
                    progress(result)
        if batch:
            _write_batch(entity, batch, engine, result, changed_by)
    if progress:
        progress(result)
    return result


def _write_batch(
    entity: Entity,
    batch: list[tuple[str, Any]],
    engine: Engine,
    result: ImportResult,
    changed_by: str,
) -> None:
    with Session(engine) as session:
        if entity is Entity.prospects:
            counts = write_prospect_groups(
                session, _prospect_items(batch, result), changed_by=changed_by
            )
        else:
            counts = write_sectioned(
                session, TARGETS[entity], _sectioned_items(entity, batch, result)
            )
        session.commit()
    result.add(counts)


def _sectioned_items(
    entity: Entity, batch: list[tuple[str, Any]], result: ImportResult
) -> list[tuple[int, Any, str]]:
    parse = PARSERS[entity]
    items = []
    for key, record in batch:
        result.done += 1
        try:
            items.append(
                (records.parse_code(key), parse(key, record), records.content_hash(record))
            )
        except records.RecordError as exc:
            result.reject(key, str(exc))
    return items


def _prospect_items(
    batch: list[tuple[str, Any]], result: ImportResult
) -> list[tuple[int, ProspectGroupRecord, list[ProspectRecord]]]:
    items = []
    for key, value in batch:
        try:
            code = records.parse_code(key)
            group = records.validate(ProspectGroupRecord, value)
        except records.RecordError as exc:
            rows = value.get("prospects") if isinstance(value, dict) else None
            result.done += len(rows) if isinstance(rows, list) else 0
            result.reject(key, str(exc))
            continue
        valid: dict[int, ProspectRecord] = {}
        for index, row in enumerate(group.prospects):
            result.done += 1
            try:
                record = records.validate(ProspectRecord, row)
            except records.RecordError as exc:
                result.reject(f"{key}/prospects[{index}]", str(exc))
                continue
            if record.codigo_candidato in valid:
                result.reject(
                    f"{key}/prospects[{index}]",
                    f"candidato {record.codigo_candidato} repetido na vaga; vale a última linha",
                )
            valid[record.codigo_candidato] = record
        items.append((code, group, list(valid.values())))
    return items
