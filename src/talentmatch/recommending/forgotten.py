"""Candidates anonymised after a recommender version read its data (LGPD): forgotten at once.

A version's artifacts hold each candidate's words and vector as they were when it was built,
so an anonymised person's name could come back among a ranking's `common_terms`. Anonymising
records the code here, beside the recommender's CURRENT, and zeroes the person's rows in the
version in service; every later load (a restart, a reload, a rollback) zeroes them again when
the anonymisation came after the version read its data. A version built after it read the
anonymised record and needs nothing.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from typing import Any, Final

from talentmatch.recommending.pipeline import KIND
from talentmatch.registry import ModelRegistry

FORGOTTEN_FILE: Final[str] = "ANONYMISED.json"
_write_lock = threading.Lock()  # one writer per process; the read-modify-write is small


def _key(registry: ModelRegistry) -> str:
    return f"{registry.prefix}/{KIND}/{FORGOTTEN_FILE}"


def forgotten(registry: ModelRegistry) -> dict[int, datetime]:
    """Anonymised candidate codes and when each was anonymised."""
    key = _key(registry)
    if not registry.store.exists(key):
        return {}
    raw: dict[str, str] = json.loads(registry.store.read_bytes(key))
    return {int(code): datetime.fromisoformat(at) for code, at in raw.items()}


def forget(registry: ModelRegistry, code: int, at: datetime | None = None) -> None:
    """Record that candidate `code` was anonymised (now, unless `at`)."""
    with _write_lock:
        entries = forgotten(registry)
        entries[code] = at or datetime.now(UTC)
        body = {str(c): t.isoformat() for c, t in sorted(entries.items())}
        registry.store.write_bytes(_key(registry), json.dumps(body).encode("utf-8"))


def to_forget(registry: ModelRegistry, manifest: dict[str, Any]) -> set[int]:
    """The codes a version must zero: anonymised after it read its data (all, if unknown)."""
    read_at = manifest.get("data_read_at")
    since = datetime.fromisoformat(read_at) if read_at else None
    return {code for code, at in forgotten(registry).items() if since is None or at >= since}
