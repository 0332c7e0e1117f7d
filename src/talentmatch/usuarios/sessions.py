"""Server-side sessions of the web app (auth database): the cookie holds only a random id.

A session row keeps the SHA-256 of that id (a stolen table opens no session), the user, the
user's token version at login, a CSRF token, and when it was made and last used. A session is
valid only while its user exists, is active and still has that token version: a change of
password, role or state, a delete, or the API's logout (which bumps the version) end it, as
they revoke the user's bearer tokens. Idle and absolute lifetimes bound it as well.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Field, Session, col, delete, select

from talentmatch.db.bases import AuthBase
from talentmatch.db.types import UTCDateTime, utcnow
from talentmatch.usuarios.models import Usuario

# A session's last use is written at most this often (not on every page).
TOUCH_EVERY = timedelta(seconds=60)


class WebSession(AuthBase, table=True):
    """One logged-in browser."""

    __tablename__ = "web_session"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(index=True)
    token_version: int
    csrf_token: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_seen_at: datetime = Field(default_factory=utcnow, index=True, sa_type=UTCDateTime)


@dataclass(frozen=True)
class Lifetimes:
    """How long a session lives without use (idle) and at most (absolute)."""

    idle: timedelta
    absolute: timedelta


@dataclass(frozen=True)
class OpenSession:
    """A valid session and its user."""

    user: Usuario
    csrf_token: str
    session_id: int


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _expired(row: WebSession, now: datetime, lifetimes: Lifetimes) -> bool:
    return now - row.last_seen_at > lifetimes.idle or now - row.created_at > lifetimes.absolute


def purge_expired(*, session: Session, lifetimes: Lifetimes) -> None:
    """Remove sessions past their idle or absolute lifetime."""
    now = utcnow()
    session.exec(  # type: ignore[call-overload]
        delete(WebSession).where(
            (col(WebSession.last_seen_at) < now - lifetimes.idle)
            | (col(WebSession.created_at) < now - lifetimes.absolute)
        )
    )
    session.commit()


def open_session(*, session: Session, user: Usuario, lifetimes: Lifetimes) -> str:
    """A new session for `user`; returns the id for the cookie (stored only as its hash)."""
    purge_expired(session=session, lifetimes=lifetimes)
    token = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            token_hash=_digest(token),
            user_id=user.id,  # type: ignore[arg-type]
            token_version=user.token_version,
            csrf_token=secrets.token_urlsafe(32),
        )
    )
    session.commit()
    return token


def resolve_session(*, session: Session, token: str, lifetimes: Lifetimes) -> OpenSession | None:
    """The valid session the cookie's `token` names, or None (and an invalid one removed)."""
    if not token or len(token) > 128:
        return None
    row = session.exec(select(WebSession).where(WebSession.token_hash == _digest(token))).first()
    if row is None:
        return None
    now = utcnow()
    user = session.get(Usuario, row.user_id)
    if (
        user is None
        or not user.is_active
        or user.token_version != row.token_version
        or _expired(row, now, lifetimes)
    ):
        session.delete(row)
        session.commit()
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
        session.add(row)
        session.commit()
        session.refresh(user)
    return OpenSession(user=user, csrf_token=row.csrf_token, session_id=row.id or 0)


def close_session(*, session: Session, token: str) -> None:
    """End the session the cookie's `token` names (nothing when there is none)."""
    session.exec(  # type: ignore[call-overload]
        delete(WebSession).where(col(WebSession.token_hash) == _digest(token))
    )
    session.commit()
