"""Reference copy (test oracle) of talentmatch.features.skills as of commit 79b7954, before
the fast path: the straightforward per-pair computation, without any cache. Not to be edited:
the property test checks the served feature function against it.
"""

from __future__ import annotations

import math
import re
from typing import Any, Final

from tests.features.reference import text as tx

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


def _strip_lead(words: list[str]) -> list[str]:
    changed = True
    while changed and words:
        changed = False
        joined = " ".join(words)
        for lead in _LEAD_INS:
            if joined == lead or joined.startswith(lead + " "):
                words = words[len(lead.split()) :]
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
        words = _strip_lead(tx.tokens(part))
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


def _share(phrases: list[str], *texts: set[str]) -> float:
    if not phrases:
        return math.nan
    return sum(any(p in grams for grams in texts) for p in phrases) / len(phrases)


def skill_features(payload: dict[str, str], cv_grams: set[str]) -> dict[str, Any]:
    """Coverage of the vaga's requirement phrases by the candidate's texts (NaN: unknown)."""
    parts = requirement_phrases(payload["competencia_tecnicas_e_comportamentais"])
    required = parts["required"] or parts["nice"]
    declared_text = " , ".join(
        (
            payload["conhecimentos_tecnicos"],
            payload["titulo_profissional"],
            payload["certificacoes"],
            payload["outras_certificacoes"],
        )
    )
    declared = tx.ngrams(tx.tokens(declared_text))
    # Without any skills text the overlap is unknown, not zero.
    known = bool(payload["conhecimentos_tecnicos"].strip() or payload["cv_candidato"].strip())
    title_c = set(tx.words(payload["titulo_profissional"]))
    title_v = set(tx.words(payload["titulo_vaga"]))
    union = title_c | title_v
    title_grams = tx.ngrams(tx.tokens(payload["titulo_vaga"]))
    title_skills = [g for g in title_grams if g in declared or g in cv_grams]
    coverage = _share(required, declared, cv_grams) if known else math.nan
    return {
        "skill_coverage": coverage,
        "skill_coverage_declared": (
            _share(required, declared) if payload["conhecimentos_tecnicos"].strip() else math.nan
        ),
        "skills_matched": coverage * len(required) if required else math.nan,
        "vaga_skills": float(len(required)),
        "nice_coverage": _share(parts["nice"], declared, cv_grams) if known else math.nan,
        "title_overlap": len(title_c & title_v) / len(union) if title_c and title_v else math.nan,
        "title_words_in_cv": len(title_skills) / len(title_grams)
        if title_grams and known
        else math.nan,
    }
