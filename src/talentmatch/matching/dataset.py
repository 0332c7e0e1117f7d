"""The match training set: finished prospects joined with their candidate and vaga."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Engine, select
from sqlalchemy.sql import ColumnElement
from sqlmodel import col

from talentmatch.candidatos.models import Candidato
from talentmatch.candidatos.service import SECTION_TABLES as CANDIDATO_TABLES
from talentmatch.features.payload import (
    CANDIDATE_SOURCES,
    ROOT,
    VAGA_SOURCES,
    payload_from_records,
)
from talentmatch.matching.labels import label_for, labels_from_classes
from talentmatch.prospects.models import Prospect
from talentmatch.prospects.statuses import status_classes
from talentmatch.vagas.models import Vaga
from talentmatch.vagas.service import SECTION_TABLES as VAGA_TABLES


@dataclass(frozen=True)
class TrainingSet:
    """Labelled pairs in a stable order (by vaga, then candidate) and where they came from."""

    payloads: list[dict[str, str]]
    labels: NDArray[np.int8]
    groups: NDArray[np.int64]  # codigo_vaga of each row: splits never cut a vaga in two
    keys: list[tuple[int, int]]  # (codigo_vaga, codigo_candidato)
    fingerprint: str
    stats: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.payloads)


def _columns(
    sources: dict[str, tuple[str, str]], tables: dict[str, Any], root: Any
) -> list[tuple[str, str, ColumnElement[Any]]]:
    """(section, field, column) of every stored field the payload reads."""
    return [
        (section, key, getattr(root if section == ROOT else tables[section], key))
        for section, key in sources.values()
    ]


def _records(
    engine: Engine,
    root: Any,
    key_name: str,
    tables: dict[str, Any],
    sources: dict[str, tuple[str, str]],
    wanted: Any,
) -> dict[int, dict[str, Any]]:
    """Section dicts of the records whose code is in `wanted`, in one joined query."""
    key = getattr(root, key_name)
    columns = _columns(sources, tables, root)
    used = {section for section, _, _ in columns if section != ROOT}
    statement = select(key, *(column for _, _, column in columns)).select_from(root)
    for section in sorted(used):
        table = tables[section]
        statement = statement.outerjoin(table, getattr(table, key_name) == key)
    statement = statement.where(key.in_(wanted))
    records: dict[int, dict[str, Any]] = {}
    with engine.connect() as connection:
        for row in connection.execute(statement):
            record: dict[str, Any] = {section: {} for section in used}
            for (section, name, _), value in zip(columns, row[1:], strict=True):
                if section == ROOT:
                    record[name] = value
                else:
                    record[section][name] = value
            records[int(row[0])] = record
    return records


def fingerprint_rows(
    keys: list[tuple[int, int]], labels: list[int], payloads: list[dict[str, str]]
) -> str:
    """sha256 of the rows in order: the same data gives the same fingerprint anywhere."""
    digest = hashlib.sha256()
    for key, label, payload in zip(keys, labels, payloads, strict=True):
        line = json.dumps([key, label, payload], ensure_ascii=False, sort_keys=True)
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def build_training_set(engine: Engine) -> TrainingSet:
    """Finished prospects with both records stored, labelled by the classes of the status
    table through matching.labels (an unclassified or unknown status is no label); 4 queries."""
    vaga_code, candidate_code = col(Prospect.codigo_vaga), col(Prospect.codigo_candidato)
    status = col(Prospect.situacao_candidato)
    labelled = select(vaga_code, candidate_code, status)
    with engine.connect() as connection:
        status_labels = labels_from_classes(status_classes(connection))
        rows = connection.execute(labelled.order_by(vaga_code, candidate_code)).all()
    finished = sorted(
        {s for _, _, s in rows if s is not None and label_for(s, status_labels) is not None}
    )
    statuses = status.in_(finished)
    candidates = _records(
        engine,
        Candidato,
        "codigo_profissional",
        CANDIDATO_TABLES,
        CANDIDATE_SOURCES,
        select(candidate_code).where(statuses),
    )
    vagas = _records(
        engine,
        Vaga,
        "codigo_vaga",
        VAGA_TABLES,
        VAGA_SOURCES,
        select(vaga_code).where(statuses),
    )
    stats: Counter[str] = Counter(prospect_rows=len(rows))
    keys: list[tuple[int, int]] = []
    labels: list[int] = []
    payloads: list[dict[str, str]] = []
    for codigo_vaga, codigo_candidato, situacao in rows:
        label = label_for(situacao, status_labels)
        if label is None:
            stats["dropped_in_progress_or_unknown"] += 1
            continue
        candidate, vaga = candidates.get(codigo_candidato), vagas.get(codigo_vaga)
        if candidate is None or vaga is None:
            # Nothing to learn from a pair whose records are missing (the files' orphans).
            stats["dropped_missing_candidate" if candidate is None else "dropped_missing_vaga"] += 1
            continue
        keys.append((int(codigo_vaga), int(codigo_candidato)))
        labels.append(label)
        payloads.append(payload_from_records(candidate, vaga))
    stats["rows"] = len(labels)
    stats["positives"] = sum(labels)
    return TrainingSet(
        payloads=payloads,
        labels=np.asarray(labels, dtype=np.int8),
        groups=np.asarray([vaga for vaga, _ in keys], dtype=np.int64),
        keys=keys,
        fingerprint=fingerprint_rows(keys, labels, payloads),
        stats=dict(stats),
    )
