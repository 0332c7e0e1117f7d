"""`RequestGuardMiddleware`: the body limits of every request, before the app reads a byte.

It reads the body once (it is read whole by FastAPI anyway), answers 413 above the limit
whether or not the client sent a Content-Length, and 400 for a NUL character anywhere in a
client's text: PostgreSQL cannot store one ("A string literal cannot contain NUL"), and no
field of the API needs one. Streamed paths (the web app's upload) pass through as they arrive.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable, Mapping
from typing import Final

import anyio.to_thread
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_PREFIX: Final = "/api/v1"
WEB_PREFIX: Final = "/app"


def is_web_path(path: str) -> bool:
    """Whether `path` is the web app's (or the root, which redirects to it)."""
    return path in ("/", WEB_PREFIX) or path.startswith(WEB_PREFIX + "/")


# `\u0000` in a JSON text, unless its backslash is itself escaped (`\\u0000` is six characters).
_JSON_NUL: Final = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


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
UNAUTHENTICATED_BODY_MESSAGE: Final = (
    "Não autenticado: envie um token Bearer válido (ou, em /app, o cookie de uma sessão "
    "válida) antes do corpo."
)


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
    DELETE, anything outside /api/v1 and /app) or one over `max_body_bytes`; 401 for a body
    over `auth_threshold` without a valid bearer token (only signature and expiry: no
    database) or, under /app/, a valid web session cookie (`session_ok`, one indexed lookup
    in a worker thread). While reading: 408 when the whole body has not arrived
    `read_timeout_s` after the start. Then 400 for a NUL character in an /api/v1 request.

    `streamed` paths (POST; path -> largest body) are not read here: their body reaches the
    app as it arrives (an upload to the store), counted against their own limit (413 in place
    of the app's answer beyond it), each part due within `read_timeout_s` of the previous."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        read_timeout_s: float = 30,
        auth_threshold: int | None = None,
        token_ok: Callable[[str], bool] | None = None,
        session_ok: Callable[[str], bool] | None = None,
        session_cookie: str = "tm_session",
        streamed: Mapping[str, int] | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.read_timeout_s = read_timeout_s
        self.auth_threshold = auth_threshold
        self.token_ok = token_ok
        self.session_ok = session_ok
        self.session_cookie = session_cookie
        self.streamed = dict(streamed or {})

    def _limit(self, scope: Scope) -> int:
        if scope.get("method") == "POST":
            return self.streamed.get(scope["path"], self.max_body_bytes)
        return self.max_body_bytes

    def _bearer_ok(self, scope: Scope) -> bool:
        scheme, _, token = (
            (_header(scope, b"authorization") or b"").decode("latin-1").partition(" ")
        )
        return (
            self.token_ok is not None
            and scheme.lower() == "bearer"
            and self.token_ok(token.strip())
        )

    async def _session_cookie_ok(self, scope: Scope) -> bool:
        path: str = scope["path"]
        if self.session_ok is None or not path.startswith(WEB_PREFIX + "/"):
            return False
        cookie = cookie_parser((_header(scope, b"cookie") or b"").decode("latin-1"))
        token = cookie.get(self.session_cookie, "")
        if not token or len(token) > 128:
            return False
        return await anyio.to_thread.run_sync(self.session_ok, token)

    async def _refusal(self, scope: Scope) -> tuple[int, str] | None:
        declared = self._content_length(scope)
        chunked = b"chunked" in (_header(scope, b"transfer-encoding") or b"").lower()
        has_body = chunked or (declared is not None and declared > 0)
        path: str = scope["path"]
        # The web app's forms post bodies too (outside /api/v1).
        in_api = path == API_PREFIX or path.startswith(API_PREFIX + "/") or is_web_path(path)
        beyond_tolerance = chunked or (declared or 0) > NO_BODY_TOLERANCE
        if beyond_tolerance and (scope.get("method") in BODYLESS_METHODS or not in_api):
            return 413, NO_BODY_MESSAGE
        limit = self._limit(scope)
        if declared is not None and declared > limit:
            return 413, too_large_detail(limit)
        large = chunked or (declared or 0) > (self.auth_threshold or 0)
        if (
            has_body
            and large
            and self.auth_threshold is not None
            and self.token_ok is not None
            and path != LOGIN_PATH
            and not self._bearer_ok(scope)
            and not await self._session_cookie_ok(scope)
        ):
            return 401, UNAUTHENTICATED_BODY_MESSAGE
        return None

    async def _pass_streamed(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = self._limit(scope)
        size = 0
        body_done = False
        refusal: tuple[int, str] | None = None

        async def counted() -> Message:
            nonlocal size, body_done, refusal
            if refusal is not None:
                return {"type": "http.disconnect"}
            if body_done:
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.read_timeout_s)
            except TimeoutError:
                refusal = 408, TIMEOUT_MESSAGE
                return {"type": "http.disconnect"}
            if message["type"] == "http.request":
                size += len(message.get("body", b""))
                if size > limit:  # no Content-Length, or a client that lied
                    refusal = 413, too_large_detail(limit)
                    return {"type": "http.disconnect"}
                body_done = not message.get("more_body", False)
            return message

        started = False

        async def answer(message: Message) -> None:
            nonlocal started
            if refusal is not None and not started:
                return  # the guard answers in place of the app
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counted, answer)
        if refusal is not None and not started:
            await _send_json(send, refusal[0], {"detail": refusal[1]}, close=True)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = await self._refusal(scope)
        if refusal is not None:
            await _send_json(send, refusal[0], {"detail": refusal[1]}, close=True)
            return
        if scope.get("method") == "POST" and scope["path"] in self.streamed:
            await self._pass_streamed(scope, receive, send)
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
