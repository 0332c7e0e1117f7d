"""Import one Decision file from the object store into the system database.

Two streaming passes: the first checks the whole file's JSON syntax and counts its
records, so a truncated or mis-encoded file fails before anything is written; the second
validates each record with the API's schemas and upserts in batches, each batch in its
own transaction. Running the same file twice changes nothing the second time.

A record is rejected by its key, and the others imported, when it is larger than the
per-record limit or nested too deep (neither is ever held in memory), repeats a key
(in an object, or a code of the file: the first one counts), or holds a NUL character.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from talentmatch.candidatos import documents as candidato_documents
from talentmatch.candidatos.service import SECTION_TABLES as CANDIDATO_TABLES
from talentmatch.core.errors import InvalidInput
from talentmatch.decision import records
from talentmatch.decision.scanner import SplitError
from talentmatch.decision.splitter import (
    RawRecord,
    load_syntax,
    parse_record,
    split_records,
)
from talentmatch.decision.writers import (
    BatchCounts,
    SectionedTarget,
    write_prospect_groups,
    write_sectioned,
)
from talentmatch.prospects.models import ProspectGroupRecord, ProspectRecord
from talentmatch.storage import ObjectStore, check_size
from talentmatch.vagas import documents as vaga_documents
from talentmatch.vagas.service import SECTION_TABLES as VAGA_TABLES

MAX_REPORTED_ERRORS = 50
MAX_REPORTED_CODES = 50
MAX_RECORD_BYTES = 4 * 1024 * 1024


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
        refresh=candidato_documents.refresh_documents,
        documents=candidato_documents.write_documents,
    ),
    Entity.vagas: SectionedTarget(
        root=records.Vaga,
        key="codigo_vaga",
        sections=VAGA_TABLES,
        refresh=vaga_documents.refresh_documents,
        documents=vaga_documents.write_documents,
    ),
}
PARSERS = {Entity.candidatos: records.candidato_from_file, Entity.vagas: records.vaga_from_file}


def _weight(entity: Entity, value: Any) -> int:
    """How many units of progress a record is: its rows for prospects, else 1."""
    if entity is Entity.prospects and isinstance(value, dict):
        rows = value.get("prospects")
        if isinstance(rows, list):
            return len(rows)
    return 1


@contextmanager
def _records(
    store: ObjectStore, key: str, max_record_bytes: int, outcome: str = "Nada foi gravado."
) -> Iterator[Iterator[RawRecord]]:
    with store.open_read(key) as stream:
        try:
            yield split_records(stream, max_record_bytes=max_record_bytes)
        except SplitError as exc:
            raise InvalidFile(f"JSON inválido em '{key}': {exc}. {outcome}") from exc


def scan(
    store: ObjectStore, key: str, entity: Entity, max_record_bytes: int = MAX_RECORD_BYTES
) -> int:
    """Check the whole file's syntax; return its record count (prospect rows for prospects)."""
    count = 0
    with _records(store, key, max_record_bytes) as items:
        for record in items:
            if record.raw is None:
                count += 1
                continue
            try:
                value = record.value if record.parsed else load_syntax(record.raw)
            except ValueError as exc:  # UnicodeDecodeError included
                raise InvalidFile(
                    f"JSON inválido em '{key}', registro '{record.key[:40]}': {exc}. "
                    "Nada foi gravado."
                ) from exc
            count += _weight(entity, value)
    return count


def import_file(
    entity: Entity,
    *,
    store: ObjectStore,
    key: str,
    engine: Engine,
    batch_size: int = 1000,
    max_bytes: int | None = None,
    max_record_bytes: int = MAX_RECORD_BYTES,
    changed_by: str = "import",
    progress: Progress | None = None,
) -> ImportResult:
    """Import `key` from `store` into the database behind `engine`."""
    if max_bytes is not None:
        check_size(store, key, max_bytes)
    result = ImportResult(total=scan(store, key, entity, max_record_bytes))
    if progress:
        progress(result)
    seen: set[str] = set()
    changed = "O arquivo mudou durante a importação; os lotes já gravados ficam."
    with _records(store, key, max_record_bytes, changed) as items:
        batch: list[tuple[str, Any]] = []
        for record in items:
            try:
                if record.key in seen:
                    raise records.RecordError("código repetido no arquivo; vale a primeira vez")
                seen.add(record.key)
                batch.append((record.key, parse_record(record)))
            except records.RecordError as exc:
                result.done += _weight(entity, _quiet_parse(record))
                result.reject(record.key, str(exc))
                continue
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


def _quiet_parse(record: RawRecord) -> Any:
    try:
        if record.parsed:
            return record.value
        return None if record.raw is None else load_syntax(record.raw)
    except ValueError:
        return None


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
            group._chave_arquivo = records.file_key(key, code)
        except records.RecordError as exc:
            result.done += _weight(Entity.prospects, value)
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
