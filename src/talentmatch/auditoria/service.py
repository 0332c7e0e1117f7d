"""Record audit events and query them."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlmodel import Session, col, func, select

from talentmatch.auditoria.models import AuditAction, AuditEvent
from talentmatch.core.logging import request_id_var, server_request_id_var
from talentmatch.db.types import MAX_CODE

MAX_USERNAME = 255


class Actor(Protocol):
    """Who acted: a user of the auth database (usuarios.models.Usuario has this shape)."""

    @property
    def id(self) -> int | None: ...

    @property
    def username(self) -> str: ...


def record(
    session: Session,
    *,
    action: AuditAction,
    actor: Actor | None = None,
    actor_username: str | None = None,
    target: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Store one event on the auth database and commit it.

    `actor_username` names an actor that is not a user (a failed login's username).
    The request id is the one the server made for the request (the access log's when the
    client sent none); a client's own X-Request-ID is kept in `details.client_request_id`
    for correlation.
    """
    username = actor.username if actor is not None else actor_username
    server_id, client_id = server_request_id_var.get(), request_id_var.get()
    extra = dict(details) if details else {}
    if client_id is not None and client_id != server_id and server_id is not None:
        extra["client_request_id"] = client_id
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        actor_username=username[:MAX_USERNAME] if username is not None else None,
        action=action.value,
        target=target,
        details=extra or None,
        request_id=server_id or client_id,
    )
    session.add(event)
    session.commit()
    session.refresh(event)
    return event


@dataclass(frozen=True)
class AuditFilter:
    """The optional filters of a query; `target` ending in `*` matches a prefix."""

    action: str | None = None
    actor: str | None = None
    target: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _utc(moment: datetime) -> datetime:
    # A time without zone is read as UTC, the zone every event is stored in.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _conditions(query: AuditFilter) -> list[Any]:
    conditions: list[Any] = []
    if query.action:
        conditions.append(col(AuditEvent.action) == query.action)
    if query.actor:
        by_name = col(AuditEvent.actor_username) == query.actor
        # An id is ASCII digits within the 32-bit range ("²" is a digit to str.isdigit).
        if query.actor.isascii() and query.actor.isdigit() and int(query.actor) <= MAX_CODE:
            conditions.append(by_name | (col(AuditEvent.actor_id) == int(query.actor)))
        else:
            conditions.append(by_name)
    if query.target:
        if query.target.endswith("*"):
            conditions.append(col(AuditEvent.target).startswith(query.target[:-1], autoescape=True))
        else:
            conditions.append(col(AuditEvent.target) == query.target)
    if query.since is not None:
        conditions.append(col(AuditEvent.at) >= _utc(query.since))
    if query.until is not None:
        conditions.append(col(AuditEvent.at) < _utc(query.until))
    return conditions


def list_events(
    *, session: Session, query: AuditFilter, offset: int, limit: int
) -> tuple[int, list[AuditEvent]]:
    """The events matching `query`, newest first, and how many match in all."""
    conditions = _conditions(query)
    total = session.exec(select(func.count()).select_from(AuditEvent).where(*conditions)).one()
    rows = session.exec(
        select(AuditEvent)
        .where(*conditions)
        .order_by(col(AuditEvent.id).desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return total, list(rows)
