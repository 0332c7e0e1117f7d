"""Fixtures: one small generated data set imported into a real SQLite file, and one model."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine

from talentmatch.db.engines import make_engine
from talentmatch.db.migrate import alembic_config
from talentmatch.decision.importer import Entity, import_file
from talentmatch.generator import GroundTruth, generate_dataset, load_ground_truth
from talentmatch.matching.dataset import TrainingSet, build_training_set
from talentmatch.matching.train import TrainedModel, train_match_model
from talentmatch.storage import LocalObjectStore

SMALL = {"candidates": 1500, "vagas": 500, "prospects": 5000, "seed": 7}


@dataclass(frozen=True)
class MatchData:
    """The generated files, the system database they were imported into, the ground truth."""

    folder: Path
    engine: Engine
    truth: GroundTruth

    @property
    def ground_truth_path(self) -> Path:
        return self.folder / "ground_truth.json"


@pytest.fixture(scope="session")
def match_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MatchData]:
    """A small data set generated once, imported with the real importer into a migrated file."""
    folder = tmp_path_factory.mktemp("match_data")
    generate_dataset(folder, **SMALL)
    url = f"sqlite:///{folder / 'systemDB.db'}"
    command.upgrade(alembic_config("system", url), "head")
    engine = make_engine(url)
    store = LocalObjectStore(folder)
    for entity in (Entity.candidatos, Entity.vagas, Entity.prospects):
        import_file(entity, store=store, key=f"{entity.file_name}.json", engine=engine)
    yield MatchData(folder=folder, engine=engine, truth=load_ground_truth(folder))
    engine.dispose()


@pytest.fixture(scope="session")
def training_set(match_data: MatchData) -> TrainingSet:
    return build_training_set(match_data.engine)


@pytest.fixture(scope="session")
def trained(match_data: MatchData, training_set: TrainingSet) -> TrainedModel:
    """A model trained once per session on the small data set, scored against the truth."""
    truth = match_data.truth
    return train_match_model(
        training_set, seed=3, oracle=lambda c, v: truth.propensity(str(c), str(v))
    )
