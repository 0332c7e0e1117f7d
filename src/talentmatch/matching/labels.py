"""The match label of a prospect's status (DATA.md "What a match is"), kept in this one place.

Statuses are data (the `prospect_status` table, seeded with DATA.md's 21): each has an outcome
class, and the class gives the label. The sets below are the seed's classification, the default
when no table is given; `labels_from_classes` turns the table's classes into the mapping
`label_for` reads. An unknown or unclassified status is never a label.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from talentmatch.prospects.outcomes import OutcomeClass, status_key

# Bump when a status moves between groups: the manifest records it, so models stay comparable.
LABEL_MAPPING_VERSION: Final[str] = "finished-only-v1"

POSITIVE_STATUSES: Final[frozenset[str]] = frozenset(
    {
        "Aprovado",
        "Proposta Aceita",
        "Documentação CLT",
        "Documentação PJ",
        "Documentação Cooperado",
        "Contratado pela Decision",
        "Contratado como Hunting",
    }
)
NEGATIVE_STATUSES: Final[frozenset[str]] = frozenset(
    {
        "Não Aprovado pelo RH",
        "Não Aprovado pelo Cliente",
        "Não Aprovado pelo Requisitante",
        "Recusado",
        "Desistiu",
        "Desistiu da Contratação",
        "Sem interesse nesta vaga",
    }
)
# Processes still running say nothing yet about the match: dropped from training.
IN_PROGRESS_STATUSES: Final[frozenset[str]] = frozenset(
    {
        "Prospect",
        "Inscrito",
        "Encaminhado ao Requisitante",
        "Em avaliação pelo RH",
        "Entrevista Técnica",
        "Entrevista com Cliente",
        "Encaminhar Proposta",
    }
)
LABELED_STATUSES: Final[frozenset[str]] = POSITIVE_STATUSES | NEGATIVE_STATUSES


_LABELS: Final[dict[str, int | None]] = {
    **{status_key(s): 1 for s in POSITIVE_STATUSES},
    **{status_key(s): 0 for s in NEGATIVE_STATUSES},
    **{status_key(s): None for s in IN_PROGRESS_STATUSES},
}


_CLASS_LABELS: Final[dict[str, int | None]] = {
    OutcomeClass.positive: 1,
    OutcomeClass.negative: 0,
    OutcomeClass.in_progress: None,
    OutcomeClass.unclassified: None,
}


def seed_class(status: str) -> OutcomeClass:
    """The class DATA.md gives a status; unclassified when it is not one of the 21."""
    label = _LABELS.get(status_key(status), -1)
    if label == -1:
        return OutcomeClass.unclassified
    if label is None:
        return OutcomeClass.in_progress
    return OutcomeClass.positive if label == 1 else OutcomeClass.negative


def labels_from_classes(classes: Mapping[str, str]) -> dict[str, int | None]:
    """The label of each registered status (name → class), as `label_for` reads it."""
    return {status_key(name): _CLASS_LABELS.get(classe) for name, classe in classes.items()}


def is_known_status(status: str | None) -> bool:
    """True when the status belongs to one of the three groups."""
    return status is not None and status_key(status) in _LABELS


def label_for(status: str | None, labels: Mapping[str, int | None] | None = None) -> int | None:
    """1 for a positive outcome, 0 for a negative one, None for in-progress or unknown statuses.

    `labels` (from `labels_from_classes`, i.e. the status table) replaces the seed's
    classification when given.
    """
    if status is None:
        return None
    return (_LABELS if labels is None else labels).get(status_key(status))


def label_mapping() -> dict[str, object]:
    """The mapping as the model manifest records it."""
    return {
        "version": LABEL_MAPPING_VERSION,
        "positive": sorted(POSITIVE_STATUSES),
        "negative": sorted(NEGATIVE_STATUSES),
        "dropped_in_progress": sorted(IN_PROGRESS_STATUSES),
    }
