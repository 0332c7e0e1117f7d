"""What both migration environments share: URL resolution and the online/offline run."""

from alembic import context
from sqlalchemy import MetaData

from talentmatch.core.config import get_settings
from talentmatch.db import fulltext
from talentmatch.db.engines import make_engine


def run_migrations(metadata: MetaData, *, database: str) -> None:
    """Run the migrations of `database` ("auth" or "system") on its configured URL."""
    config = context.config
    url = config.attributes.get("url")
    if url is None:
        settings = get_settings()
        url = (
            settings.resolved_auth_database_url
            if database == "auth"
            else settings.resolved_system_database_url
        )
    options = {
        "target_metadata": metadata,
        "compare_type": True,
        # The full-text objects (FTS5 tables and triggers, the tsvector column and its index)
        # are created by their revision, not described by the models: db/fulltext.py.
        "include_name": fulltext.include_name,
        "include_object": fulltext.include_object,
        # SQLite cannot ALTER most things; batch mode copies the table instead.
        "render_as_batch": url.startswith("sqlite"),
    }
    if context.is_offline_mode():
        context.configure(url=url, literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context.configure(connection=connection, **options)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()
