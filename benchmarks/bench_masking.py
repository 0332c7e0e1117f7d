"""CPU time of the data minimisation of one answer (`candidatos.masking.minimise`, as
`PersonalDataMiddleware` runs it: parse, minimise, serialise), per role.

    .venv/bin/python benchmarks/bench_masking.py --files DIR [--data-dir DIR] [--repeat 200]

Prepares the data folder as bench_api.py does (reused with --data-dir), fetches a
`candidatos/list` answer of 100 rows and one `candidatos/details` answer from a production
server as the admin sees them (minimisation leaves an admin's contacts in clear, so these are
whole), then times `minimise` on them in this process for a leitor (rank 0) and a recrutador
(rank 1): milliseconds of CPU per answer (`time.process_time`, mean of --repeat).
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import login, prepare, running_server

from talentmatch.candidatos.masking import minimise


def answers(data_dir: Path) -> dict[str, bytes]:
    with running_server(data_dir) as base, httpx.Client(base_url=base, timeout=60) as client:
        login(client)
        listed = client.get("/api/v1/candidatos/list", params={"limit": 100}).raise_for_status()
        code = listed.json()["data"][0]["codigo_profissional"]
        details = client.get(f"/api/v1/candidatos/details/{code}").raise_for_status()
        return {"candidatos/list limit 100": listed.content, "candidatos/details": details.content}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=Path, required=True, help="folder with the 3 files")
    parser.add_argument("--data-dir", type=Path, help="reused between runs when given")
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="bench-masking-"))
    prepare(data_dir, args.files)
    for label, body in answers(data_dir).items():
        for role, rank in (("leitor", 0), ("recrutador", 1)):
            started = time.process_time()
            for _ in range(args.repeat):
                minimised = minimise(json.loads(body), rank=rank)
                json.dumps(minimised, ensure_ascii=False, separators=(",", ":")).encode()
            per_answer = (time.process_time() - started) * 1000 / args.repeat
            print(f"{label:<26} {role:<10} {per_answer:6.2f} ms CPU per answer", flush=True)


if __name__ == "__main__":
    main()
