"""Fixtures: a migrated system database copied per test, the command line's environment."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic import command
from click.testing import Result
from typer.testing import CliRunner

from talentmatch.cli import app
from talentmatch.core.config import Settings, get_settings
from talentmatch.db.engines import make_engine
from talentmatch.db.migrate import alembic_config
from talentmatch.decision.importer import Entity, import_file
from talentmatch.matching.pipeline import KIND as MATCH
from talentmatch.matching.pipeline import train_and_publish as train_match
from talentmatch.matching.splits import NotEnoughData
from talentmatch.recommending.build import NothingToIndex
from talentmatch.recommending.encoder import Encoder
from talentmatch.recommending.pipeline import KIND as RECOMMENDER
from talentmatch.recommending.pipeline import train_and_publish as train_recommender
from talentmatch.registry import ModelRegistry
from talentmatch.storage import LocalObjectStore, store_from_url
from tests.ml_robustness.world import World
from tests.recommending.fixtures import TEST_MAX_TOKENS, encoder

runner = CliRunner()


@pytest.fixture(scope="session")
def system_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty system database, migrated once."""
    path = tmp_path_factory.mktemp("ml_robustness") / "systemDB.db"
    command.upgrade(alembic_config("system", f"sqlite:///{path}"), "head")
    return path


@dataclass
class Outcome:
    """What the command line said for each step, and the registry it published into."""

    imported: Result
    match: Result
    recommender: Result | None
    registry: ModelRegistry

    def current(self, kind: str) -> str | None:
        return self.registry.current_version(kind)


@dataclass
class Cli:
    """`talentmatch import | train match | train recommender` on one test's data folder."""

    data_dir: Path

    @property
    def registry(self) -> ModelRegistry:
        return ModelRegistry(
            LocalObjectStore(self.data_dir / "storage"), self.data_dir / "model-cache"
        )

    def invoke(self, *args: str) -> Result:
        return runner.invoke(app, list(args))

    def run(self, world: World, *, recommender: bool = True) -> Outcome:
        """Write the world's files, import them, train both models (or only the match one)."""
        folder = world.write(self.data_dir / "files")
        imported = self.invoke("import", str(folder))
        assert imported.exit_code == 0, imported.output
        return Outcome(
            imported=imported,
            match=self.invoke("train", "match"),
            recommender=self.invoke("train", "recommender") if recommender else None,
            registry=self.registry,
        )


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, system_template: Path) -> Iterator[Cli]:
    """The command line's settings pointed at a fresh copy of the migrated database."""
    monkeypatch.setenv("ENV", "development")
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EMBEDDING_MAX_TOKENS", str(TEST_MAX_TOKENS))
    for name in ("SYSTEM_DATABASE_URL", "STORAGE_URL", "RECOMMENDER_METHOD"):
        monkeypatch.delenv(name, raising=False)
    shutil.copy2(system_template, tmp_path / "systemDB.db")
    get_settings.cache_clear()
    yield Cli(tmp_path)
    get_settings.cache_clear()


def app_registry(settings: Settings) -> ModelRegistry:
    """The registry a test app built from `settings` reads."""
    store = store_from_url(settings.resolved_storage_url)
    return ModelRegistry(store, settings.resolved_model_cache_dir)


def import_world(settings: Settings, folder: Path) -> dict[str, tuple[int, int]]:
    """The three files of `folder` through the importer into the app's system database;
    entity -> (inserted, rejected)."""
    engine = make_engine(settings.resolved_system_database_url)
    try:
        return {
            entity.value: (result.inserted, result.rejected)
            for entity in Entity
            for result in [
                import_file(
                    entity,
                    store=LocalObjectStore(folder),
                    key=f"{entity.file_name}.json",
                    engine=engine,
                )
            ]
        }
    finally:
        engine.dispose()


def train_both(settings: Settings, encoder: Encoder) -> dict[str, object]:
    """Train and publish both models on the app's data; kind -> manifest or the refusal."""
    registry = app_registry(settings)
    engine = make_engine(settings.resolved_system_database_url)
    out: dict[str, object] = {}
    try:
        for kind, train in (
            (MATCH, lambda: train_match(engine, registry)),
            (RECOMMENDER, lambda: train_recommender(engine, registry, encoder)),
        ):
            try:
                out[kind] = train()
            except (NotEnoughData, NothingToIndex) as exc:  # the refusals
                out[kind] = exc
    finally:
        engine.dispose()
    return out


__all__ = [
    "MATCH",
    "RECOMMENDER",
    "Cli",
    "Outcome",
    "app_registry",
    "cli",
    "encoder",
    "import_world",
    "system_template",
    "train_both",
]
