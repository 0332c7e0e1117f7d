"""The match label of a prospect's status (DATA.md "What a match is"), kept in this one place."""

from __future__ import annotations

import unicodedata
from typing import Final

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


def _key(status: str) -> str:
    # Hand-typed statuses vary in case, accents and spacing; the meaning does not.
    decomposed = unicodedata.normalize("NFKD", status.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


_LABELS: Final[dict[str, int | None]] = {
    **{_key(s): 1 for s in POSITIVE_STATUSES},
    **{_key(s): 0 for s in NEGATIVE_STATUSES},
    **{_key(s): None for s in IN_PROGRESS_STATUSES},
}


def is_known_status(status: str | None) -> bool:
    """True when the status belongs to one of the three groups."""
    return status is not None and _key(status) in _LABELS


def label_for(status: str | None) -> int | None:
    """1 for a positive outcome, 0 for a negative one, None for in-progress or unknown statuses."""
    if status is None:
        return None
    return _LABELS.get(_key(status))


def label_mapping() -> dict[str, object]:
    """The mapping as the model manifest records it."""
    return {
        "version": LABEL_MAPPING_VERSION,
        "positive": sorted(POSITIVE_STATUSES),
        "negative": sorted(NEGATIVE_STATUSES),
        "dropped_in_progress": sorted(IN_PROGRESS_STATUSES),
    }
