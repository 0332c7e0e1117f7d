"""Benchmark: import (and re-import, and export) of full-size Decision files.

Generates the three files at the real data's sizes (or reuses --files), imports them into
a fresh database, and prints seconds, records per second and peak memory for each file.
Each step runs in its own process, so its peak RSS is its own.

    .venv/bin/python benchmarks/bench_import.py [--files DIR] [--database-url URL]
    bin/with-postgres sh -c '.venv/bin/python benchmarks/bench_import.py \
        --database-url "${TEST_POSTGRES_URL}"'     # the same on PostgreSQL
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from alembic import command

from talentmatch.core.config import Settings
from talentmatch.db.engines import make_engine
from talentmatch.db.migrate import alembic_config
from talentmatch.decision.exporter import export_file
from talentmatch.decision.importer import Entity, import_file
from talentmatch.generator import generate_dataset
from talentmatch.storage import LocalObjectStore


def one_step(step: str, entity: Entity, files: Path, url: str, out: Path) -> dict:
    """Run one import or export in this process; its figures."""
    engine = make_engine(url)
    started = time.perf_counter()
    if step == "export":
        result = export_file(
            entity, engine=engine, store=LocalObjectStore(out), key=f"{entity.file_name}.json"
        )
        records = result.done
        extra = {}
    else:
        imported = import_file(
            entity, store=LocalObjectStore(files), key=f"{entity.file_name}.json", engine=engine
        )
        records = imported.done
        extra = {
            "inserted": imported.inserted,
            "updated": imported.updated,
            "unchanged": imported.unchanged,
            "rejected": imported.rejected,
        }
    seconds = time.perf_counter() - started
    engine.dispose()
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "records": records, "peak_mib": peak_mib, **extra}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=Path, help="folder with the three files (else generated)")
    parser.add_argument("--database-url", help="system database URL (else a fresh SQLite file)")
    parser.add_argument("--one", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        step, entity, files, url, out = args.one
        print(json.dumps(one_step(step, Entity(entity), Path(files), url, Path(out))))
        return

    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    files = args.files
    if files is None:
        files = work / "files"
        started = time.perf_counter()
        generate_dataset(files)
        print(f"generated full-size files in {time.perf_counter() - started:.1f} s")
    url = args.database_url
    if url is None:
        settings = Settings(env="test", data_dir=work / "data", jwt_secret="x" * 40)
        url = settings.resolved_system_database_url
    command.upgrade(alembic_config("system", url), "head")
    print(f"database: {make_engine(url).url.render_as_string(hide_password=True)}")
    header = ("step", "file", "MiB", "records", "seconds", "rec/s", "peak MiB")
    print("{:<8} {:<16} {:>6} {:>8} {:>8} {:>8} {:>9}".format(*header))
    totals: dict[str, float] = {}
    for step in ("import", "reimport", "export"):
        for entity in Entity:
            argv = [
                sys.executable,
                __file__,
                "--one",
                step,
                entity.value,
                str(files),
                url,
                str(work / "out"),
            ]
            figures = json.loads(
                subprocess.run(argv, check=True, capture_output=True, text=True).stdout
            )
            size = (files / f"{entity.file_name}.json").stat().st_size / 2**20
            totals[step] = totals.get(step, 0) + figures["seconds"]
            print(
                f"{step:<8} {entity.file_name + '.json':<16} {size:>6.0f} {figures['records']:>8} "
                f"{figures['seconds']:>8.2f} {figures['records'] / figures['seconds']:>8.0f} "
                f"{figures['peak_mib']:>9.0f}"
            )
    for step, seconds in totals.items():
        print(f"total {step}: {seconds:.1f} s")


if __name__ == "__main__":
    main()
