"""`include_web(app)`: the web app's pages, static files and error pages on an application."""

from fastapi import APIRouter, FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from starlette.types import Scope

from talentmatch.web import (
    pages_audit,
    pages_auth,
    pages_board,
    pages_candidato_form,
    pages_candidatos,
    pages_files,
    pages_lgpd,
    pages_models,
    pages_upload,
    pages_users,
    pages_vaga_form,
    pages_vagas,
)
from talentmatch.web.errors import install_web_error_pages
from talentmatch.web.templating import HERE

STATIC_MAX_AGE_S = 3600

root_router = APIRouter()


@root_router.get("/", include_in_schema=False)
def root() -> RedirectResponse:
    """The service's root opens the web app."""
    return RedirectResponse("/app/", status_code=307)


@root_router.get("/app", include_in_schema=False)
@root_router.get("/app/", include_in_schema=False)
def home() -> RedirectResponse:
    """The app opens on the vagas (the login form first, when there is no session)."""
    return RedirectResponse("/app/vagas", status_code=303)


class CachedStaticFiles(StaticFiles):
    """Static files with a cache lifetime (they hold no personal data)."""

    def file_response(self, *args: object, **kwargs: object) -> Response:
        response = super().file_response(*args, **kwargs)  # type: ignore[arg-type]
        response.headers["Cache-Control"] = f"public, max-age={STATIC_MAX_AGE_S}"
        return response

    async def get_response(self, path: str, scope: Scope) -> Response:
        return await super().get_response(path, scope)


# Every router of the web app (tests/test_route_matrix.py checks each route's role). The
# forms' routers come before their list/detail routers: `/vagas/nova` is not a vaga's code.
ROUTERS: tuple[APIRouter, ...] = (
    root_router,
    pages_auth.router,
    pages_vaga_form.router,
    pages_vagas.router,
    pages_board.router,
    pages_candidato_form.router,
    pages_lgpd.router,
    pages_candidatos.router,
    pages_files.router,
    pages_upload.router,
    pages_audit.router,
    pages_users.router,
    pages_models.router,
)


def include_web(app: FastAPI) -> None:
    """Serve the web app under /app (and / redirecting to it); after the error handlers."""
    app.mount("/app/static", CachedStaticFiles(directory=HERE / "static"), name="web-static")
    for router in ROUTERS:
        app.include_router(router, include_in_schema=False)
    install_web_error_pages(app)
