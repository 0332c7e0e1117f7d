"""The server process: half-sent bodies pin no memory, slow clients time out, connections are
capped, and no header names the software."""

import socket
import time
from pathlib import Path

import httpx

from tests.conftest import PASSWORD
from tests.security.realserver import rss_bytes, running_server

NINE_MIB = 9 * 1024**2


def _half_sent(port: int, path: str, headers: str = "") -> socket.socket:
    """A connection that announced a 9 MiB body and sent 1 MiB of it."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(
        (
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {NINE_MIB}\r\n{headers}\r\n"
        ).encode()
        + b"[" * 1024**2
    )
    return sock


def _answer(sock: socket.socket) -> bytes:
    sock.settimeout(15)
    try:
        return sock.recv(4096)
    except (TimeoutError, ConnectionResetError):
        return b""


def test_half_sent_bodies_before_authentication_pin_no_memory(
    data_dir: Path, database_urls: tuple[str, str]
) -> None:
    with running_server(data_dir, database_urls) as (base, process):
        port = int(base.rsplit(":", 1)[1])
        before = rss_bytes(process.pid)
        targets = ["/health", "/api/v1/candidatos/create", "/api/v1/vagas/create"]
        socks = [_half_sent(port, targets[n % 3]) for n in range(40)]
        answers = [_answer(sock) for sock in socks]
        grown = rss_bytes(process.pid) - before
        for sock in socks:
            sock.close()
        # Each is refused at once (no body on /health; no token before a large body).
        assert all(answer.startswith((b"HTTP/1.1 413", b"HTTP/1.1 401")) for answer in answers)
        assert grown < 64 * 1024**2, grown  # was +344 MiB


def test_a_slow_body_times_out_and_a_connection_flood_is_capped(
    data_dir: Path, database_urls: tuple[str, str]
) -> None:
    env = {"BODY_READ_TIMEOUT_S": "1", "SERVER_MAX_CONNECTIONS": "6"}
    with running_server(data_dir, database_urls, **env) as (base, _process):
        port = int(base.rsplit(":", 1)[1])
        token = httpx.post(
            f"{base}/api/v1/usuarios/login", data={"username": "admin", "password": PASSWORD}
        ).json()["access_token"]
        slow = socket.create_connection(("127.0.0.1", port), timeout=10)
        slow.sendall(
            (
                "POST /api/v1/vagas/create HTTP/1.1\r\nHost: x\r\n"
                f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
                "Content-Length: 100\r\n\r\n{"
            ).encode()
        )
        started = time.monotonic()
        assert _answer(slow).startswith(b"HTTP/1.1 408")
        assert time.monotonic() - started < 10
        slow.close()

        # Idle connections beyond the cap: the next request is refused, not queued forever.
        idle = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(8)]
        for sock in idle:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # headers never finished
        time.sleep(0.5)
        refused = httpx.get(f"{base}/health", timeout=10)
        for sock in idle:
            sock.close()
        assert refused.status_code == 503


def test_no_server_header(data_dir: Path, database_urls: tuple[str, str]) -> None:
    with running_server(data_dir, database_urls) as (base, _process):
        response = httpx.get(f"{base}/health")
        assert response.status_code == 200
        assert "server" not in response.headers
