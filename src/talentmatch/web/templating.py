"""Rendering a page: the templates, the base layout's context (user, navigation, flash)."""

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from talentmatch.candidatos.masking import minimise
from talentmatch.core.config import Settings
from talentmatch.usuarios.models import Perfil, Usuario
from talentmatch.usuarios.sessions import OpenSession
from talentmatch.web import signing

HERE = Path(__file__).parent
STATIC = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")


@cache
def static_url(name: str) -> str:
    """`/app/static/<name>` with its content's hash: a deploy that changes a file changes its
    URL, so no browser keeps the old one from its cache. Hashed once per file and process."""
    digest = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:12]
    return f"/app/static/{name}?v={digest}"


templates.env.globals["static_url"] = static_url
FLASH_COOKIE = "tm_flash"

# (label, path, minimum role): the navigation a user sees is what the role may open.
NAVIGATION: tuple[tuple[str, str, Perfil], ...] = (
    ("Vagas", "/app/vagas", Perfil.leitor),
    ("Candidatos", "/app/candidatos", Perfil.leitor),
    ("Modelos", "/app/modelos", Perfil.leitor),
    ("Drift", "/app/drift", Perfil.leitor),
    ("Arquivos e tarefas", "/app/arquivos", Perfil.admin),
    ("Usuários", "/app/usuarios", Perfil.admin),
    ("Auditoria", "/app/auditoria", Perfil.admin),
)
PERFIL_LABELS = {Perfil.leitor: "Leitor", Perfil.recrutador: "Recrutador", Perfil.admin: "Admin"}


def shown(value: Any, user: Usuario) -> Any:
    """`value` (JSON data) as the user's role may see it: the API's minimisation, the same
    function its middleware applies to every answer."""
    return minimise(value, rank=user.perfil.rank)


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> Response:
    """The page `name` with the layout's context; a pending flash message is shown once."""
    settings: Settings = request.app.state.settings
    opened: OpenSession | None = getattr(request.state, "web_session", None)
    user = opened.user if opened else None
    flash = signing.load_flash(request.cookies.get(FLASH_COOKIE), settings.jwt_secret)
    values: dict[str, Any] = {
        "user": user,
        "perfil": PERFIL_LABELS.get(user.perfil) if user else None,
        "csrf_token": opened.csrf_token if opened else None,
        "nav": [
            (label, path)
            for label, path, minimum in NAVIGATION
            if user is not None and user.perfil.rank >= minimum.rank
        ],
        "can_write": user is not None and user.perfil.rank >= Perfil.recrutador.rank,
        "is_admin": user is not None and user.perfil == Perfil.admin,
        "flash": flash,
        "path": request.url.path,
        **(context or {}),
    }
    response = templates.TemplateResponse(request, name, values, status_code=status_code)
    if flash is not None:
        response.delete_cookie(FLASH_COOKIE, path="/app")
    return response


def redirect(
    request: Request, url: str, *, message: str | None = None, kind: str = "ok"
) -> RedirectResponse:
    """303 to `url`, with a flash message for the next page."""
    response = RedirectResponse(url, status_code=303)
    if message:
        settings: Settings = request.app.state.settings
        response.set_cookie(
            FLASH_COOKIE,
            signing.dump_flash(message, kind, settings.jwt_secret),
            max_age=120,
            httponly=True,
            samesite="lax",
            secure=settings.env == "production",
            path="/app",
        )
    return response
