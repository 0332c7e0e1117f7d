"""The hidden match propensity of a (candidate, vaga) pair and the status drawn from it."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from itertools import accumulate
from typing import Final, Literal

from talentmatch.generator.latent import CandidateLatent, VagaLatent
from talentmatch.generator.vocabulary import (
    IN_PROGRESS_STATUSES,
    NEGATIVE_STATUSES,
    POSITIVE_STATUSES,
)

StatusGroup = Literal["positive", "negative", "in_progress"]

# Share of rows whose process has finished (real data: 12,211 of 53,759 rows).
FINISHED_SHARE: Final[float] = 0.227


@dataclass(frozen=True, slots=True)
class PropensityWeights:
    """Coefficients of the logistic match model; stored in the ground truth."""

    # Tuned so that the mean propensity over prospected pairs is about 0.26, the real share of
    # positives among finished rows (3,204 of 12,211).
    intercept: float = -3.25
    skill: float = 4.5  # times the share of the vaga's required skills the candidate has
    same_area: float = 0.9
    seniority_under: float = 0.9  # per level the candidate lacks
    seniority_over: float = 0.35  # per level the candidate exceeds (over-qualified, costly)
    language_shortfall: float = 0.6  # per level missing, English and Spanish summed
    same_city: float = 0.8
    same_state: float = 0.3  # same state, other city
    disposition: float = 1.0  # candidate's hidden disposition, added as is
    difficulty: float = 1.0  # vaga's hidden difficulty, subtracted


DEFAULT_WEIGHTS: Final[PropensityWeights] = PropensityWeights()


def linear_score(
    candidate: CandidateLatent,
    vaga: VagaLatent,
    weights: PropensityWeights = DEFAULT_WEIGHTS,
) -> float:
    """The logit of the true match probability (no noise: the status draw is the noise)."""
    required = vaga.skills
    have = set(candidate.skills)
    coverage = sum(skill in have for skill in required) / len(required) if required else 0.0
    gap = vaga.seniority - candidate.seniority
    shortfall = max(0, vaga.english - candidate.english) + max(0, vaga.spanish - candidate.spanish)
    if candidate.city == vaga.city and candidate.state == vaga.state:
        place = weights.same_city
    elif candidate.state == vaga.state:
        place = weights.same_state
    else:
        place = 0.0
    return (
        weights.intercept
        + weights.skill * coverage
        + weights.same_area * (candidate.area == vaga.area)
        - weights.seniority_under * max(0, gap)
        - weights.seniority_over * max(0, -gap)
        - weights.language_shortfall * shortfall
        + place
        + weights.disposition * candidate.disposition
        - weights.difficulty * vaga.difficulty
    )


def true_propensity(
    candidate: CandidateLatent,
    vaga: VagaLatent,
    weights: PropensityWeights = DEFAULT_WEIGHTS,
) -> float:
    """The true probability that a finished process for this pair ends positive."""
    return 1.0 / (1.0 + math.exp(-linear_score(candidate, vaga, weights)))


def _table(weights: dict[str, int]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    return tuple(weights), tuple(accumulate(weights.values()))


_IN_PROGRESS: Final = _table(IN_PROGRESS_STATUSES)
_POSITIVE: Final = _table(POSITIVE_STATUSES)
_NEGATIVE: Final = _table(NEGATIVE_STATUSES)


def status_group(status: str) -> StatusGroup:
    """Which label group a situacao_candidado belongs to (DATA.md "What a match is")."""
    if status in POSITIVE_STATUSES:
        return "positive"
    if status in NEGATIVE_STATUSES:
        return "negative"
    if status in IN_PROGRESS_STATUSES:
        return "in_progress"
    raise ValueError(f"unknown situacao_candidado: {status!r}")


def draw_status(rng: random.Random, p_match: float) -> str:
    """Finished or not at random; a finished row is positive with probability p_match."""
    if rng.random() >= FINISHED_SHARE:
        names, cum = _IN_PROGRESS
    elif rng.random() < p_match:
        names, cum = _POSITIVE
    else:
        names, cum = _NEGATIVE
    return rng.choices(names, cum_weights=cum)[0]
