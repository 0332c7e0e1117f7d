"""The training set: finished prospects with both records, labelled, read in a few queries."""

from __future__ import annotations

import json

from sqlalchemy import event

from talentmatch.matching.dataset import TrainingSet, build_training_set
from talentmatch.matching.labels import label_for
from tests.matching.conftest import MatchData


def _expected_rows(match_data: MatchData) -> dict[tuple[int, int], int]:
    """Labelled rows computed straight from the generated files."""
    folder = match_data.folder
    applicants = json.loads((folder / "applicants.json").read_text("utf-8"))
    vagas = json.loads((folder / "vagas.json").read_text("utf-8"))
    prospects = json.loads((folder / "prospects.json").read_text("utf-8"))
    rows = {}
    for vaga, group in prospects.items():
        for row in group["prospects"]:
            label = label_for(row["situacao_candidado"])
            if label is not None and vaga in vagas and row["codigo"] in applicants:
                rows[(int(vaga), int(row["codigo"]))] = label
    return rows


def test_rows_and_labels_match_the_files(match_data: MatchData, training_set: TrainingSet) -> None:
    expected = _expected_rows(match_data)
    assert dict(zip(training_set.keys, training_set.labels.tolist(), strict=True)) == expected
    assert training_set.keys == sorted(training_set.keys)
    assert training_set.groups.tolist() == [vaga for vaga, _ in training_set.keys]
    assert training_set.stats["rows"] == len(expected)
    assert training_set.stats["positives"] == sum(expected.values())
    assert training_set.stats["dropped_in_progress_or_unknown"] > training_set.stats["rows"]


def test_payloads_have_the_25_fields(training_set: TrainingSet) -> None:
    assert all(len(p) == 25 for p in training_set.payloads)
    assert sum(bool(p["cv_candidato"]) for p in training_set.payloads) > len(training_set) * 0.9


def test_a_few_queries_not_one_per_row(match_data: MatchData) -> None:
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(match_data.engine, "before_cursor_execute", count)
    try:
        training_set = build_training_set(match_data.engine)
    finally:
        event.remove(match_data.engine, "before_cursor_execute", count)
    assert len(training_set) > 500
    assert len(statements) <= 4


def test_fingerprint_is_stable_and_sensitive(
    match_data: MatchData, training_set: TrainingSet
) -> None:
    again = build_training_set(match_data.engine)
    assert again.fingerprint == training_set.fingerprint
    assert len(training_set.fingerprint) == 64
    from talentmatch.matching.dataset import fingerprint_rows

    labels = training_set.labels.tolist()
    labels[0] = 1 - labels[0]
    changed = fingerprint_rows(training_set.keys, labels, training_set.payloads)
    assert changed != training_set.fingerprint
