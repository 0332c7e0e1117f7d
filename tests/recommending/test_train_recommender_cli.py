"""`talentmatch train recommender` on real SQLite files and a local object store."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from typer.testing import CliRunner

from talentmatch.cli import app
from talentmatch.core.config import get_settings
from talentmatch.db.migrate import alembic_config
from talentmatch.recommending.pipeline import KIND
from talentmatch.registry import ModelRegistry
from talentmatch.storage import LocalObjectStore
from tests.recommending.fixtures import TEST_MAX_TOKENS, RecData

runner = CliRunner()


@pytest.fixture
def data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    monkeypatch.setenv("ENV", "development")
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EMBEDDING_MAX_TOKENS", str(TEST_MAX_TOKENS))
    monkeypatch.delenv("SYSTEM_DATABASE_URL", raising=False)
    monkeypatch.delenv("STORAGE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_an_empty_database_is_refused_with_a_message(data_dir: Path) -> None:
    command.upgrade(alembic_config("system", f"sqlite:///{data_dir / 'systemDB.db'}"), "head")
    result = runner.invoke(app, ["train", "recommender"])
    assert result.exit_code == 2
    assert "importe vagas e candidatos" in result.output


def test_if_missing_keeps_the_published_version_and_a_rerun_reuses_every_vector(
    data_dir: Path, rec_data: RecData
) -> None:
    shutil.copy2(rec_data.folder / "systemDB.db", data_dir / "systemDB.db")
    registry = ModelRegistry(LocalObjectStore(data_dir / "storage"), data_dir / "model-cache")
    published = rec_data.publish_into(registry, KIND)[KIND]
    result = runner.invoke(app, ["train", "recommender", "--if-missing"])
    assert result.exit_code == 0, result.output
    assert published in result.output and registry.current_version(KIND) == published
    result = runner.invoke(app, ["train", "recommender"])
    assert result.exit_code == 0, result.output
    assert "codificados 0 + 0" in result.output
    assert registry.current_version(KIND) != published
