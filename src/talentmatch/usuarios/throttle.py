"""The login throttle: atomic, by username and client, backing off rather than locking out.

Every try first stores its own attempt row and commits it, then counts the failures of the
others: of two tries racing, the one that counts last sees the other, so no more tries are
checked than the policy allows, in one process or across replicas (the rows are in the
auth database). A refused try removes its row again, so a flood of refused tries leaves no
rows (and no audit events) behind.

- Per username and client address: `per_client` failures are checked at once; each further
  one must wait twice as long as the previous one (2 s, 4 s, ... up to 15 minutes). Someone
  guessing from one address backs off; the real user from another address is not affected.
- Per username from every address: at most `per_username` failures a minute (a global cap
  against guesses spread over many addresses).
- A successful login clears its address's failures.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, delete, func, select

from talentmatch.core.errors import TooManyRequests
from talentmatch.db.types import utcnow
from talentmatch.usuarios.models import LoginAttempt

HORIZON = timedelta(minutes=15)
MAX_BACKOFF_S = int(HORIZON.total_seconds())
GLOBAL_WINDOW = timedelta(minutes=1)


@dataclass(frozen=True)
class ThrottlePolicy:
    per_client: int = 5
    per_username: int = 50


def _same_client(client_ip: str | None) -> Any:
    column = col(LoginAttempt.client_ip)
    return column.is_(None) if client_ip is None else column == client_ip


def _failures(
    session: Session, attempt: LoginAttempt, since: datetime, *, pair: bool
) -> tuple[int, datetime | None]:
    query = (
        select(func.count(), func.max(LoginAttempt.at))
        .select_from(LoginAttempt)
        .where(
            LoginAttempt.username == attempt.username,
            col(LoginAttempt.succeeded).is_(False),
            LoginAttempt.at >= since,
            LoginAttempt.id != attempt.id,
        )
    )
    if pair:
        query = query.where(_same_client(attempt.client_ip))
    count, last = session.exec(query).one()
    return int(count), last


def _refuse(session: Session, attempt: LoginAttempt, retry_after: int) -> TooManyRequests:
    session.delete(attempt)
    session.commit()
    return TooManyRequests(
        f"Muitas tentativas de login; tente novamente em {retry_after} s.",
        retry_after=max(1, retry_after),
    )


def admit(
    session: Session, *, username: str, client_ip: str | None, policy: ThrottlePolicy
) -> LoginAttempt:
    """The stored attempt of a try the policy lets be checked; raises TooManyRequests."""
    attempt = LoginAttempt(username=username[:255], client_ip=client_ip, succeeded=False)
    session.add(attempt)
    session.commit()
    session.refresh(attempt)
    now = utcnow()
    count, last = _failures(session, attempt, now - HORIZON, pair=True)
    if count >= policy.per_client and last is not None:
        wait = min(2 ** (count - policy.per_client + 1), MAX_BACKOFF_S)
        remaining = wait - (now - last).total_seconds()
        if remaining > 0:
            raise _refuse(session, attempt, int(remaining) + 1)
    count, _last = _failures(session, attempt, now - GLOBAL_WINDOW, pair=False)
    if count >= policy.per_username:
        raise _refuse(session, attempt, int(GLOBAL_WINDOW.total_seconds()))
    return attempt


def settle(session: Session, attempt: LoginAttempt, *, succeeded: bool) -> None:
    """Record the outcome of a checked try; a success clears its address's failures."""
    attempt.succeeded = succeeded
    session.add(attempt)
    if succeeded:
        session.exec(  # type: ignore[call-overload]
            delete(LoginAttempt).where(
                col(LoginAttempt.username) == attempt.username,
                _same_client(attempt.client_ip),
                col(LoginAttempt.succeeded).is_(False),
            )
        )
    session.commit()


def forget(session: Session, attempt: LoginAttempt) -> None:
    """Remove a try that was admitted but never checked."""
    session.delete(attempt)
    session.commit()
