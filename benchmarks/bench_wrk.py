"""Throughput and tail of the read routes under wrk, with 1 and N server processes, interleaved.

    .venv/bin/python benchmarks/bench_wrk.py --files DIR [--data-dir DIR] [--workers 1 2]
        [--rounds 3] [--duration 15]

Prepares the data folder as bench_api.py does (reused with --data-dir), then for each round and
each worker count starts `talentmatch serve --workers N` (production, SQLite) on loopback and
runs `wrk -t2 -c8` against `candidatos/details` (a code drawn at random per request from 1,000,
benchmarks/wrk_details.lua), `vagas/details`, `candidatos/list` and `vagas/list` (limit 100) and
`prospects/grouped-list` (limit 20). Prints requests/s, p50 and p99 per route and the load
average around each run. Needs Debian's `wrk`. DETAIL_READS_PER_MINUTE is raised for the run
(the per-user read limit would otherwise answer 429 after 120 details a minute).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import login, prepare, running_server

HERE = Path(__file__).resolve().parent
DETAILS_SCRIPT = HERE / "wrk_details.lua"
# (label, wrk script or None, path): with a script, the path's last part is drawn from CODES_FILE.
ROUTES = (
    ("candidatos/details", "/api/v1/candidatos/details/"),
    ("vagas/details", "/api/v1/vagas/details/"),
    ("candidatos/list limit 100", "/api/v1/candidatos/list?limit=100"),
    ("vagas/list limit 100", "/api/v1/vagas/list?limit=100"),
    ("prospects/grouped-list limit 20", "/api/v1/prospects/grouped-list?limit=20"),
)
FIXED_SCRIPT = """
local headers = { ["Authorization"] = "Bearer " .. os.getenv("TOKEN") }
request = function() return wrk.format("GET", os.getenv("ROUTE"), headers) end
"""


def _load() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def _wrk(base: str, env: dict[str, str], script: Path, duration: int) -> tuple[float, str, str]:
    command = ["wrk", "-t2", "-c8", f"-d{duration}s", "--latency", "-s", str(script), base]
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    # The latency distribution's own lines ("     50%   12.34ms"), not a "+/- Stdev" column.
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)  # type: ignore[union-attr]
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)  # type: ignore[union-attr]
    if "Non-2xx" in out:
        raise SystemExit(f"wrk saw error answers:\n{out}")
    return rate, p50, p99


def one_round(data_dir: Path, workers: int, duration: int, scratch: Path) -> None:
    with running_server(data_dir, workers=workers) as base, httpx.Client(base_url=base) as client:
        token = login(client)
        codes = {
            "candidatos": [
                row["codigo_profissional"]
                for row in client.get("/api/v1/candidatos/list", params={"limit": 1000}).json()[
                    "data"
                ]
            ],
            "vagas": [
                row["codigo_vaga"]
                for row in client.get("/api/v1/vagas/list", params={"limit": 1000}).json()["data"]
            ],
        }
        fixed = scratch / "fixed.lua"
        fixed.write_text(FIXED_SCRIPT)
        for label, path in ROUTES:
            env = {**os.environ, "TOKEN": token}
            if path.endswith("/details/"):
                kind = path.split("/")[3]
                codes_file = scratch / f"{kind}.txt"
                codes_file.write_text("\n".join(map(str, codes[kind])) + "\n")
                script = scratch / f"{kind}.lua"
                script.write_text(
                    DETAILS_SCRIPT.read_text().replace("/api/v1/candidatos/details/", path)
                )
                env["CODES_FILE"] = str(codes_file)
            else:
                script, env["ROUTE"] = fixed, path
            for code in codes["candidatos"][:100]:  # warm-up
                client.get(f"/api/v1/candidatos/details/{code}").raise_for_status()
            before = _load()
            rate, p50, p99 = _wrk(base, env, script, duration)
            print(
                f"workers={workers}  {label:<32} {rate:>8.1f} req/s   p50 {p50:>8}   "
                f"p99 {p99:>8}   load {before} -> {_load()}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=Path, required=True, help="folder with the 3 files")
    parser.add_argument("--data-dir", type=Path, help="reused between runs when given")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk run")
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="bench-wrk-"))
    prepare(data_dir, args.files)
    os.environ["DETAIL_READS_PER_MINUTE"] = "1000000000"
    with tempfile.TemporaryDirectory() as scratch:
        for _round in range(args.rounds):
            for workers in args.workers:
                one_round(data_dir, workers, args.duration, Path(scratch))


if __name__ == "__main__":
    main()
