"""A data generator's ground truth, loaded for the command line only.

Training and serving never import `talentmatch.generator`: the commands that accept
`--ground-truth FILE` load it here (lazily) and hand the pipelines what they need by protocol,
an oracle (true probability of a pair) for the match model and the truth itself for the
recommender's extra report. Nothing is chosen by it.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import typer

from talentmatch.evaluation.truth import Oracle

if TYPE_CHECKING:
    from talentmatch.evaluation.truth import TrueMatches


MISSING_GENERATOR = 3  # exit status: a development-only command in an installation without it


def generator() -> ModuleType:
    """The data generator, imported on demand: it needs Faker, a development dependency
    (requirements-dev.txt) that production images do not install."""
    try:
        import talentmatch.generator as module
    except ImportError as exc:
        typer.echo(
            f"O gerador de dados não está instalado ({exc.name or exc}): "
            "pip install -r requirements-dev.txt",
            err=True,
        )
        raise typer.Exit(MISSING_GENERATOR) from exc
    return module


def load_truth(path: Path) -> TrueMatches:
    """The generator's ground_truth.json (or the folder holding it)."""
    truth: TrueMatches = generator().load_ground_truth(path)
    return truth


def oracle_from(truth: TrueMatches) -> Oracle:
    """(codigo_candidato, codigo_vaga) -> the generator's true match probability."""
    return lambda candidato, vaga: truth.propensity(str(candidato), str(vaga))
