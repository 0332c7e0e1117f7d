"""Load test: a realistic mix of requests against a running service, for a bounded time.

    make run                      # in another terminal: the service with demo data and models
    .venv/bin/python benchmarks/load.py [--host http://127.0.0.1:8000] [--users 10] \\
        [--seconds 60] [--username admin --password admin-demo-123]

Locust (as a library, headless) runs `--users` simulated recruiters on loopback for
`--seconds`, each waiting 0-0.2 s between requests, and then prints per route: requests,
failures, median, p99 and requests per second (a markdown table for benchmarks/RESULTS.md).
The mix, by weight: lists of candidatos and vagas, details, prospects of a vaga, match
predictions (seed example and stored pairs), recommendations both ways, and logins. It exits
with status 1 when any request failed. Loopback only: the script refuses any other host.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
from typing import Any  # noqa: E402
from urllib.parse import urlparse  # noqa: E402

import gevent  # noqa: E402
import requests  # noqa: E402
from locust import HttpUser, between, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402
from locust.stats import StatsEntry  # noqa: E402

from talentmatch.features.schema import SEED_MATCH_EXAMPLE  # noqa: E402
from talentmatch.recommending.schemas import SEED_RECOMMENDATION_EXAMPLE  # noqa: E402

API = "/api/v1"
CREDENTIALS: dict[str, str] = {}
CODES: dict[str, list[int]] = {}


class Recruiter(HttpUser):
    """One recruiter: logs in, then browses, predicts and asks for recommendations."""

    wait_time = between(0.0, 0.2)

    def on_start(self) -> None:
        self._login()

    def _login(self) -> None:
        response = self.client.post(f"{API}/usuarios/login", data=CREDENTIALS, name="POST login")
        self.client.headers["Authorization"] = f"Bearer {response.json()['access_token']}"

    def _vaga(self) -> int:
        return random.choice(CODES["vagas"])

    def _candidato(self) -> int:
        return random.choice(CODES["candidatos"])

    @task(1)
    def login(self) -> None:
        self._login()

    @task(4)
    def list_candidatos(self) -> None:
        offset = random.randrange(0, 2000)
        self.client.get(
            f"{API}/candidatos/list",
            params={"limit": 20, "offset": offset},
            name="GET candidatos/list",
        )

    @task(3)
    def list_vagas(self) -> None:
        self.client.get(
            f"{API}/vagas/list",
            params={"limit": 20, "offset": random.randrange(0, 1000)},
            name="GET vagas/list",
        )

    @task(4)
    def candidato_details(self) -> None:
        self.client.get(
            f"{API}/candidatos/details/{self._candidato()}", name="GET candidatos/details/{codigo}"
        )

    @task(3)
    def vaga_details(self) -> None:
        self.client.get(f"{API}/vagas/details/{self._vaga()}", name="GET vagas/details/{codigo}")

    @task(2)
    def prospects_of_a_vaga(self) -> None:
        vaga = random.choice(CODES["prospects"])
        self.client.get(f"{API}/prospects/{vaga}", name="GET prospects/{codigo_vaga}")

    @task(3)
    def predict(self) -> None:
        self.client.post(
            f"{API}/inferencias/matchModel/predict", json=SEED_MATCH_EXAMPLE, name="POST predict"
        )

    @task(2)
    def predict_ids(self) -> None:
        body = {"codigo_vaga": self._vaga(), "codigo_profissional": self._candidato()}
        self.client.post(
            f"{API}/inferencias/matchModel/predict-ids", json=body, name="POST predict-ids"
        )

    @task(2)
    def recommend_vagas(self) -> None:
        self.client.post(
            f"{API}/inferencias/recommendationModel/predict",
            json=SEED_RECOMMENDATION_EXAMPLE,
            name="POST recommendationModel/predict",
        )

    @task(2)
    def rank_candidates(self) -> None:
        self.client.get(
            f"{API}/vagas/{self._vaga()}/recomendacoes",
            params={"k": 10},
            name="GET vagas/{codigo}/recomendacoes",
        )

    @task(1)
    def recommend_for_candidate(self) -> None:
        self.client.get(
            f"{API}/candidatos/{self._candidato()}/recomendacoes",
            params={"k": 10},
            name="GET candidatos/{codigo}/recomendacoes",
        )


def _stored_codes(host: str) -> dict[str, list[int]]:
    """Codes of stored vagas, candidatos and vagas with prospects, read once before the run."""
    with requests.Session() as session:
        login = session.post(f"{host}{API}/usuarios/login", data=CREDENTIALS, timeout=30)
        login.raise_for_status()
        session.headers["Authorization"] = f"Bearer {login.json()['access_token']}"

        def codes(path: str, key: str) -> list[int]:
            page = session.get(f"{host}{API}/{path}", params={"limit": 200}, timeout=30)
            page.raise_for_status()
            return [row[key] for row in page.json()["data"]]

        return {
            "vagas": codes("vagas/list", "codigo_vaga"),
            "candidatos": codes("candidatos/list", "codigo_profissional"),
            "prospects": codes("prospects/grouped-list", "codigo_vaga"),
        }


def _row(entry: StatsEntry, seconds: float) -> str:
    return (
        f"| {entry.name} | {entry.num_requests:,} | {entry.num_failures} | "
        f"{entry.get_response_time_percentile(0.5):.0f} ms | "
        f"{entry.get_response_time_percentile(0.99):.0f} ms | "
        f"{entry.num_requests / seconds:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password", default="admin-demo-123")
    args = parser.parse_args()
    if urlparse(args.host).hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("load.py runs against loopback only")
    CREDENTIALS.update(username=args.username, password=args.password)
    CODES.update(_stored_codes(args.host))

    failures: list[str] = []

    @events.request.add_listener
    def _on_request(name: str, exception: Any, response: Any, **_: Any) -> None:
        if exception is not None and len(failures) < 10:
            status = getattr(response, "status_code", None)
            failures.append(f"{name}: {status} {str(exception)[:200]}")

    environment = Environment(user_classes=[Recruiter], host=args.host, events=events)
    runner = environment.create_local_runner()
    runner.start(args.users, spawn_rate=args.users)
    gevent.spawn_later(args.seconds, runner.quit)
    runner.greenlet.join()

    stats = environment.stats
    print(f"{args.users} users, {args.seconds} s, {args.host}")
    print("| route | requests | failures | median | p99 | req/s |")
    print("|---|---|---|---|---|---|")
    for entry in sorted(stats.entries.values(), key=lambda e: e.name):
        print(_row(entry, args.seconds))
    print(_row(stats.total, args.seconds).replace("Aggregated", "**all**"))
    for failure in failures:
        print("failure:", failure)
    for error in runner.exceptions.values():  # an exception inside a task: the script's bug
        print("exception:", error["msg"], "x", error["count"])
    sys.exit(1 if stats.total.num_failures or runner.exceptions else 0)


if __name__ == "__main__":
    main()
