"""ground_truth.json: the hidden attributes and true match probabilities behind a data set."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Final

from talentmatch.generator.latent import (
    CandidateLatent,
    VagaLatent,
    candidate_from_dict,
    latent_to_dict,
    vaga_from_dict,
)
from talentmatch.generator.propensity import (
    FINISHED_SHARE,
    PropensityWeights,
    true_propensity,
)
from talentmatch.generator.vocabulary import (
    IN_PROGRESS_STATUSES,
    NEGATIVE_STATUSES,
    POSITIVE_STATUSES,
)

GENERATOR_VERSION: Final[str] = "1.0.0"
GROUND_TRUTH_FILE: Final[str] = "ground_truth.json"
FORMULA: Final[str] = (
    "p = sigmoid(intercept + skill * |vaga.skills & cand.skills| / |vaga.skills|"
    " + same_area * [areas equal] - seniority_under * max(0, vaga.seniority - cand.seniority)"
    " - seniority_over * max(0, cand.seniority - vaga.seniority)"
    " - language_shortfall * (max(0, vaga.english - cand.english)"
    " + max(0, vaga.spanish - cand.spanish))"
    " + same_city * [same city] + same_state * [same state, other city]"
    " + disposition * cand.disposition - difficulty * vaga.difficulty)"
)


@dataclass(frozen=True, slots=True)
class ProspectTruth:
    """The true match probability behind one prospects.json row."""

    codigo_vaga: str
    codigo: str
    p_match: float


@dataclass(frozen=True)
class GroundTruth:
    """Everything hidden behind one generated data set."""

    version: str
    seed: int
    params: dict[str, int]
    weights: PropensityWeights
    candidates: dict[str, CandidateLatent]
    vagas: dict[str, VagaLatent]
    prospects: tuple[ProspectTruth, ...] = field(default=())

    def propensity(self, codigo: str, codigo_vaga: str) -> float:
        """True match probability of any candidate/vaga pair, prospected or not."""
        return true_propensity(self.candidates[codigo], self.vagas[codigo_vaga], self.weights)


def ground_truth_dict(truth: GroundTruth) -> dict[str, Any]:
    """The JSON document of a GroundTruth."""
    return {
        "generator": "talentmatch.generator",
        "version": truth.version,
        "seed": truth.seed,
        "params": truth.params,
        "propensity": {"weights": asdict(truth.weights), "formula": FORMULA},
        "status_draw": {
            "finished_share": FINISHED_SHARE,
            "rule": "finished with finished_share at random; a finished row is positive with"
            " probability p_match, else negative; statuses within a group drawn at real shares",
            "positive": list(POSITIVE_STATUSES),
            "negative": list(NEGATIVE_STATUSES),
            "in_progress": list(IN_PROGRESS_STATUSES),
        },
        "candidates": {code: latent_to_dict(c) for code, c in truth.candidates.items()},
        "vagas": {code: latent_to_dict(v) for code, v in truth.vagas.items()},
        "prospects": [asdict(row) for row in truth.prospects],
    }


def write_ground_truth(path: Path, truth: GroundTruth) -> None:
    """Write ground_truth.json (compact: it is for programs, not for reading)."""
    with path.open("w", encoding="utf-8") as handle:
        json.dump(ground_truth_dict(truth), handle, ensure_ascii=False)


def load_ground_truth(path: Path) -> GroundTruth:
    """Read a ground_truth.json file (or the directory holding it) back into a GroundTruth."""
    if path.is_dir():
        path = path / GROUND_TRUTH_FILE
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    return GroundTruth(
        version=data["version"],
        seed=data["seed"],
        params=data["params"],
        weights=PropensityWeights(**data["propensity"]["weights"]),
        candidates={code: candidate_from_dict(c) for code, c in data["candidates"].items()},
        vagas={code: vaga_from_dict(v) for code, v in data["vagas"].items()},
        prospects=tuple(ProspectTruth(**row) for row in data["prospects"]),
    )
