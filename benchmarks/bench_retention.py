"""How long a first retention purge of a large prediction log takes, per batch size.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_retention.py [--rows 200000] \\
        [--batches 1000,5000,20000] [--url postgresql+psycopg://...]

Fills a fresh database (an SQLite file in a temporary folder unless --url names an empty
database; its tables are created from the models) with `--rows` predictions older than the
default retention and 1,000 recent ones, then purges with each batch size and prints the
rows per second and the longest single batch (the longest a writer waits behind the purge).
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine, insert
from sqlmodel import Session

from talentmatch.db.engines import make_engine
from talentmatch.db.types import utcnow
from talentmatch.features.prediction_log import PredictionLog
from talentmatch.features.retention import purge_prediction_log
from talentmatch.migrations.metadata import system_metadata


def fill(engine: Engine, rows: int) -> None:
    old = utcnow() - timedelta(days=400)
    row = {
        "model_kind": "match",
        "model_version": "v1",
        "source": "payload",
        "features": {"skill_coverage": 0.5, "area_match": 1.0},
        "probability": 0.5,
        "latency_ms": 1.0,
    }
    with engine.begin() as connection:
        for start in range(0, rows, 10_000):
            count = min(10_000, rows - start)
            connection.execute(
                insert(PredictionLog), [{**row, "created_at": old} for _ in range(count)]
            )
        connection.execute(insert(PredictionLog), [{**row, "created_at": utcnow()}] * 1000)


def purge_once(url: str, rows: int, batch: int) -> str:
    """Fill, purge with `batch`, and the figures in one line."""
    engine = make_engine(url)
    metadata = system_metadata()
    metadata.drop_all(engine)
    metadata.create_all(engine)
    fill(engine, rows)
    marks: list[float] = []
    started = time.perf_counter()
    with Session(engine) as session:
        deleted = purge_prediction_log(
            session,
            before=utcnow() - timedelta(days=180),
            batch_size=batch,
            after_batch=lambda _total: marks.append(time.perf_counter()),
        )
    elapsed = time.perf_counter() - started
    longest = max(b - a for a, b in itertools.pairwise([started, *marks]))
    metadata.drop_all(engine)
    engine.dispose()
    return (
        f"{engine.dialect.name} rows={deleted} batch={batch}: {elapsed:.2f} s, "
        f"{deleted / elapsed:,.0f} rows/s, longest batch {longest * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--batches", default="1000,5000,20000")
    parser.add_argument("--url", default=None)
    args = parser.parse_args()
    for batch in (int(value) for value in args.batches.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            url = args.url or f"sqlite:///{Path(folder) / 'system.db'}"
            print(purge_once(url, args.rows, batch))


if __name__ == "__main__":
    main()
