"""What the match features read from each side of a pair, computed once per distinct record.

A pair's features combine a candidate side (résumé, skills, levels) and a vaga side
(requirements, title, levels) that do not depend on each other: a batch of 1,000 pairs, or
a ranking of 100 candidates for one vaga, repeats the same records many times. Each side is
a pure function of the payload fields it reads, so it is kept in a bounded cache keyed by
exactly those field values: a record edited since is a new key, never a stale hit. Training
and serving both reach these functions through `featurize`: one code path.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Generic, TypeVar

from talentmatch.features import text as tx
from talentmatch.features.payload import CANDIDATE_SOURCES, VAGA_SOURCES
from talentmatch.features.skills import Tokens, requirement_phrases

NAN: Final[float] = math.nan
# Protected characteristics (Lei 9.029/95): accepted in the payload, never read by a feature.
IGNORED_FIELDS: Final[tuple[str, ...]] = ("sexo", "estado_civil")
CANDIDATE_FIELDS: Final[tuple[str, ...]] = tuple(
    name for name in CANDIDATE_SOURCES if name not in IGNORED_FIELDS
)
VAGA_FIELDS: Final[tuple[str, ...]] = tuple(VAGA_SOURCES)
# (feature prefix, language name in texts, candidate field, vaga field)
LANGUAGES: Final[tuple[tuple[str, str, str, str], ...]] = (
    ("english", "ingles", "ingles", "nivel_ingles_vaga"),
    ("spanish", "espanhol", "espanhol", "nivel_espanhol_vaga"),
)
CONTRACT_TYPES: Final[dict[str, tuple[str, ...]]] = {
    "contrato_clt": ("clt",),
    "contrato_pj": ("pj", "autonomo"),
    "contrato_cooperado": ("cooperado",),
    "contrato_estagio": ("estagiario", "estagio"),
    "contrato_hunting": ("hunting",),
    "contrato_a_escolher": ("escolher",),
}
HEAD: Final[int] = 400  # a résumé's header (name, city, objective): its first characters


def first(*values: float) -> float:
    """The first known value (NaN when none is)."""
    return next((v for v in values if not math.isnan(v)), NAN)


def areas(value: str) -> frozenset[str]:
    """The areas of a list field, as words."""
    return frozenset(" ".join(tx.words(item)) for item in tx.split_items(value)) - {""}


@dataclass(frozen=True, slots=True)
class CandidateSide:
    """The candidate's part of every feature. Texts of words are `tx.padded`."""

    cv_tokens: Tokens
    cv_words: str
    head_words: str
    declared_tokens: Tokens  # skills, title and certifications
    known: bool  # some skills text (declared or résumé) to compare with
    declared_known: bool
    title_words: frozenset[str]
    seniority: float
    languages: tuple[float, ...]  # in LANGUAGES order
    other_languages: float
    areas: frozenset[str]
    city: str
    years: float
    education: float
    pcd: bool
    certifications: float
    cv_length: float


@dataclass(frozen=True, slots=True)
class VagaSide:
    """The vaga's part of every feature."""

    required: tuple[str, ...]  # requirement phrases (the nice-to-have ones when none)
    nice: tuple[str, ...]
    title_words: frozenset[str]
    title_grams: tuple[str, ...]
    seniority: float
    languages: tuple[float, ...]
    areas: frozenset[str]
    area_in_text: tuple[str, ...]  # each area as a résumé writes it, padded
    city_words: str  # padded, "" when the vaga names no city
    city: str
    abroad: float
    min_years: float
    pcd_only: bool
    contracts: tuple[float, ...]  # in CONTRACT_TYPES order


def candidate_side(values: tuple[str, ...]) -> CandidateSide:
    """The candidate side of the payload fields CANDIDATE_FIELDS (in that order)."""
    p = dict(zip(CANDIDATE_FIELDS, values, strict=True))
    text = p["cv_candidato"]
    cv = tx.fold(text)  # folded once; the helpers below read it as it is
    head = cv[:HEAD]
    declared = " , ".join(
        (
            p["conhecimentos_tecnicos"],
            p["titulo_profissional"],
            p["certificacoes"],
            p["outras_certificacoes"],
        )
    )
    # The form field first; else the level a title (or the résumé's objective) ends with.
    seniority = first(
        tx.seniority_level(p["nivel_profissional"], form_field=True),
        tx.seniority_level(p["titulo_profissional"]),
        tx.seniority_level(head),
    )
    return CandidateSide(
        cv_tokens=Tokens.of(tx.tokens_of_folded(cv)),
        cv_words=tx.padded(tx.words_of_folded(cv)),
        head_words=tx.padded(tx.words(head)),
        declared_tokens=Tokens.of(tx.tokens(declared)),
        known=bool(p["conhecimentos_tecnicos"].strip() or text.strip()),
        declared_known=bool(p["conhecimentos_tecnicos"].strip()),
        title_words=frozenset(tx.words(p["titulo_profissional"])),
        seniority=seniority,
        languages=tuple(
            first(tx.language_level(p[field]), tx.language_in_folded(cv, language))
            for _, language, field, _ in LANGUAGES
        ),
        other_languages=float(tx.language_level(p["outros_idiomas"]) > 0),
        areas=areas(p["area_atuacao"]),
        city=tx.fold(p["cidade"]),
        years=tx.years_in_folded(cv),
        education=tx.education_level(p["nivel_academico"]),
        pcd=tx.fold(p["pcd"]) == "sim",
        certifications=float(
            len(tx.split_items(p["certificacoes"] + "," + p["outras_certificacoes"]))
        ),
        cv_length=math.log1p(len(text)),
    )


def vaga_side(values: tuple[str, ...]) -> VagaSide:
    """The vaga side of the payload fields VAGA_FIELDS (in that order)."""
    p = dict(zip(VAGA_FIELDS, values, strict=True))
    requirements = p["competencia_tecnicas_e_comportamentais"]
    parts = requirement_phrases(requirements)
    found_areas = areas(p["areas_atuacao_vaga"])
    city = " ".join(tx.words(p["cidade_vaga"]))
    contracts = set(tx.words(p["tipo_contratacao"]))
    return VagaSide(
        required=tuple(parts["required"] or parts["nice"]),
        nice=tuple(parts["nice"]),
        title_words=frozenset(tx.words(p["titulo_vaga"])),
        title_grams=tuple(tx.ngrams(tx.tokens(p["titulo_vaga"]))),
        seniority=first(
            tx.seniority_level(p["nivel_profissional_vaga"], form_field=True),
            tx.seniority_level(p["titulo_vaga"]),
        ),
        languages=tuple(
            first(tx.language_level(p[field]), tx.language_in_text(requirements, language))
            for _, language, _, field in LANGUAGES
        ),
        areas=found_areas,
        # "TI - SAP-" is written "sap" in a résumé's "área de ..." sentence.
        area_in_text=tuple(f" {a.removeprefix('ti ')} " for a in found_areas),
        city_words=f" {city} " if city else "",
        city=tx.fold(p["cidade_vaga"]),
        abroad=float(tx.fold(p["pais_vaga"]) not in ("", "brasil", "brazil")),
        min_years=tx.minimum_years(requirements),
        pcd_only=tx.fold(p["vaga_especifica_para_pcd"]) == "sim",
        contracts=tuple(
            float(any(w in contracts for w in names)) for names in CONTRACT_TYPES.values()
        ),
    )


Side = TypeVar("Side")


class BoundedCache(Generic[Side]):
    """The sides of the last records seen, bounded in entries and in characters of their
    texts (a side keeps about twice its texts), least recently used dropped first."""

    def __init__(self, make: Callable[[tuple[str, ...]], Side], *, entries: int, chars: int):
        self._make = make
        self._entries = entries
        self._chars = chars
        self._used = 0
        self._items: OrderedDict[tuple[str, ...], tuple[Side, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...]) -> Side:
        """The side of `key`, made now when not kept."""
        with self._lock:
            kept = self._items.get(key)
            if kept is not None:
                self._items.move_to_end(key)
                return kept[0]
        side = self._make(key)
        size = sum(map(len, key))
        if size > self._chars // 8:  # one huge record never evicts everything else
            return side
        with self._lock:
            if key not in self._items:
                self._items[key] = (side, size)
                self._used += size
                while len(self._items) > self._entries or self._used > self._chars:
                    _, (_, dropped) = self._items.popitem(last=False)
                    self._used -= dropped
        return side

    def clear(self) -> None:
        """Forget every kept side (tests compare a cold path with a warm one)."""
        with self._lock:
            self._items.clear()
            self._used = 0

    def __len__(self) -> int:
        return len(self._items)


# ~8 MB of texts per side at most (the résumés of a few thousand candidates).
CANDIDATES: Final[BoundedCache[CandidateSide]] = BoundedCache(
    candidate_side, entries=4096, chars=8_000_000
)
VAGAS: Final[BoundedCache[VagaSide]] = BoundedCache(vaga_side, entries=2048, chars=4_000_000)
