"""Migrations build both databases from empty, match the models, and go back down."""

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from talentmatch.core.config import Settings
from talentmatch.db.engines import make_engine
from talentmatch.db.fulltext import is_fulltext_object
from talentmatch.db.migrate import alembic_config, check_databases, upgrade_databases
from talentmatch.migrations.metadata import auth_metadata, system_metadata
from tests.conftest import make_settings


def empty_settings(tmp_path: Path, urls: tuple[str, str]) -> Settings:
    return make_settings(tmp_path, auth_database_url=urls[0], system_database_url=urls[1])


def test_migrations_apply_to_empty_databases_and_match_the_models(
    tmp_path: Path, empty_database_urls: tuple[str, str]
) -> None:
    settings = empty_settings(tmp_path, empty_database_urls)
    upgrade_databases(settings)
    check_databases(settings)  # raises when autogenerate would find a difference

    for url, metadata in (
        (settings.resolved_auth_database_url, auth_metadata()),
        (settings.resolved_system_database_url, system_metadata()),
    ):
        engine = make_engine(url)
        tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
        engine.dispose()
        # The FTS5 tables (SQLite) are the full-text revision's, outside the models.
        fulltext = {name for name in tables if is_fulltext_object(name, "table")}
        assert tables - fulltext == set(metadata.tables)
        if metadata is system_metadata() and url.startswith("sqlite"):
            assert fulltext >= {"candidato_busca_fts", "vaga_busca_fts"}


def test_each_database_holds_only_its_own_tables(tmp_path: Path) -> None:
    assert set(auth_metadata().tables) == {"usuario", "login_attempt", "audit_event", "web_session"}
    assert "usuario" not in system_metadata().tables
    assert {"candidato", "vaga", "prospect"} <= set(system_metadata().tables)


def test_migrations_go_down_and_up_again(
    tmp_path: Path, empty_database_urls: tuple[str, str]
) -> None:
    settings = empty_settings(tmp_path, empty_database_urls)
    upgrade_databases(settings)
    for database, url in (
        ("auth", settings.resolved_auth_database_url),
        ("system", settings.resolved_system_database_url),
    ):
        command.downgrade(alembic_config(database, url), "base")
    upgrade_databases(settings)
    check_databases(settings)


def test_foreign_keys_are_enforced(tmp_path: Path, empty_database_urls: tuple[str, str]) -> None:
    settings = empty_settings(tmp_path, empty_database_urls)
    upgrade_databases(settings)
    engine = make_engine(settings.resolved_system_database_url)
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(
            text("INSERT INTO candidato_infos_basicas (codigo_profissional) VALUES (42)")
        )
    engine.dispose()
