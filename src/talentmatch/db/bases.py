"""One SQLModel base per database, each with its own registry and metadata.

A single `SQLModel.metadata` would create every table in both databases; separate
registries keep users in the auth database and business data in the system one.
"""

from sqlalchemy import MetaData
from sqlalchemy.orm import registry
from sqlmodel import SQLModel

# Deterministic constraint names, so that migrations can alter them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

auth_registry = registry(metadata=MetaData(naming_convention=NAMING_CONVENTION))
system_registry = registry(metadata=MetaData(naming_convention=NAMING_CONVENTION))


class AuthBase(SQLModel, registry=auth_registry):
    """Base of the tables of the auth database (users, login attempts)."""


class SystemBase(SQLModel, registry=system_registry):
    """Base of the tables of the system database (candidatos, vagas, prospects)."""
