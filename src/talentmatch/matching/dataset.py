"""The match training set: finished prospects joined with their candidate and vaga."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from sqlalchemy import Engine, select
from sqlmodel import col

from talentmatch.features.featurize import featurize
from talentmatch.features.payload import payload_from_records
from talentmatch.features.records import PAYLOAD_CANDIDATOS, PAYLOAD_VAGAS, iter_records
from talentmatch.matching.labels import label_for, labels_from_classes
from talentmatch.prospects.models import Prospect
from talentmatch.prospects.statuses import status_classes


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

    @cached_property
    def features(self) -> pd.DataFrame:
        """`featurize` of every row, computed once (training and the drift reference read it)."""
        return featurize(self.payloads)


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
        among_candidates = select(candidate_code).where(statuses)
        among_vagas = select(vaga_code).where(statuses)
        candidates = dict(iter_records(connection, PAYLOAD_CANDIDATOS, among=among_candidates))
        vagas = dict(iter_records(connection, PAYLOAD_VAGAS, among=among_vagas))
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
