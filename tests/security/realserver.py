"""`talentmatch serve` as its own process on this test's databases (for server-level items)."""

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_bytes(pid: int) -> int:
    """The resident memory of process `pid`."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


@contextmanager
def running_server(
    data_dir: Path, database_urls: tuple[str, str], **env: str
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The base URL and process of a production server; stopped afterwards."""
    port = free_port()
    values = {
        **os.environ,
        "ENV": "production",
        "DATA_DIR": str(data_dir),
        "JWT_SECRET": secrets.token_urlsafe(48),
        "AUTH_DATABASE_URL": database_urls[0],
        "SYSTEM_DATABASE_URL": database_urls[1],
        "LOG_LEVEL": "WARNING",
        # One server is the whole deployment here: it runs its jobs, on PostgreSQL too (where
        # production's default leaves them to `talentmatch worker` processes).
        "JOBS_IN_PROCESS": "true",
        **env,
    }
    log = data_dir / "server.log"
    with log.open("ab") as out:
        process = subprocess.Popen(
            [str(BIN / "talentmatch"), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=values,
            cwd=data_dir,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, log.read_text()[-3000:]
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.1)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
