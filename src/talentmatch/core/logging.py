"""Structured logs: one JSON object per line on stderr, with the request id when there is one.

Configured once per process by the application factory and the command line. Records carry
what the code put in them; the access log (monitoring/middleware.py) puts route templates
and user ids there, never paths with codes, query strings, bodies or usernames.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Final, TextIO

# The id of the request being answered, set by the middleware for everything it calls.
request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
# Always made by the server (the client may choose `request_id_var` via X-Request-ID): what
# the audit trail records as the request, so that no client can forge or collide it.
server_request_id_var: ContextVar[str | None] = ContextVar("server_request_id", default=None)

FIELDS: Final[str] = "fields"  # `extra={"fields": {...}}` adds keys to the JSON object
# uvicorn's own access line repeats ours with the raw path and query: it is switched off.
SERVER_LOGGERS: Final[tuple[str, ...]] = ("uvicorn", "uvicorn.error")
SERVER_ACCESS_LOGGER: Final[str] = "uvicorn.access"


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            # `serve --workers N` runs N processes writing to one log: which one said it.
            "pid": record.process,
        }
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        fields = getattr(record, FIELDS, None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at the time (test runners swap it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


_handler: logging.Handler | None = None


def _stamp_request_id(
    factory: Callable[..., logging.LogRecord],
) -> Callable[..., logging.LogRecord]:
    """A record factory that stamps each record with the request id when it is created."""

    def create(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        record.request_id = request_id_var.get()
        return record

    return create


def configure_logging(level: str = "INFO") -> None:
    """JSON lines on stderr at `level` for the whole process; calling again only sets the level.

    Handlers others installed on the root logger (a test runner's capture) are left alone.
    """
    global _handler
    root = logging.getLogger()
    if _handler is None:
        # Stamped at creation, so a handler that formats later (a queue) keeps the id.
        logging.setLogRecordFactory(_stamp_request_id(logging.getLogRecordFactory()))
        _handler = _StderrHandler()
        _handler.setFormatter(JsonFormatter())
        root.addHandler(_handler)
    root.setLevel(level.upper())
    for name in SERVER_LOGGERS:
        server_logger = logging.getLogger(name)
        server_logger.handlers.clear()
        server_logger.propagate = True
    access = logging.getLogger(SERVER_ACCESS_LOGGER)
    access.handlers.clear()
    access.propagate = False
    access.disabled = True
