"""Fixtures for the generator tests: one small data set, generated once per session."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from talentmatch.generator import GenerationSummary, generate_dataset

SMALL = {"candidates": 1500, "vagas": 500, "prospects": 2200, "seed": 7}


@dataclass(frozen=True)
class Generated:
    """A generated data set, loaded back from its files."""

    summary: GenerationSummary
    applicants: dict[str, Any]
    vagas: dict[str, Any]
    prospects: dict[str, Any]
    ground_truth: dict[str, Any]


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    """A small data set written to a temporary directory."""
    summary = generate_dataset(tmp_path_factory.mktemp("generated"), **SMALL)
    return Generated(
        summary=summary,
        applicants=_load(summary.applicants_path),
        vagas=_load(summary.vagas_path),
        prospects=_load(summary.prospects_path),
        ground_truth=_load(summary.ground_truth_path),
    )
