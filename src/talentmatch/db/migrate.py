"""Alembic, driven from code: upgrade both databases, or check them against the models."""

from importlib.resources import files
from typing import Literal

from alembic import command
from alembic.config import Config

from talentmatch.core.config import Settings

Database = Literal["auth", "system"]
DATABASES: tuple[Database, ...] = ("auth", "system")


def alembic_config(database: Database, url: str) -> Config:
    """The Alembic configuration of `database`, pointed at `url`."""
    ini_path = str(files("talentmatch.migrations").joinpath("alembic.ini"))
    config = Config(ini_path, ini_section=database)
    config.attributes["url"] = url
    return config


def database_url(settings: Settings, database: Database) -> str:
    """The URL of `database` under `settings`."""
    if database == "auth":
        return settings.resolved_auth_database_url
    return settings.resolved_system_database_url


def upgrade_databases(settings: Settings, revision: str = "head") -> None:
    """Apply every migration to both databases."""
    for database in DATABASES:
        command.upgrade(alembic_config(database, database_url(settings, database)), revision)


def check_databases(settings: Settings) -> None:
    """Raise when a migrated database differs from the models (`alembic check`)."""
    for database in DATABASES:
        command.check(alembic_config(database, database_url(settings, database)))
