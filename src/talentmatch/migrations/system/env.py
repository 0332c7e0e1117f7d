"""Alembic environment of the system database."""

from talentmatch.migrations.env_common import run_migrations
from talentmatch.migrations.metadata import system_metadata

run_migrations(system_metadata(), database="system")
