"""Reads of candidates' details: bounded per user and audited by volume.

Per process (each replica counts its own): at most `per_minute` detail reads per user in a
minute (429 with Retry-After beyond), and an audit event at the first read of a user's
minute and at every `AUDIT_EVERY`-th after it, with the count so far, so a bulk read shows in
the audit log by user and volume without one row per read.
"""

import threading
import time
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from talentmatch.auditoria.models import AuditAction
from talentmatch.auditoria.service import Actor, record
from talentmatch.core.errors import TooManyRequests

WINDOW_S = 60.0
AUDIT_EVERY = 50


@dataclass
class _Window:
    started: float
    count: int = 0


class ReadMeter:
    """Counts each user's detail reads in fixed one-minute windows."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._windows: dict[int, _Window] = {}
        self._lock = threading.Lock()

    def count(self, user_id: int) -> int:
        """The read's number in the user's current window; raises TooManyRequests past the
        limit (a refused read is not counted)."""
        now = time.monotonic()
        with self._lock:
            window = self._windows.get(user_id)
            if window is None or now - window.started >= WINDOW_S:
                window = self._windows[user_id] = _Window(started=now)
                if len(self._windows) > 10_000:  # forget the stale windows
                    for key in [k for k, w in self._windows.items() if now - w.started >= WINDOW_S]:
                        del self._windows[key]
            if window.count >= self.per_minute:
                retry = int(WINDOW_S - (now - window.started)) + 1
                raise TooManyRequests(
                    f"Limite de {self.per_minute} leituras de detalhes por minuto; "
                    f"tente novamente em {retry} s.",
                    retry_after=retry,
                )
            window.count += 1
            return window.count


def audited(number: int) -> bool:
    """Whether the read with this number in its window gets an audit event."""
    return number == 1 or number % AUDIT_EVERY == 0


def count_details_read(
    meter: ReadMeter,
    audit_session: Session,
    user: Actor,
    codigo_profissional: int,
    *,
    via: str | None = None,
) -> None:
    """Count one read of a candidate's details (429 past the limit) and audit it by volume;
    before the read, so a refused or missing one counts as a try."""
    number = meter.count(user.id or 0)
    if audited(number):
        details: dict[str, Any] = {"leituras_no_minuto": number}
        if via is not None:
            details["via"] = via
        record(
            audit_session,
            action=AuditAction.detalhes_lidos,
            actor=user,
            target=f"candidato:{codigo_profissional}",
            details=details,
        )
