"""Alembic environment of the auth database."""

from talentmatch.db.models_registry import auth_metadata
from talentmatch.migrations.env_common import run_migrations

run_migrations(auth_metadata(), database="auth")
