"""Reference copy (test oracle) of talentmatch.features.text as of commit 79b7954, before
the fast path: the straightforward per-pair computation, without any cache. Not to be edited:
the property test checks the served feature function against it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Final

NAN: Final[float] = math.nan

# Language levels as both files print them; vagas use "Técnico" for reading-level English.
LANGUAGE_SCALE: Final[dict[str, float]] = {
    "nenhum": 0,
    "nao": 0,
    "basico": 1,
    "tecnico": 2,
    "intermediario": 2,
    "avancado": 3,
    "fluente": 4,
    "nativo": 4,
}
# Seniority, low to high; "analista" alone is the form's synonym of Pleno.
SENIORITY_SCALE: Final[dict[str, float]] = {
    "estagiario": 0,
    "trainee": 0,
    "tecnico de nivel medio": 0,
    "junior": 1,
    "pleno": 2,
    "analista": 2,
    "senior": 3,
    "especialista": 4,
    "lider": 4,
    "coordenador": 4,
    "gerente": 5,
    "diretor": 5,
}
# In titles "Analista" names a role ("Analista SAP"), not a level: only the form field uses it.
_TITLE_SENIORITY: Final[tuple[str, ...]] = tuple(k for k in SENIORITY_SCALE if k != "analista")
EDUCATION_SCALE: Final[dict[str, float]] = {
    "ensino fundamental": 0,
    "ensino medio": 1,
    "ensino tecnico": 2,
    "ensino superior": 3,
    "pos graduacao": 4,
    "mestrado": 5,
    "doutorado": 6,
}
_EDUCATION_STATE: Final[dict[str, float]] = {"incompleto": 0.0, "cursando": 0.33, "completo": 0.67}

_NON_TOKEN: Final = re.compile(r"[^a-z0-9+#./]+")
_NON_WORD: Final = re.compile(r"[^a-z0-9]+")
_YEARS: Final = re.compile(r"(\d{1,2})\s*\+?\s*anos?\s+de\s+experiencia")
_MIN_YEARS: Final = re.compile(r"(?:minima|minimo)\s+de\s+(\d{1,2})\s+anos?")


def _fold(text: str) -> str:
    if text.isascii():  # already folded, or plain ASCII: only case and spaces to settle
        plain = text.lower()
    else:  # NFKD splits "ç" into "c" + cedilla; the ASCII encoding drops the marks at C speed
        plain = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    return "\n".join(" ".join(line.split()) for line in plain.splitlines())


def fold(text: str) -> str:
    """Lower-case, accents removed, spaces collapsed, lines kept: how features compare text."""
    return _fold(text)


def tokens(text: str) -> list[str]:
    """Folded tokens that keep skill spellings whole (c#, .net, vue.js, s/4hana, pl/sql)."""
    out = []
    for raw in _NON_TOKEN.sub(" ", fold(text)).split():
        token = raw.rstrip("./")
        if token.startswith(".") and not token[1:2].isalpha():
            token = token.lstrip(".")
        if token:
            out.append(token)
    return out


def words(text: str) -> list[str]:
    """Folded alphanumeric words: for names of places, titles and contract types."""
    return _NON_WORD.sub(" ", fold(text)).split()


def ngrams(words: list[str], longest: int = 3) -> set[str]:
    """Every run of 1..`longest` consecutive tokens, joined by one space."""
    grams = set(words)
    for size in range(2, longest + 1):
        grams.update(map(" ".join, zip(*(words[i:] for i in range(size)), strict=False)))
    return grams


def _level(text: str, names: tuple[str, ...], scale: dict[str, float], *, last: bool) -> float:
    padded = f" {' '.join(words(text))} "
    if last:
        hits = [(padded.rfind(f" {name} "), name) for name in names]
        best = max(hits)
    else:
        hits = [(padded.find(f" {name} "), name) for name in names]
        best = min(((pos, name) for pos, name in hits if pos >= 0), default=(-1, ""))
    return scale[best[1]] if best[0] >= 0 else NAN


def language_level(text: str) -> float:
    """The level a language field states (Nenhum 0 .. Fluente 4); NaN when it states none."""
    return _level(text, tuple(LANGUAGE_SCALE), LANGUAGE_SCALE, last=False)


def language_in_text(text: str, language: str) -> float:
    """The level written right after a language's name in a résumé ("inglês: avançado")."""
    match = re.search(rf"{language}\s*[:\-]?\s*([a-z]+)", fold(text))
    return LANGUAGE_SCALE.get(match.group(1), NAN) if match else NAN


def seniority_level(text: str, *, form_field: bool = False) -> float:
    """Seniority a field or title states (Técnico 0 .. Gerente 5); NaN when none.

    Titles put the level last ("Gerente de Projetos Pleno"), so the last level word wins.
    """
    names = tuple(SENIORITY_SCALE) if form_field else _TITLE_SENIORITY
    return _level(text, names, SENIORITY_SCALE, last=True)


def education_level(text: str) -> float:
    """Degree 0 (fundamental) .. 6 (doutorado), plus a third per stage reached; NaN when none."""
    folded = " ".join(tokens(text))
    for name, grade in EDUCATION_SCALE.items():
        if name in folded:
            state = next((v for k, v in _EDUCATION_STATE.items() if k in folded), 0.67)
            return grade + state
    return NAN


def years_of_experience(text: str) -> float:
    """The "N anos de experiência" a résumé claims (capped at 40); NaN when it claims none."""
    match = _YEARS.search(fold(text))
    return float(min(int(match.group(1)), 40)) if match else NAN


def minimum_years(text: str) -> float:
    """The "experiência mínima de N anos" a vaga asks for; NaN when it asks none."""
    match = _MIN_YEARS.search(fold(text))
    return float(min(int(match.group(1)), 40)) if match else NAN


def split_items(text: str) -> list[str]:
    """Comma/semicolon/line separated items of a list field, folded, empties dropped."""
    return [item for item in (fold(p) for p in re.split(r"[,;\n|]+", text)) if item]
