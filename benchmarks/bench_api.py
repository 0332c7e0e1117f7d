"""Benchmark the API over real HTTP on loopback: a production server on full-size data.

    .venv/bin/python benchmarks/bench_api.py --files DIR [--data-dir DIR] [--requests 500]
        [--workers N]

Prepares a data folder once with the command line (migrations, import of the three files in
DIR, a trained match model, a user), starts `talentmatch serve` (ENV=production, one process
unless --workers says) on a free loopback port, and times requests sequentially with one
client: single predictions (median, p99), predictions of stored pairs, a 1,000-pair batch, and
the list/details reads. Reuse --data-dir to skip the preparation.
"""

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from talentmatch.features.schema import SEED_MATCH_EXAMPLE

BIN = Path(sys.executable).parent
PASSWORD = "bench-password-123"


def _env(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "ENV": "production",
        "DATA_DIR": str(data_dir),
        # Random-looking: a production server refuses a low-entropy secret.
        "JWT_SECRET": "bench-Qm7vT2xK9pLr4sWz8cYh3nBd6fGj1aEu5oVi0tRk",
        "LOGIN_MAX_FAILURES_PER_MINUTE": "1000",
    }


def _cli(data_dir: Path, *args: str) -> None:
    subprocess.run([str(BIN / "talentmatch"), *args], env=_env(data_dir), check=True)


def prepare(data_dir: Path, files: Path) -> None:
    """Migrate (always: the folder may predate a revision), then import, train and create a
    user unless the folder already holds them."""
    _cli(data_dir, "db", "upgrade")
    if (data_dir / "ready").exists():
        return
    _cli(data_dir, "import", str(files))
    truth = files / "ground_truth.json"
    _cli(data_dir, "train", "match", *(["--ground-truth", str(truth)] if truth.exists() else []))
    _cli(
        data_dir, "create-user", "--username", "bench", "--password", PASSWORD, "--perfil", "admin"
    )
    (data_dir / "ready").touch()


def login(client: Any) -> str:
    """Log the benchmark's user in on `client` (an httpx or test client): its requests then
    carry the bearer token, which is returned (for wrk)."""
    answer = client.post("/api/v1/usuarios/login", data={"username": "bench", "password": PASSWORD})
    token: str = answer.raise_for_status().json()["access_token"]
    client.headers["Authorization"] = f"Bearer {token}"
    return token


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(data_dir: Path, *, wait_s: float = 120, workers: int = 1) -> Iterator[str]:
    """A production server of `workers` processes on DATA_DIR, on a free loopback port: its
    base URL."""
    port = _free_port()
    command = ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(
        [str(BIN / "talentmatch"), *command],
        env={
            name: value
            for name, value in _env(data_dir).items()
            if name not in ("FIRST_ADMIN_USERNAME", "FIRST_ADMIN_PASSWORD")  # unset, not empty
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/ready").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"talentmatch serve did not answer /ready within {wait_s} s")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=60)


def timed(label: str, count: int, call: Callable[[int], httpx.Response]) -> None:
    """Run `call` `count` times; print median and p99 latency in milliseconds."""
    durations = []
    for index in range(count):
        started = time.perf_counter()
        response = call(index)
        durations.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    durations.sort()
    p99 = durations[min(len(durations) - 1, int(len(durations) * 0.99))]
    print(
        f"{label:<40} n={count:<5} median {statistics.median(durations):7.1f} ms"
        f"   p99 {p99:7.1f} ms"
    )


def measure(base: str, requests: int) -> None:
    """The timed requests against a running server."""
    with httpx.Client(base_url=base, timeout=120) as client:
        login(client)
        candidates = [
            row["codigo_profissional"]
            for row in client.get("/api/v1/candidatos/list", params={"limit": 1000}).json()["data"]
        ]
        vagas = [
            row["codigo_vaga"]
            for row in client.get("/api/v1/vagas/list", params={"limit": 1000}).json()["data"]
        ]
        rng = random.Random(7)
        pairs = [
            {"codigo_profissional": rng.choice(candidates), "codigo_vaga": rng.choice(vagas)}
            for _ in range(1000)
        ]
        predict = "/api/v1/inferencias/matchModel/predict"
        for _ in range(20):  # warm-up
            client.post(predict, json=SEED_MATCH_EXAMPLE)
        timed(
            "POST matchModel/predict (seed example)",
            requests,
            lambda i: client.post(predict, json=SEED_MATCH_EXAMPLE),
        )
        timed(
            "POST matchModel/predict?explain=true",
            requests // 5,
            lambda i: client.post(predict, params={"explain": "true"}, json=SEED_MATCH_EXAMPLE),
        )
        timed(
            "POST matchModel/predict-ids",
            requests,
            lambda i: client.post(
                "/api/v1/inferencias/matchModel/predict-ids", json=pairs[i % 1000]
            ),
        )
        timed(
            "POST matchModel/predict-batch (1,000)",
            5,
            lambda i: client.post(
                "/api/v1/inferencias/matchModel/predict-batch", json={"pairs": pairs}
            ),
        )
        timed(
            "GET candidatos/list (limit 100)",
            requests,
            lambda i: client.get("/api/v1/candidatos/list", params={"offset": i * 7}),
        )
        timed(
            "GET candidatos/details/{codigo}",
            requests,
            lambda i: client.get(f"/api/v1/candidatos/details/{candidates[i % len(candidates)]}"),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=Path, required=True, help="folder with the 3 files")
    parser.add_argument("--data-dir", type=Path, help="reused between runs when given")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--workers", type=int, default=1, help="server processes (default 1)")
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="bench-api-"))
    prepare(data_dir, args.files)
    with running_server(data_dir, workers=args.workers) as base:
        measure(base, args.requests)
    print(f"data folder: {data_dir}")


if __name__ == "__main__":
    main()
