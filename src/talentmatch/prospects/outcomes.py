"""The outcome classes of pipeline statuses (dependency-free: labels and models read it)."""

import unicodedata
from enum import StrEnum


class OutcomeClass(StrEnum):
    """What a status says about the match: hired/approved, refused/withdrawn, or not yet."""

    positive = "positive"
    negative = "negative"
    in_progress = "in_progress"
    unclassified = "unclassified"


def status_key(status: str) -> str:
    """A status's spelling without case, accents or extra spaces: hand-typed statuses vary in
    them, the meaning does not."""
    decomposed = unicodedata.normalize("NFKD", status.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


# DATA.md's 21 statuses in pipeline order: the stages the status table is seeded with.
SEED_STATUSES: tuple[str, ...] = (
    "Prospect",
    "Inscrito",
    "Encaminhado ao Requisitante",
    "Em avaliação pelo RH",
    "Entrevista Técnica",
    "Entrevista com Cliente",
    "Aprovado",
    "Encaminhar Proposta",
    "Proposta Aceita",
    "Documentação CLT",
    "Documentação PJ",
    "Documentação Cooperado",
    "Contratado pela Decision",
    "Contratado como Hunting",
    "Não Aprovado pelo RH",
    "Não Aprovado pelo Cliente",
    "Não Aprovado pelo Requisitante",
    "Recusado",
    "Desistiu",
    "Desistiu da Contratação",
    "Sem interesse nesta vaga",
)
