"""Benchmark predict-batch and predict-ids: median time over HTTP and SQL queries per call.

    .venv/bin/python benchmarks/bench_batch.py --files DIR [--data-dir DIR] [--repeat 7]

Prepares the data folder as bench_api.py does (migrations, import of the three files in DIR,
a trained match model, a user; reused with --data-dir), then:
- times `POST /inferencias/matchModel/predict-batch` with 1,000 stored pairs, sequentially,
  against `talentmatch serve` (ENV=production, one process) on loopback: median and p99 of
  the same pairs again (warm: their records in the feature cache), then the median of five
  calls each with 1,000 pairs no earlier call named (cold);
- counts the SQL statements one predict-batch of 10, 100 and 1,000 pairs and one
  predict-ids run, with a `before_cursor_execute` listener on the system engine of an app
  started in this process on the same folder (the count is the benchmark's, not the app's).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import _env, login, prepare, running_server

from talentmatch.app import create_app
from talentmatch.core.config import Settings

BATCH = "/api/v1/inferencias/matchModel/predict-batch"
IDS = "/api/v1/inferencias/matchModel/predict-ids"
COLD_CALLS = 5  # list pages 1-5: the 6,000 vagas of the benchmark's data set have six


def _pairs(client: httpx.Client | TestClient, count: int, *, page: int = 0) -> list[dict[str, int]]:
    """`count` pairs of the candidatos and vagas on list page `page` (1,000 of each a page)."""
    window = {"limit": 1000, "offset": 1000 * page}
    candidates = [
        row["codigo_profissional"]
        for row in client.get("/api/v1/candidatos/list", params=window).json()["data"]
    ]
    vagas = [
        row["codigo_vaga"] for row in client.get("/api/v1/vagas/list", params=window).json()["data"]
    ]
    rng = random.Random(7 + page)
    return [
        {"codigo_profissional": rng.choice(candidates), "codigo_vaga": rng.choice(vagas)}
        for _ in range(count)
    ]


def time_over_http(data_dir: Path, repeat: int) -> None:
    """Median and p99 of predict-batch (1,000 pairs) against a server process."""
    with running_server(data_dir) as base, httpx.Client(base_url=base, timeout=300) as client:
        login(client)
        pairs = _pairs(client, 1000)
        client.post(BATCH, json={"pairs": pairs}).raise_for_status()  # warm-up
        durations = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.post(BATCH, json={"pairs": pairs}).raise_for_status()
            durations.append(time.perf_counter() - started)
        durations.sort()
        p99 = durations[min(len(durations) - 1, int(len(durations) * 0.99))]
        print(
            f"POST predict-batch (1,000 pairs) over HTTP   n={repeat}  "
            f"median {statistics.median(durations):.3f} s   p99 {p99:.3f} s"
        )
        # Cold: each call's pairs come from list pages no earlier call read, so no side of them
        # is in the feature cache (the first call of a server, or a batch of new records).
        cold = []
        for page in range(1, COLD_CALLS + 1):
            fresh = _pairs(client, 1000, page=page)
            started = time.perf_counter()
            client.post(BATCH, json={"pairs": fresh}).raise_for_status()
            cold.append(time.perf_counter() - started)
        print(
            f"POST predict-batch (1,000 new pairs, cold)   n={COLD_CALLS}  "
            f"median {statistics.median(cold):.3f} s   max {max(cold):.3f} s"
        )


def count_queries(data_dir: Path) -> None:
    """SQL statements per predict-batch (10, 100, 1,000 pairs) and per predict-ids."""
    for name, value in _env(data_dir).items():
        os.environ.setdefault(name, value)
    os.environ["DATA_DIR"] = str(data_dir)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    with TestClient(create_app(settings)) as client:
        login(client)
        pairs = _pairs(client, 1000)
        event.listen(client.app.state.databases.system, "before_cursor_execute", count)  # type: ignore[attr-defined]
        for size in (10, 100, 1000):
            statements.clear()
            client.post(BATCH, json={"pairs": pairs[:size]}).raise_for_status()
            print(f"predict-batch of {size:>5} pairs: {len(statements)} SQL statements")
        statements.clear()
        client.post(IDS, json=pairs[0]).raise_for_status()
        print(f"predict-ids (one pair):        {len(statements)} SQL statements")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=Path, required=True, help="folder with the 3 files")
    parser.add_argument("--data-dir", type=Path, help="reused between runs when given")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="bench-batch-"))
    prepare(data_dir, args.files)
    time_over_http(data_dir, args.repeat)
    count_queries(data_dir)
    print(f"data folder: {data_dir}")


if __name__ == "__main__":
    main()
