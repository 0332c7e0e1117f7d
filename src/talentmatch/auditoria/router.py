"""/auditoria: the audit log, for administrators: api.py includes this router behind the
admin check (`usuarios.dependencies.AdminUser`), so that the audit domain stays below
users."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from talentmatch.auditoria import service
from talentmatch.auditoria.models import AuditAction, AuditEventPublic, AuditPage
from talentmatch.core.dependencies import PageDep
from talentmatch.db.dependencies import AuthSessionDep

router = APIRouter(prefix="/auditoria", tags=["auditoria"])


@router.get("/list", response_model=AuditPage)
def list_audit_events(
    session: AuthSessionDep,
    page: PageDep,
    action: Annotated[AuditAction | None, Query(description="Ação registrada")] = None,
    actor: Annotated[
        str | None, Query(max_length=255, description="Username do autor (ou seu id)")
    ] = None,
    target: Annotated[
        str | None,
        Query(max_length=255, description="Alvo exato (`candidato:123`) ou prefixo com `*`"),
    ] = None,
    since: Annotated[datetime | None, Query(description="A partir de (inclusive, UTC)")] = None,
    until: Annotated[datetime | None, Query(description="Antes de (exclusive, UTC)")] = None,
) -> AuditPage:
    """Audit events, newest first, filtered and paginated (admin only)."""
    query = service.AuditFilter(
        action=action.value if action else None,
        actor=actor,
        target=target,
        since=since,
        until=until,
    )
    total, events = service.list_events(
        session=session, query=query, offset=page.offset, limit=page.limit
    )
    return AuditPage(
        total=total,
        offset=page.offset,
        limit=page.limit,
        data=[AuditEventPublic.model_validate(event, from_attributes=True) for event in events],
    )
