"""A data generator's ground truth, loaded for the command line only.

Training and serving never import `talentmatch.generator`: the commands that accept
`--ground-truth FILE` load it here (lazily) and hand the pipelines what they need by protocol,
an oracle (true probability of a pair) for the match model and the truth itself for the
recommender's extra report. Nothing is chosen by it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from talentmatch.evaluation.truth import Oracle

if TYPE_CHECKING:
    from talentmatch.evaluation.truth import TrueMatches


def load_truth(path: Path) -> TrueMatches:
    """The generator's ground_truth.json (or the folder holding it)."""
    # Imported here: the generator (and Faker) is only needed when scoring against its truth.
    from talentmatch.generator import load_ground_truth

    return load_ground_truth(path)


def oracle_from(truth: TrueMatches) -> Oracle:
    """(codigo_candidato, codigo_vaga) -> the generator's true match probability."""
    return lambda candidato, vaga: truth.propensity(str(candidato), str(vaga))
