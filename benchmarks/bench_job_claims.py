"""Claims of the job queue: latency of one claim and jobs/s with several workers at once.

Queues N empty jobs, then W threads (each its own worker identity and connection, as W
worker processes would be) claim and finish them until the queue is empty; prints the
median and p99 claim latency, jobs/s, and checks that no job was claimed twice.

    PYTHONPATH=$PWD/src .venv/bin/python benchmarks/bench_job_claims.py            # SQLite file
    PYTHONPATH=$PWD/src bin/with-postgres sh -c \
        '.venv/bin/python benchmarks/bench_job_claims.py --url "$TEST_POSTGRES_URL"'
"""

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from talentmatch.db.engines import make_engine
from talentmatch.db.migrate import alembic_config
from talentmatch.jobs import claims, service
from talentmatch.jobs.models import Job, JobKind, JobStatus


def database(url: str | None, folder: Path) -> str:
    if url is None:
        return f"sqlite:///{folder / 'bench-system.db'}"
    admin = make_engine(url)
    name = f"bench_claims_{int(time.time())}"
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", help="a PostgreSQL server URL (default: a SQLite file)")
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = database(args.url, Path(folder))
        command.upgrade(alembic_config("system", url), "head")
        engine = make_engine(url)
        with Session(engine) as session:
            for _ in range(args.jobs):
                session.add(
                    Job(id=service.new_job_id(), kind=JobKind.export_vagas, created_by="bench")
                )
            session.commit()
        latencies: list[float] = []
        claimed: list[str] = []
        lock = threading.Lock()

        def work(name: str) -> None:
            mine, times = [], []
            with Session(engine) as session:
                while True:
                    start = time.perf_counter()
                    claim = claims.claim_next(
                        session=session, worker=name, kinds={JobKind.export_vagas}
                    )
                    times.append(time.perf_counter() - start)
                    if claim is None:
                        break
                    claims.finish(
                        session=session, claim=claim, status=JobStatus.succeeded, message=None
                    )
                    mine.append(claim.job_id)
            with lock:
                latencies.extend(times)
                claimed.extend(mine)

        started = time.perf_counter()
        threads = [threading.Thread(target=work, args=(f"w{i}:1",)) for i in range(args.workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        engine.dispose()
    backend = make_url(url).get_backend_name()
    p99 = statistics.quantiles(latencies, n=100)[98]
    print(
        f"{backend}: {len(claimed)} jobs by {args.workers} workers in {elapsed:.2f} s = "
        f"{len(claimed) / elapsed:.0f} jobs/s (claim + finish); claim median "
        f"{statistics.median(latencies) * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms; "
        f"claimed twice: {len(claimed) - len(set(claimed))}"
    )
    assert len(set(claimed)) == len(claimed) == args.jobs


if __name__ == "__main__":
    main()
