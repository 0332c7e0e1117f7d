"""Error answers of the web app: a page in Portuguese for 403/404/409/500..., the login form
for an ended session. Outside /app the API's handlers answer as before."""

import logging
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from talentmatch.core.errors import DomainError
from talentmatch.web.auth import LoginRequired
from talentmatch.web.templating import redirect, render

logger = logging.getLogger(__name__)
Handler = Callable[[Request, Exception], Awaitable[Response]]

TITLES = {
    400: "Dados inválidos",
    401: "Não autenticado",
    403: "Acesso negado",
    404: "Página não encontrada",
    405: "Método não permitido",
    409: "Conflito",
    413: "Envio grande demais",
    429: "Muitas tentativas",
    500: "Erro interno",
    503: "Serviço indisponível",
}
MESSAGES = {
    404: "A página ou o registro pedido não existe.",
    405: "Esta ação não é aceita neste endereço.",
    500: "Erro interno do servidor. Tente novamente; se persistir, avise o administrador.",
}


def is_web(request: Request) -> bool:
    """Whether the request is for a page of the web app."""
    path = request.url.path
    return path == "/app" or path.startswith("/app/")


def error_page(
    request: Request, status: int, message: str | None = None, *, back: str | None = None
) -> Response:
    """The error page for `status`."""
    return render(
        request,
        "error.html",
        {
            "status": status,
            "title": TITLES.get(status, "Erro"),
            "message": message or MESSAGES.get(status, "Não foi possível concluir o pedido."),
            "back": back,
        },
        status_code=status,
    )


def _web_answer(request: Request, exc: Exception) -> Response:
    if isinstance(exc, LoginRequired):
        target = request.url.path if request.method == "GET" else "/app/"
        return redirect(
            request, f"/app/login?next={quote(target)}", message=exc.message, kind="erro"
        )
    if isinstance(exc, DomainError):
        return error_page(request, exc.status_code, exc.message)
    if isinstance(exc, StarletteHTTPException):
        return error_page(request, exc.status_code)
    if isinstance(exc, RequestValidationError):
        return error_page(request, 400, "Algum campo do pedido está ausente ou inválido.")
    if isinstance(exc, IntegrityError):
        return error_page(request, 409, "O registro foi alterado ao mesmo tempo; recarregue.")
    logger.exception("unhandled error on a web page (%s)", request.method, exc_info=exc)
    return error_page(request, 500)


def install_web_error_pages(app: FastAPI) -> None:
    """Wrap the application's handlers: /app answers pages, other paths as before."""
    for kind in (
        DomainError,
        StarletteHTTPException,
        RequestValidationError,
        IntegrityError,
        Exception,
    ):
        previous: Handler | None = app.exception_handlers.get(kind)  # type: ignore[assignment]
        fallback: Handler = previous or http_exception_handler  # type: ignore[assignment]

        def make(fallback: Handler) -> Handler:
            async def handler(request: Request, exc: Exception) -> Response:
                if is_web(request):
                    return _web_answer(request, exc)
                return await fallback(request, exc)

            return handler

        app.add_exception_handler(kind, make(fallback))
