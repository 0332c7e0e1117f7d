"""The metadata of each database with every table imported (for migrations and tests)."""

from sqlalchemy import MetaData

from talentmatch.db.bases import AuthBase, SystemBase


def auth_metadata() -> MetaData:
    """Metadata of the auth database, all its tables registered."""
    import talentmatch.usuarios.models  # noqa: F401  (registers the tables)

    return AuthBase.metadata


def system_metadata() -> MetaData:
    """Metadata of the system database, all its tables registered."""
    import talentmatch.candidatos.models
    import talentmatch.prospects.models
    import talentmatch.vagas.models  # noqa: F401

    return SystemBase.metadata
