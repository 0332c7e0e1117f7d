"""Engines and sessions of the two databases, created at start-up, never at import."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from talentmatch.core.config import Settings


def _enable_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLite ignores foreign keys unless asked on every connection; WAL lets readers
    # proceed while a writer commits, and busy_timeout waits for the lock instead of failing.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(
        "PRAGMA synchronous=NORMAL"
    )  # safe with WAL; the last commits may roll back on power loss
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files get their folder created and pragmas set."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _enable_sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


@dataclass
class Databases:
    """The two engines of the service."""

    auth: Engine
    system: Engine

    @classmethod
    def from_settings(cls, settings: Settings) -> "Databases":
        """Engines for the URLs the settings name."""
        return cls(
            auth=make_engine(settings.resolved_auth_database_url),
            system=make_engine(settings.resolved_system_database_url),
        )

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.auth.dispose()
        self.system.dispose()


def is_reachable(engine: Engine) -> bool:
    """True when a trivial query succeeds on `engine`."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # any driver error means "not ready"; /ready reports it, not raises
        return False
    return True


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session of its own (for jobs and the command line), closed on exit."""
    with Session(engine) as session:
        yield session
