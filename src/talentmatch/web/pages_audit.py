"""/app/auditoria (admin): the audit log with the filters of `GET /api/v1/auditoria/list`
(action, actor, target or a prefix with `*`, since/until in UTC), newest first, a page at a
time with the true total, through the same service function."""

import json
from datetime import datetime
from typing import Any, Final

from fastapi import APIRouter, Request
from starlette.responses import Response

from talentmatch.auditoria.models import AuditAction, AuditEvent
from talentmatch.auditoria.service import AuditFilter, list_events
from talentmatch.core.errors import InvalidInput
from talentmatch.db.dependencies import AuthSessionDep
from talentmatch.web import listing
from talentmatch.web.auth import AdminPage
from talentmatch.web.paging import PaginaQuery, Paging
from talentmatch.web.templating import render

router = APIRouter(prefix="/app")

FILTERS: Final = ("action", "actor", "target", "since", "until")
MAX_TEXT = 255
FIELD_LABELS: Final = {
    "action": "ação",
    "actor": "autor",
    "target": "alvo",
    "since": "a partir de",
    "until": "antes de",
}


def _moment(filters: dict[str, str], name: str) -> datetime | None:
    value = filters.get(name)
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(
            f"Filtro inválido: {FIELD_LABELS[name]} (use data e hora, ex.: 2026-12-03T10:00)."
        ) from exc


def audit_filter(filters: dict[str, str]) -> AuditFilter:
    """The API's filter from the page's query string; InvalidInput names a bad field."""
    action = filters.get("action")
    if action is not None and action not in {item.value for item in AuditAction}:
        raise InvalidInput("Filtro inválido: ação desconhecida.")
    for name in ("actor", "target"):
        if len(filters.get(name, "")) > MAX_TEXT:
            raise InvalidInput(
                f"Filtro inválido: {FIELD_LABELS[name]} (até {MAX_TEXT} caracteres)."
            )
    return AuditFilter(
        action=action,
        actor=filters.get("actor"),
        target=filters.get("target"),
        since=_moment(filters, "since"),
        until=_moment(filters, "until"),
    )


def _row(event: AuditEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "at": event.at.isoformat()[:19].replace("T", " "),
        "actor": event.actor_username or "—",
        "actor_id": event.actor_id,
        "action": event.action,
        "target": event.target or "—",
        "details": (
            json.dumps(event.details, ensure_ascii=False, sort_keys=True) if event.details else ""
        ),
        "request_id": event.request_id or "",
    }


@router.get("/auditoria")
def audit_page(
    request: Request, session: AuthSessionDep, user: AdminPage, pagina: PaginaQuery = 1
) -> Response:
    """The events the filters match, newest first, 25 a page, with how many match in all."""
    filters = listing.filters_from(request.query_params, FILTERS)
    query = audit_filter(filters)
    probe = Paging(pagina=pagina, total=0)
    total, events = list_events(session=session, query=query, offset=probe.offset, limit=probe.size)
    return render(
        request,
        "auditoria.html",
        {
            "rows": [_row(event) for event in events],
            "paging": Paging(pagina=pagina, total=total),
            "filters": filters,
            "filters_query": listing.query_string(filters),
            "actions": [item.value for item in AuditAction],
        },
    )
