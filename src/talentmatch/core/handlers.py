"""One mapping from errors to HTTP answers: `{"detail": ...}` with the right status."""

import logging

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from talentmatch.core.errors import DomainError, NotAuthenticated, TooManyRequests

logger = logging.getLogger(__name__)


async def domain_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    """A domain error's message and status."""
    assert isinstance(exc, DomainError)
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, NotAuthenticated) else None
    if isinstance(exc, TooManyRequests) and exc.retry_after is not None:
        headers = {"Retry-After": str(exc.retry_after)}
    return JSONResponse({"detail": exc.message}, status_code=exc.status_code, headers=headers)


async def validation_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    """400 with FastAPI's own `detail` list: the seed documents 400 for invalid data."""
    assert isinstance(exc, RequestValidationError)
    return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=400)


async def database_unavailable_handler(request: Request, exc: Exception) -> JSONResponse:
    """503 when a database cannot be reached or is locked past its timeout."""
    # No raw path in logs (it carries codes); the request id on the record ties it to the request.
    logger.error("database error on %s: %s", request.method, type(exc).__name__)
    return JSONResponse(
        {"detail": "Banco de dados indisponível no momento; tente novamente."}, status_code=503
    )


async def unexpected_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """500 without a stack trace for the client; the trace goes to the log."""
    logger.exception("unhandled error on %s", request.method, exc_info=exc)
    return JSONResponse({"detail": "Erro interno do servidor."}, status_code=500)


async def database_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """503 when the driver says the connection died under the query; 500 otherwise."""
    assert isinstance(exc, DBAPIError)
    if exc.connection_invalidated:
        return await database_unavailable_handler(request, exc)
    return await unexpected_error_handler(request, exc)


async def integrity_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """409 when a write collides with another (a duplicate written at the same time)."""
    logger.warning("integrity error on %s: %s", request.method, type(exc).__name__)
    return JSONResponse(
        {"detail": "Conflito: o registro já existe ou foi alterado ao mesmo tempo."},
        status_code=409,
    )


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on `app`."""
    app.add_exception_handler(DomainError, domain_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    # OperationalError: unreachable, refused, locked past busy_timeout, connection cut;
    # InterfaceError: a connection already closed; PoolTimeout: no pooled connection freed up.
    app.add_exception_handler(OperationalError, database_unavailable_handler)
    app.add_exception_handler(InterfaceError, database_unavailable_handler)
    app.add_exception_handler(PoolTimeout, database_unavailable_handler)
    app.add_exception_handler(IntegrityError, integrity_error_handler)
    app.add_exception_handler(DBAPIError, database_error_handler)
    app.add_exception_handler(Exception, unexpected_error_handler)
