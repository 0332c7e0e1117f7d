"""/app/login and /app/logout: the session behind the pages."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from talentmatch.auditoria.models import AuditAction
from talentmatch.auditoria.service import record
from talentmatch.core.dependencies import SettingsDep
from talentmatch.core.errors import NotAuthenticated, PermissionDenied
from talentmatch.db.dependencies import AuthSessionDep
from talentmatch.usuarios import service as usuarios
from talentmatch.usuarios.sessions import close_session, open_session, resolve_session
from talentmatch.usuarios.throttle import ThrottlePolicy
from talentmatch.web import signing
from talentmatch.web.auth import (
    CSRF_MESSAGE,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    LeitorForm,
    cookie_options,
    lifetimes,
)
from talentmatch.web.templating import redirect, render

router = APIRouter(prefix="/app")


def _next(value: str | None) -> str:
    # Only a path of the app itself: never another site (an open redirect).
    if value and value.startswith("/app/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/app/"


def _login_form(
    request: Request, settings: SettingsDep, *, error: str | None, status: int, next_: str
) -> Response:
    token = signing.new_login_token(settings.jwt_secret)
    response = render(
        request,
        "login.html",
        {"login_token": token, "error": error, "next": next_},
        status_code=status,
    )
    response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=3600, **cookie_options(settings))  # type: ignore[arg-type]
    return response


@router.get("/login")
def login_page(
    request: Request, session: AuthSessionDep, settings: SettingsDep, next: str | None = None
) -> Response:
    """The login form (a logged-in browser goes on to the app)."""
    token = request.cookies.get(SESSION_COOKIE)
    if token and resolve_session(session=session, token=token, lifetimes=lifetimes(settings)):
        return redirect(request, _next(next))
    return _login_form(request, settings, error=None, status=200, next_=_next(next))


@router.post("/login")
def login(
    request: Request,
    session: AuthSessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=128)] = "",
    csrf_token: Annotated[str, Form(max_length=256)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/app/",
) -> Response:
    """Check the credentials (throttled as the API's login) and open a session."""
    if not signing.login_token_ok(
        request.cookies.get(LOGIN_CSRF_COOKIE), csrf_token, settings.jwt_secret
    ):
        raise PermissionDenied(CSRF_MESSAGE)
    if not username or not password:
        return _login_form(
            request, settings, error="Informe usuário e senha.", status=400, next_=_next(next)
        )
    policy = ThrottlePolicy(
        per_client=settings.login_max_failures_per_minute,
        per_username=settings.login_max_failures_per_username_per_minute,
    )
    try:
        user = usuarios.authenticate(
            session=session,
            username=username,
            password=password,
            client_ip=request.client.host if request.client else None,
            policy=policy,
        )
    except NotAuthenticated as exc:
        record(
            session,
            action=AuditAction.login_falhou,
            actor_username=username,
            details={"motivo": "credenciais", "via": "web"},
        )
        return _login_form(request, settings, error=exc.message, status=401, next_=_next(next))
    record(session, action=AuditAction.login_ok, actor=user, target=f"usuario:{user.id}")
    cookie = open_session(session=session, user=user, lifetimes=lifetimes(settings))
    response = redirect(request, _next(next))
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=settings.web_session_max_hours * 3600,
        **cookie_options(settings),  # type: ignore[arg-type]
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/app")
    return response


@router.post("/logout")
def logout(request: Request, session: AuthSessionDep, user: LeitorForm) -> Response:
    """End this browser's session (the user's other sessions and tokens stay)."""
    close_session(session=session, token=request.cookies.get(SESSION_COOKIE, ""))
    record(session, action=AuditAction.logout, actor=user, target=f"usuario:{user.id}")
    response = redirect(request, "/app/login", message="Você saiu do TalentMatch.")
    response.delete_cookie(SESSION_COOKIE, path="/app")
    return response
