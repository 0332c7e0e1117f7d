"""HTTP hardening around every request: security headers, body size limit, NUL characters.

Pure ASGI (no BaseHTTPMiddleware). `SecurityHeadersMiddleware` wraps the whole stack, the
server-error handler included, so that a 500 carries the headers as well. The body limits
(`RequestGuardMiddleware`) are in `core.body_guard`, re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final
from urllib.parse import urlsplit, urlunsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from talentmatch.core.body_guard import API_PREFIX, RequestGuardMiddleware, is_web_path

DOCS_PATHS: Final = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})

# A JSON API answers data, never a page: nothing may load, frame or submit anything.
API_CSP: Final = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# What FastAPI's get_swagger_ui_html / get_redoc_html load: Swagger UI and ReDoc from jsDelivr,
# FastAPI's favicon, ReDoc's Google fonts; an inline script starts each (and ReDoc a worker).
DOCS_CSP: Final = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net",
        "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com",
        "font-src https://fonts.gstatic.com",
        "img-src 'self' data: https://fastapi.tiangolo.com",
        "connect-src 'self'",
        "worker-src blob:",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    )
)
# The web app (/app): its own scripts, styles and images only; no inline script or style.
WEB_STATIC_PREFIX: Final = "/app/static/"
WEB_CSP: Final = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)
HSTS: Final = "max-age=63072000; includeSubDomains"


class SecurityHeadersMiddleware:
    """Adds the security headers to every answer (those an endpoint set are kept)."""

    def __init__(self, app: ASGIApp, *, production: bool, docs: bool) -> None:
        self.app = app
        self.production = production
        self.docs_paths = DOCS_PATHS if docs else frozenset()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        added = list(self._headers(path))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                location = headers.get("location")
                if location and "://" in location:
                    # Starlette's trailing-slash redirect builds the URL from the Host header:
                    # send only the path, so that no client steers another elsewhere.
                    parts = urlsplit(location)
                    headers["location"] = urlunsplit(("", "", parts.path, parts.query, ""))
                for name, value in added:
                    if name == "Cache-Control" or name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _headers(self, path: str) -> Iterable[tuple[str, str]]:
        yield "X-Content-Type-Options", "nosniff"
        yield "X-Frame-Options", "DENY"
        yield "Referrer-Policy", "no-referrer"
        web = is_web_path(path)
        csp = WEB_CSP if web else DOCS_CSP if path in self.docs_paths else API_CSP
        yield "Content-Security-Policy", csp
        if self.production:
            yield "Strict-Transport-Security", HSTS
        if (
            path == API_PREFIX
            or path.startswith(API_PREFIX + "/")
            or (web and not path.startswith(WEB_STATIC_PREFIX))
        ):
            # Answers carry personal data: no browser or proxy may keep them.
            yield "Cache-Control", "no-store"


__all__ = ["RequestGuardMiddleware", "SecurityHeadersMiddleware", "is_web_path"]
