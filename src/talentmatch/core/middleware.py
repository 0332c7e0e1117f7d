"""HTTP hardening around every request: security headers, body size limit, NUL characters.

Pure ASGI (no BaseHTTPMiddleware). `SecurityHeadersMiddleware` wraps the whole stack, the
server-error handler included, so that a 500 carries the headers as well; `RequestGuardMiddleware`
reads the body once (it is read whole by FastAPI anyway), answers 413 above the limit whether
or not the client sent a Content-Length, and 400 for a NUL character anywhere in a client's
text: PostgreSQL cannot store one ("A string literal cannot contain NUL"), and no field of
the API needs one.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable, Iterable
from typing import Final
from urllib.parse import urlsplit, urlunsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_PREFIX: Final = "/api/v1"
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
WEB_PREFIX: Final = "/app"
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


def is_web_path(path: str) -> bool:
    """Whether `path` is the web app's (or the root, which redirects to it)."""
    return path in ("/", WEB_PREFIX) or path.startswith(WEB_PREFIX + "/")


# `\u0000` in a JSON text, unless its backslash is itself escaped (`\\u0000` is six characters).
_JSON_NUL: Final = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


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


async def _send_json(send: Send, status: int, content: object, *, close: bool = False) -> None:
    body = json.dumps(content, ensure_ascii=False).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if close:  # the unread body must not be taken for the next request
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def too_large_detail(max_body_bytes: int) -> str:
    """The 413 message."""
    return (
        f"Corpo da requisição maior que o limite de {max_body_bytes} bytes "
        f"({max_body_bytes / 1024**2:.1f} MiB)."
    )


NUL_MESSAGE: Final = "Texto com caractere NUL (\\u0000) não é aceito."


def has_nul(scope: Scope, body: bytes) -> str | None:
    """Where a NUL character is in the request (`path`, `query`, `body`), or None."""
    if "\x00" in scope["path"]:
        return "path"
    query: bytes = scope.get("query_string", b"")
    if b"%00" in query or b"\x00" in query:
        return "query"
    if not body:
        return None
    content_type = b""
    for name, value in scope["headers"]:
        if name.lower() == b"content-type":
            content_type = value.lower()
    if b"x-www-form-urlencoded" in content_type:
        found = b"%00" in body or b"\x00" in body
    elif b"multipart/" in content_type:
        found = b"\x00" in body  # the API takes no file uploads
    else:
        found = _JSON_NUL.search(body) is not None
    return "body" if found else None


# Methods whose requests carry no body here, and the only routes outside /api/v1 that take one
# (none): a body sent to them is refused before a byte of it is read.
BODYLESS_METHODS: Final = frozenset({"GET", "HEAD", "DELETE", "OPTIONS"})
NO_BODY_MESSAGE: Final = "Esta rota não recebe corpo na requisição."
# A stray small body there (a client that always sends `{}`) is ignored, not refused.
NO_BODY_TOLERANCE: Final = 1024
LOGIN_PATH: Final = API_PREFIX + "/usuarios/login"
TIMEOUT_MESSAGE: Final = "Corpo da requisição não chegou a tempo."


def _header(scope: Scope, wanted: bytes) -> bytes | None:
    for name, value in scope["headers"]:
        if name.lower() == wanted:
            return bytes(value)
    return None


# As the importer (decision.splitter.MAX_DEPTH): a body nested deeper is refused before it is
# parsed (a record 800 levels deep was stored, then its details answered 500).
MAX_JSON_DEPTH: Final = 64
DEPTH_MESSAGE: Final = f"JSON aninhado além de {MAX_JSON_DEPTH} níveis não é aceito."
_JSON_STRING: Final = re.compile(rb'"(?:[^"\\]|\\.)*"')
_INNERMOST: Final = re.compile(rb"\[\]|\{\}")
_NOT_BRACKETS: Final = bytes(set(range(256)) - set(b"[]{}"))


def too_deep(body: bytes) -> bool:
    """Whether the JSON text `body` nests arrays/objects deeper than MAX_JSON_DEPTH.

    Strings are removed, then everything but brackets, then the innermost pairs once per
    level allowed: C-speed passes, no parsing, no recursion. A malformed text is left to
    the parser (False when unsure)."""
    if body.count(b"[") + body.count(b"{") <= MAX_JSON_DEPTH:
        return False
    brackets = _JSON_STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    for _ in range(MAX_JSON_DEPTH):
        reduced = _INNERMOST.sub(b"", brackets)
        if not reduced or reduced == brackets:
            return False
        brackets = reduced
    return bool(brackets) and _INNERMOST.search(brackets) is not None


class RequestGuardMiddleware:
    """Before the app reads a byte of a body: 413 for a body a route does not take (GET,
    DELETE, anything outside /api/v1) or one over `max_body_bytes`; 401 for a body over
    `auth_threshold` without a valid bearer token (only signature and expiry: no database).
    While reading: 408 when the whole body has not arrived `read_timeout_s` after the start.
    Then 400 for a NUL character in an /api/v1 request."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        read_timeout_s: float = 30,
        auth_threshold: int | None = None,
        token_ok: Callable[[str], bool] | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.read_timeout_s = read_timeout_s
        self.auth_threshold = auth_threshold
        self.token_ok = token_ok

    def _refusal(self, scope: Scope) -> tuple[int, str] | None:
        declared = self._content_length(scope)
        chunked = b"chunked" in (_header(scope, b"transfer-encoding") or b"").lower()
        has_body = chunked or (declared is not None and declared > 0)
        path: str = scope["path"]
        # The web app's forms post bodies too (outside /api/v1).
        in_api = path == API_PREFIX or path.startswith(API_PREFIX + "/") or is_web_path(path)
        beyond_tolerance = chunked or (declared or 0) > NO_BODY_TOLERANCE
        if beyond_tolerance and (scope.get("method") in BODYLESS_METHODS or not in_api):
            return 413, NO_BODY_MESSAGE
        if declared is not None and declared > self.max_body_bytes:
            return 413, too_large_detail(self.max_body_bytes)
        large = chunked or (declared or 0) > (self.auth_threshold or 0)
        if (
            has_body
            and large
            and self.auth_threshold is not None
            and self.token_ok is not None
            and path != LOGIN_PATH
        ):
            scheme, _, token = (
                (_header(scope, b"authorization") or b"").decode("latin-1").partition(" ")
            )
            if scheme.lower() != "bearer" or not self.token_ok(token.strip()):
                return 401, "Não autenticado: envie um token Bearer válido antes do corpo."
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await _send_json(send, refusal[0], {"detail": refusal[1]}, close=True)
            return
        chunks: list[bytes] = []
        size = 0
        disconnected: Message | None = None
        deadline = time.monotonic() + self.read_timeout_s
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                await _send_json(send, 408, {"detail": TIMEOUT_MESSAGE}, close=True)
                return
            if message["type"] != "http.request":
                disconnected = message
                break
            chunk: bytes = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:  # no Content-Length, or a client that lied
                await _send_json(send, 413, {"detail": too_large_detail(self.max_body_bytes)})
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        path: str = scope["path"]
        if is_web_path(path) and has_nul(scope, body) is not None:
            await _send_json(send, 400, {"detail": NUL_MESSAGE})
            return
        if path == API_PREFIX or path.startswith(API_PREFIX + "/"):
            if too_deep(body):
                error = {"loc": ["body"], "msg": DEPTH_MESSAGE, "type": "json_too_deep"}
                await _send_json(send, 400, {"detail": [error]})
                return
            where = has_nul(scope, body)
            if where is not None:
                # The shape of a validation error's answer, so that clients parse one format.
                error = {"loc": [where], "msg": NUL_MESSAGE, "type": "string_nul_character"}
                await _send_json(send, 400, {"detail": [error]})
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if disconnected is not None:
                return disconnected
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    @staticmethod
    def _content_length(scope: Scope) -> int | None:
        value = _header(scope, b"content-length")
        try:
            return None if value is None else int(value)
        except ValueError:
            return None
