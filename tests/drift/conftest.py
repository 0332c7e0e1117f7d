"""Fixtures: one match model trained and published with its reference, and a second sample.

The second sample comes from the same generator with another seed: pairs the service
could be asked about, drawn from the training distribution but never trained on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from alembic import command
from threadpoolctl import threadpool_limits

from talentmatch.db.engines import make_engine
from talentmatch.db.migrate import alembic_config
from talentmatch.decision.importer import Entity, import_file
from talentmatch.drift.reference import PREDICTION, load_reference
from talentmatch.features.featurize import featurize
from talentmatch.generator import generate_dataset
from talentmatch.matching.dataset import build_training_set
from talentmatch.matching.model import MatchModel
from talentmatch.matching.pipeline import KIND, load_model, train_and_publish
from talentmatch.registry import ModelRegistry
from talentmatch.storage import LocalObjectStore

SIZE = {"candidates": 600, "vagas": 200, "prospects": 2000}


@dataclass(frozen=True)
class Published:
    """A published version: its files and manifest, the model, its reference."""

    version: str
    files: dict[str, bytes]
    manifest: dict[str, object]
    model: MatchModel
    reference: pd.DataFrame
    fresh_payloads: list[dict[str, str]]  # the second sample, as payloads

    def fresh_frame(self) -> pd.DataFrame:
        """The second sample as the log would hold it: features and the model's probability."""
        frame = featurize(self.fresh_payloads)
        frame[PREDICTION] = self.model.predict_features(frame)
        return frame


def _imported(folder: Path, seed: int):  # type: ignore[no-untyped-def]
    generate_dataset(folder, **SIZE, seed=seed)
    url = f"sqlite:///{folder / 'systemDB.db'}"
    command.upgrade(alembic_config("system", url), "head")
    engine = make_engine(url)
    for entity in Entity:
        import_file(
            entity, store=LocalObjectStore(folder), key=f"{entity.file_name}.json", engine=engine
        )
    return engine


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    """Trained once per session on a generated data set, published with its reference."""
    folder = tmp_path_factory.mktemp("drift")
    engine = _imported(folder / "train", seed=5)
    registry = ModelRegistry(LocalObjectStore(folder / "store"), folder / "cache")
    # One thread: OpenMP's spinning threads crawl when another process holds a core.
    with threadpool_limits(1):
        manifest = train_and_publish(engine, registry)
    engine.dispose()
    loaded = registry.fetch(KIND)
    other = _imported(folder / "other", seed=11)
    fresh = build_training_set(other).payloads
    other.dispose()
    return Published(
        version=str(manifest["version"]),
        files={name: path.read_bytes() for name, path in loaded.files.items()},
        manifest=manifest,
        model=load_model(registry),
        reference=load_reference(loaded),
        fresh_payloads=fresh,
    )
