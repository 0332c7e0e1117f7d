"""The start-up work of a server, done once however many processes serve: the development
migrations and the first admin.

A lone `talentmatch serve` process does it in its lifespan; with `--workers N` the parent
does it before it starts the worker processes, which skip it (N processes migrating one
SQLite file at once would race). The first admin is also safe when replicas start together.
"""

import logging

from sqlalchemy import Engine
from sqlmodel import Session

from talentmatch.core.config import Settings
from talentmatch.db.engines import make_engine
from talentmatch.db.migrate import upgrade_databases
from talentmatch.usuarios.service import ensure_admin

logger = logging.getLogger(__name__)


def run_startup(settings: Settings, auth_engine: Engine) -> None:
    """Migrate in development (production runs `talentmatch db upgrade`), then create
    FIRST_ADMIN_USERNAME when it is set and no user has that name."""
    if settings.env == "development":
        upgrade_databases(settings)
    if settings.first_admin_username and settings.first_admin_password:
        with Session(auth_engine) as session:
            if ensure_admin(
                session=session,
                username=settings.first_admin_username,
                password=settings.first_admin_password,
            ):
                logger.info("created the first admin user from FIRST_ADMIN_USERNAME")


def prepare_server(settings: Settings) -> None:
    """`run_startup` on an engine of its own, for a process that serves nothing itself."""
    engine = make_engine(
        settings.resolved_auth_database_url,
        busy_timeout_ms=settings.sqlite_busy_timeout_ms,
        connect_timeout_s=settings.database_connect_timeout_s,
    )
    try:
        run_startup(settings, engine)
    finally:
        engine.dispose()
