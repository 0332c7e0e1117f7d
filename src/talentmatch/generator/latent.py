"""Hidden attributes of candidates and vagas: they drive both the visible fields and the match."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from typing import Any, Final

from talentmatch.generator.areas import AREA_BY_KEY, AREAS, Area
from talentmatch.generator.vocabulary import (
    CANDIDATE_ENGLISH_WEIGHTS,
    CANDIDATE_SENIORITY_WEIGHTS,
    CANDIDATE_SPANISH_WEIGHTS,
    CITIES,
    ESTADO_WEIGHTS,
    VAGA_ENGLISH_WEIGHTS,
    VAGA_SENIORITY_WEIGHTS,
    VAGA_SPANISH_WEIGHTS,
)

_AREA_KEYS: Final[tuple[str, ...]] = tuple(area.key for area in AREAS)
_AREA_WEIGHTS: Final[tuple[float, ...]] = tuple(area.weight for area in AREAS)
_CITY_WEIGHTS: Final[tuple[float, ...]] = tuple(city[4] for city in CITIES)
_LEVELS: Final[tuple[int, ...]] = (0, 1, 2, 3, 4)
_SENIORITIES: Final[tuple[int, ...]] = (0, 1, 2, 3, 4, 5)


@dataclass(frozen=True, slots=True)
class CandidateLatent:
    """What a candidate really is; the files only show noisy traces of it."""

    codigo: str
    area: str
    stack: str
    skills: tuple[str, ...]  # ordered strongest first; order kept for determinism
    seniority: int  # 0 Técnico .. 5 Gerente, see vocabulary.SENIORITY_LABELS
    english: int  # 0 Nenhum .. 4 Fluente
    spanish: int
    education: int  # index into vocabulary.NIVEL_ACADEMICO
    city: str
    state: str
    female: bool
    # Unobservable: motivation, interview skill. Not printed anywhere, so no model can learn it.
    disposition: float
    in_applicants: bool = True  # False: named by prospects only (orphan code)


@dataclass(frozen=True, slots=True)
class VagaLatent:
    """What a vaga really requires; the files only show noisy traces of it."""

    codigo: str
    area: str
    stack: str
    skills: tuple[str, ...]  # required skills, most important first
    seniority: int
    english: int  # required level, 0 = not required
    spanish: int
    city: str
    state: str
    # Unobservable: how picky the client is. Not printed anywhere.
    difficulty: float
    in_vagas: bool = True  # False: a prospects.json key absent from vagas.json


def _skills(rng: random.Random, area: Area, stack: str, count: int) -> tuple[str, ...]:
    """Draw distinct skills mostly from one stack, some from the area's common list."""
    own = list(area.stacks[stack])
    rng.shuffle(own)
    common = list(area.common)
    rng.shuffle(common)
    n_own = min(len(own), max(1, round(count * 0.7)))
    chosen = own[:n_own] + common[: count - n_own]
    return tuple(dict.fromkeys(chosen))


def _place(rng: random.Random) -> tuple[str, str]:
    city, state, *_ = rng.choices(CITIES, weights=_CITY_WEIGHTS)[0]
    return city, state


def sample_candidate(
    rng: random.Random, codigo: str, *, in_applicants: bool = True
) -> CandidateLatent:
    """Draw one candidate's hidden attributes."""
    area = AREA_BY_KEY[rng.choices(_AREA_KEYS, weights=_AREA_WEIGHTS)[0]]
    stack = rng.choice(tuple(area.stacks))
    skills = _skills(rng, area, stack, rng.randint(3, 9))
    if rng.random() < 0.3:  # a second stack learned in an earlier job
        other = rng.choice(tuple(area.stacks))
        skills = tuple(dict.fromkeys(skills + _skills(rng, area, other, rng.randint(1, 3))))
    seniority = rng.choices(_SENIORITIES, weights=CANDIDATE_SENIORITY_WEIGHTS)[0]
    english = rng.choices(_LEVELS, weights=CANDIDATE_ENGLISH_WEIGHTS)[0]
    if area.is_it and english < 4 and rng.random() < 0.25:
        english += 1  # IT people read documentation in English
    # 0 Fundamental .. 6 Doutorado: a degree is the norm in IT, less so in services.
    base = 3 + (seniority >= 3) - (not area.is_it) - (area.key == "servicos")
    grau = min(6, max(0, base + round(rng.gauss(0, 0.7))))
    estado = rng.choices((0, 1, 2), weights=ESTADO_WEIGHTS)[0]
    city, state = _place(rng)
    return CandidateLatent(
        codigo=codigo,
        area=area.key,
        stack=stack,
        skills=skills,
        seniority=seniority,
        english=english,
        spanish=rng.choices(_LEVELS, weights=CANDIDATE_SPANISH_WEIGHTS)[0],
        education=grau * 3 + estado,
        city=city,
        state=state,
        female=rng.random() < (0.3 if area.is_it else 0.6),
        disposition=round(rng.gauss(0.0, 0.6), 4),
        in_applicants=in_applicants,
    )


def sample_vaga(rng: random.Random, codigo: str, *, in_vagas: bool = True) -> VagaLatent:
    """Draw one vaga's hidden requirements."""
    area = AREA_BY_KEY[rng.choices(_AREA_KEYS, weights=_AREA_WEIGHTS)[0]]
    stack = rng.choice(tuple(area.stacks))
    english = rng.choices(_LEVELS, weights=VAGA_ENGLISH_WEIGHTS)[0]
    if not area.is_it:
        english = min(english, 1)
    city, state = _place(rng)
    return VagaLatent(
        codigo=codigo,
        area=area.key,
        stack=stack,
        skills=_skills(rng, area, stack, rng.randint(3, 6)),
        seniority=rng.choices(_SENIORITIES, weights=VAGA_SENIORITY_WEIGHTS)[0],
        english=english,
        spanish=rng.choices(_LEVELS, weights=VAGA_SPANISH_WEIGHTS)[0],
        city=city,
        state=state,
        difficulty=round(rng.gauss(0.0, 0.5), 4),
        in_vagas=in_vagas,
    )


def latent_to_dict(latent: CandidateLatent | VagaLatent) -> dict[str, Any]:
    """A JSON-ready dict of a latent record (skills as a list)."""
    data = asdict(latent)
    data["skills"] = list(latent.skills)
    return data


def candidate_from_dict(data: dict[str, Any]) -> CandidateLatent:
    """Rebuild a candidate latent from its ground-truth dict."""
    return CandidateLatent(**{**data, "skills": tuple(data["skills"])})


def vaga_from_dict(data: dict[str, Any]) -> VagaLatent:
    """Rebuild a vaga latent from its ground-truth dict."""
    return VagaLatent(**{**data, "skills": tuple(data["skills"])})
