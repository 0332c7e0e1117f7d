"""Session fixtures: a small generated data set in a real SQLite file, a match model and a
recommender built on it once, and the encoder (loaded once per test process).

Imported by tests/recommending/conftest.py and by tests/test_recommendations.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine

from talentmatch.db.engines import make_engine
from talentmatch.db.migrate import alembic_config
from talentmatch.decision.importer import Entity, import_file
from talentmatch.generator import GroundTruth, generate_dataset, load_ground_truth
from talentmatch.matching.pipeline import KIND as MATCH
from talentmatch.matching.pipeline import load_current as load_match_model
from talentmatch.matching.pipeline import train_and_publish as train_match
from talentmatch.recommending.encoder import PACKAGED_MODEL, Encoder
from talentmatch.recommending.pipeline import KIND as RECOMMENDER
from talentmatch.recommending.pipeline import train_and_publish
from talentmatch.registry import ModelRegistry
from talentmatch.storage import LocalObjectStore

# Enough finished prospects for the match model and enough held-out vagas with a hire to
# choose the method by outcomes; few texts, read up to 32 tokens: fast.
SMALL = {"candidates": 200, "vagas": 250, "prospects": 2500, "seed": 9}
TEST_MAX_TOKENS = 32
POOLS = (40, 15)


@dataclass(frozen=True)
class RecData:
    """The generated files, their database, a registry with both models, the truth."""

    folder: Path
    engine: Engine
    registry: ModelRegistry
    encoder: Encoder
    truth: GroundTruth
    manifest: dict[str, Any]

    def import_into(self, url: str) -> None:
        """Load the same three files into another system database."""
        engine = make_engine(url)
        try:
            for entity in Entity:
                import_file(
                    entity,
                    store=LocalObjectStore(self.folder),
                    key=f"{entity.file_name}.json",
                    engine=engine,
                )
        finally:
            engine.dispose()

    def publish_into(self, registry: ModelRegistry, *kinds: str) -> dict[str, str]:
        """Copy the current version of each kind into another registry; kind -> version."""
        published = {}
        for kind in kinds:
            loaded = self.registry.fetch(kind)
            files = {name: path.read_bytes() for name, path in loaded.files.items()}
            manifest = {
                key: value
                for key, value in loaded.manifest.items()
                if key not in {"version", "files", "created_at", "kind", "artifact_sha256"}
            }
            published[kind] = registry.publish_files(kind, files, manifest)
        return published


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    """The packaged encoder, reading few tokens (the tests' texts need no more)."""
    return Encoder(PACKAGED_MODEL, max_tokens=TEST_MAX_TOKENS, batch_size=64)


@pytest.fixture(scope="session")
def rec_data(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Iterator[RecData]:
    """Generated once, imported with the real importer, both models trained and published."""
    folder = tmp_path_factory.mktemp("recommending")
    generate_dataset(folder, **SMALL)
    url = f"sqlite:///{folder / 'systemDB.db'}"
    command.upgrade(alembic_config("system", url), "head")
    engine = make_engine(url)
    data = RecData(
        folder=folder,
        engine=engine,
        registry=ModelRegistry(LocalObjectStore(folder / "store"), folder / "cache"),
        encoder=encoder,
        truth=load_ground_truth(folder),
        manifest={},
    )
    data.import_into(url)
    train_match(engine, data.registry, seed=1)
    manifest = train_and_publish(
        engine,
        data.registry,
        encoder,
        truth=data.truth,
        match_model=load_match_model(data.registry),
        pools=POOLS,
        eval_queries=20,
    )
    yield RecData(**{**data.__dict__, "manifest": manifest})
    engine.dispose()


__all__ = ["MATCH", "RECOMMENDER", "RecData", "encoder", "rec_data"]
