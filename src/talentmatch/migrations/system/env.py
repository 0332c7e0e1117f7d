"""Alembic environment of the system database."""

from talentmatch.db.models_registry import system_metadata
from talentmatch.migrations.env_common import run_migrations

run_migrations(system_metadata(), database="system")
