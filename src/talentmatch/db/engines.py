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

DEFAULT_BUSY_TIMEOUT_MS = 30_000
DEFAULT_CONNECT_TIMEOUT_S = 5


def _sqlite_pragmas(busy_timeout_ms: int) -> Any:
    def enable(dbapi_connection: Any, _record: Any) -> None:
        # SQLite ignores foreign keys unless asked on every connection; WAL lets readers
        # proceed while a writer commits, and busy_timeout waits for a lock that long before
        # failing ("database is locked", answered 503).
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(
            "PRAGMA synchronous=NORMAL"
        )  # safe with WAL; the last commits may roll back on power loss
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    return enable


def make_engine(
    url: str,
    *,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    connect_timeout_s: int = DEFAULT_CONNECT_TIMEOUT_S,
) -> Engine:
    """An engine for `url`; SQLite files get their folder created and pragmas set."""
    # hide_parameters on every engine: an error's message names the statement but not its
    # values (names, CPFs, résumés), so error logs never carry personal data.
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # The driver's own timeout too: it applies while opening, before the pragma runs.
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
            hide_parameters=True,
        )
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        return engine
    # pre_ping replaces connections the server (or the network) dropped, so the pool heals
    # by itself once the database is back; a short connect timeout makes an unreachable
    # server a quick 503 rather than a hung request.
    connect_args = (
        {"connect_timeout": connect_timeout_s} if parsed.get_backend_name() == "postgresql" else {}
    )
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args, hide_parameters=True)


@dataclass
class Databases:
    """The two engines of the service."""

    auth: Engine
    system: Engine

    @classmethod
    def from_settings(cls, settings: Settings) -> "Databases":
        """Engines for the URLs the settings name."""
        timeouts = {
            "busy_timeout_ms": settings.sqlite_busy_timeout_ms,
            "connect_timeout_s": settings.database_connect_timeout_s,
        }
        return cls(
            auth=make_engine(settings.resolved_auth_database_url, **timeouts),
            system=make_engine(settings.resolved_system_database_url, **timeouts),
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
