"""The status -> label mapping of DATA.md, kept in one place."""

import json

import pytest

from talentmatch.generator import status_group
from talentmatch.matching.labels import (
    IN_PROGRESS_STATUSES,
    NEGATIVE_STATUSES,
    POSITIVE_STATUSES,
    is_known_status,
    label_for,
    label_mapping,
)
from talentmatch.prospects.outcomes import SEED_STATUSES

EXPECTED = {"positive": 1, "negative": 0, "in_progress": None}


@pytest.mark.parametrize("status", SEED_STATUSES)
def test_every_status_has_the_label_of_its_data_md_group(status: str) -> None:
    assert is_known_status(status)
    # The generator draws statuses from the same groups: the two must never drift apart.
    assert label_for(status) == EXPECTED[status_group(status)]


def test_groups_are_disjoint_and_cover_the_21_statuses() -> None:
    groups = (POSITIVE_STATUSES, NEGATIVE_STATUSES, IN_PROGRESS_STATUSES)
    assert sum(len(g) for g in groups) == 21
    assert set().union(*groups) == set(SEED_STATUSES)


@pytest.mark.parametrize(
    ("status", "label"),
    [
        ("Contratado pela Decision", 1),
        ("contratado  pela decision", 1),
        ("DOCUMENTACAO PJ", 1),
        ("Não Aprovado pelo Cliente", 0),
        (" nao aprovado pelo rh ", 0),
        ("Desistiu", 0),
        ("Prospect", None),
        ("Entrevista Técnica", None),
        ("Encaminhar Proposta", None),
        ("Status inventado", None),
        ("", None),
        (None, None),
    ],
)
def test_label_for(status: str | None, label: int | None) -> None:
    assert label_for(status) == label


def test_unknown_status_is_not_known() -> None:
    assert not is_known_status("Status inventado")
    assert not is_known_status(None)


def test_mapping_for_the_manifest_is_json_and_complete() -> None:
    mapping = label_mapping()
    assert json.loads(json.dumps(mapping)) == mapping
    assert "Contratado como Hunting" in mapping["positive"]  # type: ignore[operator]
    assert "Sem interesse nesta vaga" in mapping["negative"]  # type: ignore[operator]
    assert "Inscrito" in mapping["dropped_in_progress"]  # type: ignore[operator]
    assert mapping["version"]
