"""Who is on a page: the session cookie, role checks and CSRF checks, as dependencies.

Only the session cookie authenticates /app (a bearer token does not), and the cookie
authenticates nothing under /api/v1 (the API reads only bearer tokens). Every request
re-checks the session against its user, as the bearer path does.
"""

import secrets
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlmodel import Session

from talentmatch.core.config import Settings
from talentmatch.core.dependencies import SettingsDep
from talentmatch.core.errors import NotAuthenticated, PermissionDenied
from talentmatch.db.dependencies import AuthSessionDep
from talentmatch.usuarios.models import Perfil, Usuario
from talentmatch.usuarios.sessions import Lifetimes, OpenSession, resolve_session

SESSION_COOKIE = "tm_session"
LOGIN_CSRF_COOKIE = "tm_login_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
CSRF_MESSAGE = (
    "Formulário expirado ou inválido (proteção CSRF); recarregue a página e tente de novo."
)
SESSION_ENDED = "Sua sessão terminou; entre novamente."


class LoginRequired(NotAuthenticated):
    """No valid session: the page sends the browser to the login form."""


def lifetimes(settings: Settings) -> Lifetimes:
    """The session lifetimes the settings give."""
    return Lifetimes(
        idle=timedelta(minutes=settings.web_session_idle_minutes),
        absolute=timedelta(hours=settings.web_session_max_hours),
    )


def cookie_options(settings: Settings) -> dict[str, object]:
    """HttpOnly, SameSite=Lax, Secure in production, scoped to /app."""
    return {
        "httponly": True,
        "samesite": "lax",
        "secure": settings.env == "production",
        "path": "/app",
    }


def current_session(
    request: Request, session: AuthSessionDep, settings: SettingsDep
) -> OpenSession:
    """The valid session of the request's cookie; LoginRequired otherwise."""
    token = request.cookies.get(SESSION_COOKIE)
    opened = (
        resolve_session(session=session, token=token, lifetimes=lifetimes(settings))
        if token
        else None
    )
    if opened is None:
        raise LoginRequired(SESSION_ENDED)
    # What data minimisation goes by, as for the API (candidatos.masking).
    request.state.perfil_rank = opened.user.perfil.rank
    request.state.web_session = opened
    return opened


SessionDep = Annotated[OpenSession, Depends(current_session)]


def session_cookie_ok(engine: Engine, token: str, settings: Settings) -> bool:
    """Whether the cookie's `token` names a valid session now (the request guard's check,
    before it reads a large body under /app/): the very check every page makes."""
    with Session(engine) as session:
        return (
            resolve_session(session=session, token=token, lifetimes=lifetimes(settings)) is not None
        )


def page_user(minimum: Perfil) -> Callable[[OpenSession], Usuario]:
    """A page for users of role `minimum` or above (403 page below it)."""

    def check(opened: SessionDep) -> Usuario:
        if opened.user.perfil.rank < minimum.rank:
            raise PermissionDenied(f"Esta página exige o perfil '{minimum.value}' ou superior.")
        return opened.user

    return check


async def _sent_csrf(request: Request) -> str | None:
    header = request.headers.get(CSRF_HEADER)
    if header is not None:
        return header
    form = await request.form()
    value = form.get(CSRF_FIELD)
    return value if isinstance(value, str) else None


def form_user(minimum: Perfil) -> Callable[[Request, OpenSession], Awaitable[Usuario]]:
    """A state-changing request: a valid session, its CSRF token, and role `minimum`."""

    async def check(request: Request, opened: SessionDep) -> Usuario:
        sent = await _sent_csrf(request)
        if sent is None or not secrets.compare_digest(sent, opened.csrf_token):
            raise PermissionDenied(CSRF_MESSAGE)
        if opened.user.perfil.rank < minimum.rank:
            raise PermissionDenied(f"Esta operação exige o perfil '{minimum.value}' ou superior.")
        return opened.user

    return check


LeitorPage = Annotated[Usuario, Depends(page_user(Perfil.leitor))]
RecrutadorPage = Annotated[Usuario, Depends(page_user(Perfil.recrutador))]
AdminPage = Annotated[Usuario, Depends(page_user(Perfil.admin))]
LeitorForm = Annotated[Usuario, Depends(form_user(Perfil.leitor))]
RecrutadorForm = Annotated[Usuario, Depends(form_user(Perfil.recrutador))]
AdminForm = Annotated[Usuario, Depends(form_user(Perfil.admin))]
