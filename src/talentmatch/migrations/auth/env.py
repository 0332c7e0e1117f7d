"""Alembic environment of the auth database."""

from talentmatch.migrations.env_common import run_migrations
from talentmatch.migrations.metadata import auth_metadata

run_migrations(auth_metadata(), database="auth")
