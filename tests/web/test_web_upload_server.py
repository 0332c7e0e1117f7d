"""The upload on a real `talentmatch serve` process: a large body under /app/ without a valid
session cookie is refused at once (before its body arrives), and with one a file larger than
MAX_BODY_BYTES is streamed into raw/ (the guard does not buffer it)."""

import socket
from pathlib import Path

import httpx

from tests.conftest import PASSWORD
from tests.security.realserver import running_server
from tests.web.helpers import csrf_of

ANNOUNCED = 3 * 1024**2 // 2  # under MAX_BODY_BYTES below, far over 64 KiB


def _half_sent(port: int, path: str, cookie: str) -> bytes:
    """The answer to a request that announced 1.5 MiB and sent 512 KiB of it."""
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        sock.sendall(
            (
                f"POST {path} HTTP/1.1\r\nHost: x\r\nCookie: tm_session={cookie}\r\n"
                "Content-Type: multipart/form-data; boundary=b\r\n"
                f"Content-Length: {ANNOUNCED}\r\n\r\n"
            ).encode()
            + b"x" * 512 * 1024
        )
        try:
            return sock.recv(4096)
        except (TimeoutError, ConnectionResetError):
            return b""


def test_the_guard_refuses_a_forged_cookie_at_once_and_streams_a_real_sessions_upload(
    data_dir: Path, database_urls: tuple[str, str]
) -> None:
    env = {"ENV": "test", "MAX_BODY_BYTES": str(2 * 1024**2)}
    with running_server(data_dir, database_urls, **env) as (base, _process):
        port = int(base.rsplit(":", 1)[1])
        for path in ("/app/arquivos/enviar", "/app/arquivos/importar"):
            assert _half_sent(port, path, "forjado").startswith(b"HTTP/1.1 401"), path
        with httpx.Client(base_url=base, timeout=120) as browser:
            form = browser.get("/app/login")
            answer = browser.post(
                "/app/login",
                data={"username": "admin", "password": PASSWORD, "csrf_token": csrf_of(form.text)},
            )
            assert answer.status_code == 303, answer.text
            token = csrf_of(browser.get("/app/arquivos").text)
            # 5 MiB: over MAX_BODY_BYTES (2 MiB), which bounds the bodies the guard reads.
            content = b'{"1": "' + b"a" * (5 * 1024**2) + b'"}'
            answer = browser.post(
                "/app/arquivos/enviar",
                data={"csrf_token": token},
                files={"arquivo": ("vagas.json", content, "application/json")},
            )
            assert answer.status_code == 303, answer.text
        assert (data_dir / "storage" / "raw" / "vagas.json").read_bytes() == content
