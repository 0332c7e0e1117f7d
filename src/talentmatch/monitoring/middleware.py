"""Per-request work around every endpoint: request id, Prometheus metrics, one access line.

Pure ASGI (no BaseHTTPMiddleware): it sees the response status on its way out, the route
that matched (set by the router in the shared scope), and exceptions that escape.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any, Final

from fastapi.routing import iter_route_contexts
from starlette.datastructures import MutableHeaders
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from talentmatch.core.config import Settings
from talentmatch.core.errors import DomainError
from talentmatch.core.logging import FIELDS, request_id_var, server_request_id_var
from talentmatch.core.security import decode_access_token, user_id_of
from talentmatch.monitoring.metrics import UNMATCHED_ROUTE, observe_request

REQUEST_ID_HEADER: Final[str] = "X-Request-ID"
# Ids from clients are kept only if short and plain: they go into logs verbatim.
_VALID_REQUEST_ID: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")

access_logger = logging.getLogger("talentmatch.access")


def client_request_id(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The client's X-Request-ID when it is acceptable, else None."""
    for name, value in headers:
        if name.lower() == b"x-request-id":
            candidate = value.decode("latin-1").strip()
            if _VALID_REQUEST_ID.match(candidate):
                return candidate
    return None


class RouteTemplates:
    """Full path templates (`/api/v1/x/{codigo}`) of the routes of an application.

    FastAPI keeps included routers whole: the route a request reaches knows only its path
    inside its router (`/x/{codigo}`). The full template comes from the route contexts
    FastAPI builds its OpenAPI paths from, indexed once by route.
    """

    def __init__(self) -> None:
        self._by_route: dict[int, list[Any]] | None = None

    def _index(self, routes: list[BaseRoute]) -> dict[int, list[Any]]:
        index: dict[int, list[Any]] = {}
        for context in iter_route_contexts(routes):
            index.setdefault(id(context.original_route), []).append(context)
        return index

    def template(self, scope: Scope) -> str:
        """The template of the route that answered, never the raw path."""
        route = scope.get("route")
        if route is None:
            return UNMATCHED_ROUTE
        if self._by_route is None:
            self._by_route = self._index(scope["app"].routes)
        contexts = self._by_route.get(id(route), [])
        # A router included twice has one context per prefix: the one the path matches.
        for context in contexts:
            regex = getattr(context, "path_regex", None)
            if len(contexts) == 1 or (regex is not None and regex.match(scope["path"])):
                return str(context.path_format)
        return str(getattr(route, "path_format", None) or UNMATCHED_ROUTE)


def user_id_from(headers: list[tuple[bytes, bytes]], settings: Settings) -> int | None:
    """The user id of a valid bearer token (its subject); None when there is none."""
    for name, value in headers:
        if name.lower() == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() != "bearer" or not token:
                return None
            try:
                claims = decode_access_token(
                    token.strip(), secret=settings.jwt_secret, algorithm=settings.jwt_algorithm
                )
            except DomainError:
                return None
            # "²" is a digit to str.isdigit() and no int: only plain ASCII ids are logged.
            return user_id_of(claims.subject, 2**63 - 1)
    return None


class RequestMonitoringMiddleware:
    """Request id in and out, metrics by route template, one JSON access line per request."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.routes = RouteTemplates()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
        server_request_id = uuid.uuid4().hex
        request_id = client_request_id(headers) or server_request_id
        # Not reset afterwards: each request runs in its own task (its own context); the
        # error handler inside this middleware logs with the id.
        request_id_var.set(request_id)
        server_request_id_var.set(server_request_id)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            # An unhandled exception was answered 500 by Starlette's error middleware (inside
            # this one) before it escapes here: `status` already says 500.
            seconds = time.perf_counter() - started
            method, route = str(scope.get("method", "")), self.routes.template(scope)
            observe_request(method, route, status, seconds)
            fields: dict[str, Any] = {
                "method": method,
                "route": route,
                "status": status,
                "duration_ms": round(seconds * 1000, 2),
                "user_id": user_id_from(headers, self.settings),
            }
            access_logger.info("request", extra={FIELDS: fields})
