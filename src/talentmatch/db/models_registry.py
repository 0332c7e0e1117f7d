"""The metadata of each database with every table imported (for migrations and tests)."""

from importlib import import_module

from sqlalchemy import MetaData

from talentmatch.db.bases import AuthBase, SystemBase

# Importing a models module registers its tables on its database's metadata.
AUTH_MODELS = ("talentmatch.usuarios.models", "talentmatch.auditoria.models")
SYSTEM_MODELS = (
    "talentmatch.candidatos.models",
    "talentmatch.vagas.models",
    "talentmatch.prospects.models",
    "talentmatch.jobs.models",
    "talentmatch.inferencias.models",
)


def auth_metadata() -> MetaData:
    """Metadata of the auth database, all its tables registered."""
    for module in AUTH_MODELS:
        import_module(module)
    return AuthBase.metadata


def system_metadata() -> MetaData:
    """Metadata of the system database, all its tables registered."""
    for module in SYSTEM_MODELS:
        import_module(module)
    return SystemBase.metadata
