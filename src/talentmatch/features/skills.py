"""Skill overlap between a candidate's texts and a vaga's requirements, without a fixed list.

A vaga's requirements are read as short phrases (1-3 words between separators, lead-ins such
as "experiência com" removed); a requirement counts as met when the same words appear in a
row in the candidate's skills, title, certifications or résumé (`share`; `featurize.py`
assembles the features from the two sides of `sides.py`). No vocabulary is fitted, so the
function is the same at training and serving time and works on unseen skills.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Final

from talentmatch.features import text as tx

_SEPARATORS: Final = re.compile(r"[\n;,:•()|]+|\s-\s|\s+e\s+|\s+ou\s+|\.\s")
_LEAD_INS: Final[tuple[str, ...]] = (
    "experiencia com",
    "experiencia em",
    "experiencia de",
    "conhecimentos em",
    "conhecimentos de",
    "conhecimento em",
    "conhecimento de",
    "vivencia com",
    "vivencia em",
    "dominio de",
    "dominio em",
    "atuacao com",
    "atuacao em",
    "desejavel",
    "necessario",
    "solidos",
    "solido",
    "bons",
    "bom",
)
# Headings and words that are never a skill by themselves.
_NOT_SKILLS: Final[frozenset[str]] = frozenset(
    {
        "requisitos",
        "requisitos obrigatorios",
        "requisitos desejaveis",
        "diferenciais",
        "diferencial",
        "competencias comportamentais",
        "competencias tecnicas",
        "atividades",
        "responsabilidades",
        "etc",
    }
)
_LANGUAGES: Final[frozenset[str]] = frozenset({"ingles", "espanhol", "frances", "alemao"})
MAX_WORDS: Final[int] = 3


_LEAD_WORDS: Final[tuple[tuple[str, ...], ...]] = tuple(tuple(lead.split()) for lead in _LEAD_INS)


def _strip_lead(words: list[str]) -> list[str]:
    # Tokens hold no space: a lead-in opens the phrase when its words are the first ones.
    changed = True
    while changed and words:
        changed = False
        for lead in _LEAD_WORDS:
            if tuple(words[: len(lead)]) == lead:
                words = words[len(lead) :]
                changed = True
                break
    return words


# Headings that open a part of a requirements text; anything else keeps the current part.
_NICE_HEADINGS: Final[tuple[str, ...]] = ("diferencia", "desejave", "desejado", "plus")
_SOFT_HEADINGS: Final[tuple[str, ...]] = ("comportamenta", "soft skill")
_REQUIRED_HEADINGS: Final[tuple[str, ...]] = ("requisito", "obrigatori", "necessari", "tecnica")


def _heading(line: str) -> str | None:
    """The part a heading line opens ("required", "nice", "soft"), or None for other lines."""
    for part, keys in (
        ("nice", _NICE_HEADINGS),
        ("soft", _SOFT_HEADINGS),
        ("required", _REQUIRED_HEADINGS),
    ):
        if any(key in line for key in keys):
            return part
    return None


def _phrases(chunk: str) -> list[str]:
    found = []
    for part in _SEPARATORS.split(chunk):
        words = _strip_lead(tx.tokens_of_folded(part))  # `chunk` is folded text
        phrase = " ".join(words)
        if (
            0 < len(words) <= MAX_WORDS
            and phrase not in _NOT_SKILLS
            and words[0] not in _LANGUAGES
            and not all(w.isdigit() for w in words)
        ):
            found.append(phrase)
    return found


def requirement_phrases(text: str) -> dict[str, list[str]]:
    """Skill-like phrases of a vaga's requirements, by part: required, nice-to-have, soft."""
    parts: dict[str, dict[str, None]] = {"required": {}, "nice": {}, "soft": {}}
    current = "required"
    for line in tx.fold(text).splitlines():
        pieces = line.split(":")
        for index, piece in enumerate(pieces):
            body, kind = piece, None
            if index < len(pieces) - 1:
                # The last clause before a colon may head what follows ("Desejável: Kafka").
                start = max(piece.rfind("."), piece.rfind(";")) + 1
                if len(piece[start:].split()) <= 4:
                    kind = _heading(piece[start:])
                body = piece[:start] if kind else piece
            for phrase in _phrases(body):
                parts[current].setdefault(phrase, None)
            current = kind or current
    return {name: list(found) for name, found in parts.items()}


@dataclass(frozen=True, slots=True)
class Tokens:
    """A text's tokens as `tx.padded` joins them, and the set of them."""

    padded: str
    unique: frozenset[str]

    @classmethod
    def of(cls, tokens: list[str]) -> Tokens:
        return cls(tx.padded(tokens), frozenset(tokens))

    def has(self, phrase: str) -> bool:
        """Whether the phrase (1..MAX_WORDS tokens) is a run of these tokens: the same as
        `phrase in tx.ngrams(tokens)`, without keeping every n-gram of a long résumé."""
        first, space, _ = phrase.partition(" ")
        return first in self.unique and (not space or f" {phrase} " in self.padded)


def share(phrases: tuple[str, ...], *texts: Tokens) -> float:
    """Share of the phrases found in any of the texts; NaN when there is no phrase."""
    if not phrases:
        return math.nan
    return sum(any(text.has(p) for text in texts) for p in phrases) / len(phrases)
