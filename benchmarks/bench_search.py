"""Benchmark the full-text search routes over real HTTP on loopback, on full-size data.

    .venv/bin/python benchmarks/bench_search.py [--files DIR] [--data-dir DIR] [--requests 200]
    bin/with-postgres sh -c '.venv/bin/python benchmarks/bench_search.py \
        --system-database-url "${TEST_POSTGRES_URL}"'     # the same on PostgreSQL

Generates the three files at the real data's sizes (42,482 candidatos, 14,081 vagas, 53,759
prospects) unless --files is given, prepares a data folder once (migrations, import, a user),
starts a production server (one process) and times sequential searches with one client:
a skill, a name, a city filter with words, a rare résumé word, a filter alone, and vagas by
words and by pipeline status. Prints each query's total, median and p95 in milliseconds.
"""

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bench_api
from benchmarks.bench_api import BIN, PASSWORD, _cli, _free_port

# bench_api's fixed JWT secret is refused in production now (too little randomness), and so is
# its empty FIRST_ADMIN_PASSWORD: the same environment with a random secret, no first admin.
_SECRET = secrets.token_urlsafe(48)
_bench_env = bench_api._env


def _env(data_dir: Path) -> dict[str, str]:
    env = {**_bench_env(data_dir), "JWT_SECRET": _SECRET}
    for name in ("FIRST_ADMIN_USERNAME", "FIRST_ADMIN_PASSWORD"):
        env.pop(name, None)
    return env


bench_api._env = _env


@contextmanager
def running_server(data_dir: Path, *, wait_s: float = 300) -> Iterator[str]:
    """A production server (one process) on DATA_DIR, on a free loopback port: its base URL."""
    port = _free_port()
    server = subprocess.Popen(
        [str(BIN / "talentmatch"), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=_env(data_dir),
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if httpx.get(f"{base}/ready").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=60)


def prepare(data_dir: Path, files: Path) -> None:
    _cli(data_dir, "db", "upgrade")
    if (data_dir / "ready-search").exists():
        return
    started = time.perf_counter()
    _cli(data_dir, "import", str(files))
    print(f"import of the three files: {time.perf_counter() - started:.1f} s")
    _cli(
        data_dir, "create-user", "--username", "bench", "--password", PASSWORD, "--perfil", "admin"
    )
    (data_dir / "ready-search").touch()


def timed(client: httpx.Client, label: str, path: str, params: dict, count: int) -> None:
    durations = []
    total = 0
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(path, params=params)
        durations.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
        total = response.json()["total"]
    durations.sort()
    p95 = durations[min(len(durations) - 1, int(len(durations) * 0.95))]
    print(
        f"{label:<46} total {total:>6}  median {statistics.median(durations):7.1f} ms"
        f"   p95 {p95:7.1f} ms"
    )


def rare_resume_word(client: httpx.Client) -> str:
    """A long word of some résumé that few candidates have (found through the API)."""
    page = client.get("/api/v1/candidatos/list", params={"offset": 777, "limit": 20}).json()
    best, best_total = "kubernetes", 10**9
    for row in page["data"]:
        details = client.get(f"/api/v1/candidatos/details/{row['codigo_profissional']}").json()
        cv = details.get("curriculos", {}).get("cv_pt") or ""
        long_words = {w.strip(".,;:()") for w in cv.split() if len(w) >= 9 and w.isalpha()}
        for word in sorted(long_words)[:5]:
            total = client.get("/api/v1/candidatos/search", params={"q": word}).json()["total"]
            if 0 < total < best_total:
                best, best_total = word, total
        if best_total <= 20:
            break
    return best


def measure(base: str, requests: int) -> None:
    with httpx.Client(base_url=base, timeout=120) as client:
        token = client.post(
            "/api/v1/usuarios/login", data={"username": "bench", "password": PASSWORD}
        ).json()["access_token"]
        client.headers["Authorization"] = f"Bearer {token}"
        first = client.get("/api/v1/candidatos/list", params={"offset": 1234, "limit": 1}).json()
        name = (first["data"][0].get("nome") or "silva").split()[-1]
        cands, vagas = "/api/v1/candidatos/search", "/api/v1/vagas/search"
        rare = rare_resume_word(client)
        queries = [
            ("candidatos: skill 'java'", cands, {"q": "java"}),
            ("candidatos: skill 'sap abap'", cands, {"q": "sap abap"}),
            (f"candidatos: name '{name}'", cands, {"q": name}),
            ("candidatos: 'python' + cidade", cands, {"q": "python", "cidade": "São Paulo"}),
            (f"candidatos: rare résumé word '{rare[:20]}'", cands, {"q": rare}),
            ("candidatos: nivel_ingles Fluente (no words)", cands, {"nivel_ingles": "Fluente"}),
            ("vagas: 'desenvolvedor'", vagas, {"q": "desenvolvedor"}),
            ("vagas: status (no words)", vagas, {"status": "Contratado pela Decision"}),
        ]  # fmt: skip
        for label, path, params in queries:
            timed(client, label, path, params, requests)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=Path, help="folder with the 3 files (else generated)")
    parser.add_argument("--data-dir", type=Path, help="reused between runs when given")
    parser.add_argument("--system-database-url", help="else a SQLite file in the data folder")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    if args.system_database_url:
        os.environ["SYSTEM_DATABASE_URL"] = args.system_database_url
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="bench-search-"))
    files = args.files
    if files is None:
        from talentmatch.generator import generate_dataset

        files = data_dir / "files"
        if not (files / "prospects.json").exists():
            started = time.perf_counter()
            generate_dataset(files)
            print(f"generated full-size files in {time.perf_counter() - started:.1f} s")
    prepare(data_dir, files)
    with running_server(data_dir) as base:
        measure(base, args.requests)
    print(f"data folder: {data_dir}")


if __name__ == "__main__":
    main()
