"""Benchmark the list reads (whole `infos_basicas` rows) over real HTTP on loopback.

    .venv/bin/python benchmarks/bench_lists.py --files DIR [--data-dir DIR] [--requests 200]

Prepares a data folder once (migrations, import of the three files in DIR, a user), starts a
production server (one process) and times `GET /candidatos/list` and `GET /vagas/list` at
limit 100 and 1,000, sequentially with one client. Run it with another checkout's code
(PYTHONPATH) and its own --data-dir to compare.
"""

import argparse
import sys
import tempfile
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_api import PASSWORD, _cli, running_server, timed


def prepare(data_dir: Path, files: Path) -> None:
    _cli(data_dir, "db", "upgrade")
    if (data_dir / "ready-lists").exists():
        return
    _cli(data_dir, "import", str(files))
    _cli(
        data_dir, "create-user", "--username", "bench", "--password", PASSWORD, "--perfil", "admin"
    )
    (data_dir / "ready-lists").touch()


def measure(base: str, requests: int) -> None:
    with httpx.Client(base_url=base, timeout=120) as client:
        token = client.post(
            "/api/v1/usuarios/login", data={"username": "bench", "password": PASSWORD}
        ).json()["access_token"]
        client.headers["Authorization"] = f"Bearer {token}"
        for resource in ("candidatos", "vagas"):
            path = f"/api/v1/{resource}/list"
            total = client.get(path, params={"limit": 1}).json()["total"]
            for limit in (100, 1000):
                last = max(total - limit, 1)
                timed(
                    f"GET {resource}/list (limit {limit})",
                    requests if limit == 100 else requests // 4,
                    lambda i, p=path, n=limit, m=last: client.get(
                        p, params={"offset": (i * 997) % m, "limit": n}
                    ),
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=Path, required=True, help="folder with the 3 files")
    parser.add_argument("--data-dir", type=Path, help="reused between runs when given")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="bench-lists-"))
    prepare(data_dir, args.files)
    with running_server(data_dir) as base:
        measure(base, args.requests)
    print(f"data folder: {data_dir}")


if __name__ == "__main__":
    main()
