"""`talentmatch serve --workers N`: N real processes on one port answer as one server.

Which process answered is read from the pid field of the server's JSON log lines (no API
change). Counts come from /metrics, whichever process answers the scrape.
"""

import json
import os
import re
import secrets
import signal
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from tests.security.realserver import BIN, free_port, running_server

ADMIN = "chefe"
ADMIN_PASSWORD = "Xk2-pq9-Zr7-Lm4-Vb8"
LIST = "/api/v1/candidatos/list"
JOB_LOOP = "this process runs the job loop (JOBS_IN_PROCESS)"


def _workers_env(**extra: str) -> dict[str, str]:
    return {
        "SERVER_WORKERS": "2",
        "LOG_LEVEL": "INFO",  # the access lines carry the pid of the process that answered
        "FIRST_ADMIN_USERNAME": ADMIN,
        "FIRST_ADMIN_PASSWORD": ADMIN_PASSWORD,
        **extra,
    }


def _log(data_dir: Path) -> list[dict[str, Any]]:
    lines = (data_dir / "server.log").read_text().splitlines()
    return [json.loads(line) for line in lines if line.startswith("{")]


def _until(check: Callable[[], Any], what: str, timeout: float = 60) -> Any:
    """Poll `check` until it returns something true (a log line is written after the reply)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def _answering_pids(data_dir: Path, route: str) -> dict[int, int]:
    """Requests to `route` answered 200 in the log, by the pid that answered them."""
    counts: dict[int, int] = {}
    for entry in _log(data_dir):
        request = entry.get("message") == "request" and entry.get("route") == route
        if request and entry.get("status") == 200:
            counts[entry["pid"]] = counts.get(entry["pid"], 0) + 1
    return counts


def _wait_logged(data_dir: Path, route: str, count: int) -> dict[int, int]:
    """The pids of `route`'s answers once `count` of them are in the log."""
    return _until(
        lambda: (pids := _answering_pids(data_dir, route)) and sum(pids.values()) == count and pids,
        f"{count} answers of {route} logged",
    )


def _counted(metrics: str, route: str) -> float:
    pattern = re.compile(
        r'^talentmatch_http_requests_total\{method="GET",route="'
        + re.escape(route)
        + r'",status="200"\} ([0-9.e+]+)$',
        re.MULTILINE,
    )
    return sum(float(value) for value in pattern.findall(metrics))


def _login(base: str) -> str:
    response = httpx.post(
        f"{base}/api/v1/usuarios/login", data={"username": ADMIN, "password": ADMIN_PASSWORD}
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def _job_loops(data_dir: Path) -> list[int]:
    """The pids that said they run the job loop, in order."""
    return [entry["pid"] for entry in _log(data_dir) if entry["message"] == JOB_LOOP]


def _export(base: str, headers: dict[str, str]) -> dict[str, Any]:
    """Queue an export job and wait until it ends: its last state."""
    started = httpx.post(f"{base}/api/v1/candidatos/export-applicants", headers=headers)
    assert started.status_code == 200, started.text
    job_id = started.json()["job_id"]

    def finished() -> dict[str, Any] | None:
        job: dict[str, Any] = httpx.get(f"{base}/api/v1/jobs/{job_id}", headers=headers).json()
        return job if job["status"] not in ("queued", "running") else None

    return dict(_until(finished, f"job {job_id} finished"))


def _admins(base: str, headers: dict[str, str]) -> list[dict[str, str]]:
    """The users named FIRST_ADMIN_USERNAME (the suite's databases hold others)."""
    users = httpx.get(f"{base}/api/v1/usuarios/list", headers=headers).json()["data"]
    return [
        {"username": user["username"], "perfil": user["perfil"]}
        for user in users
        if user["username"] == ADMIN
    ]


def test_two_workers_answer_as_one_server(data_dir: Path, database_urls: tuple[str, str]) -> None:
    with running_server(data_dir, database_urls, **_workers_env()) as (base, _process):
        token = _login(base)
        headers = {"Authorization": f"Bearer {token}"}
        login_pid = _wait_logged(data_dir, "/api/v1/usuarios/login", 1)

        def one_request(_: int) -> int:
            # A connection of its own each time: the kernel hands it to either process.
            return httpx.get(f"{base}{LIST}", headers=headers, timeout=30).status_code

        sent = 0
        with ThreadPoolExecutor(max_workers=8) as pool:
            while sent < 800:
                statuses = list(pool.map(one_request, range(40)))
                sent += len(statuses)
                assert statuses == [200] * len(statuses)  # the token works on both
                if len(_wait_logged(data_dir, LIST, sent)) == 2:
                    break
        pids = _answering_pids(data_dir, LIST)
        assert len(pids) == 2, pids
        # The process that signed the token is not the only one that accepted it.
        assert set(pids) - set(login_pid)

        # Every scrape, whichever process answers it, counts the requests of both.
        scrapes = 0
        while len(_answering_pids(data_dir, "/metrics")) < 2 and scrapes < 200:
            metrics = httpx.get(f"{base}/metrics").text
            scrapes += 1
            assert _counted(metrics, LIST) == sent
            _wait_logged(data_dir, "/metrics", scrapes)
        assert set(_answering_pids(data_dir, "/metrics")) == set(pids)

        # One first admin, created once, whichever process is asked.
        assert _admins(base, headers) == [{"username": ADMIN, "perfil": "admin"}]

        # One of the two runs the job loop, and a job queued on either one runs.
        assert _export(base, headers)["status"] == "succeeded"
        [holder] = _job_loops(data_dir)
        assert holder in pids

        # Its process stops (uvicorn retires it, or it dies): another one takes the loop over.
        os.kill(holder, signal.SIGTERM)
        _until(lambda: len(_job_loops(data_dir)) == 2, "the job loop taken over", timeout=90)
        assert _export(base, headers)["status"] == "succeeded"


def test_development_workers_migrate_once(
    data_dir: Path, empty_database_urls: tuple[str, str]
) -> None:
    # ENV=development migrates at start-up: done once by `serve`, before its two processes.
    env = _workers_env(ENV="development")
    with running_server(data_dir, empty_database_urls, **env) as (base, _process):
        token = _login(base)
        headers = {"Authorization": f"Bearer {token}"}

        def one_request(_: int) -> int:
            return httpx.get(f"{base}{LIST}", headers=headers).status_code

        with ThreadPoolExecutor(max_workers=4) as pool:
            statuses = list(pool.map(one_request, range(40)))
        assert statuses == [200] * 40
    log = (data_dir / "server.log").read_text()
    assert "database is locked" not in log
    started = [entry for entry in _log(data_dir) if entry["message"].startswith("Started server")]
    assert len(started) == 2


def test_replicas_starting_together_create_one_first_admin(
    data_dir: Path, database_urls: tuple[str, str]
) -> None:
    # Two servers (two replicas of one process each) on the same databases, started at the
    # same moment: both come up, and the first admin exists once.
    ports = [free_port(), free_port()]
    env = {
        **os.environ,
        "ENV": "production",
        "DATA_DIR": str(data_dir),
        "JWT_SECRET": secrets.token_urlsafe(48),
        "AUTH_DATABASE_URL": database_urls[0],
        "SYSTEM_DATABASE_URL": database_urls[1],
        **_workers_env(SERVER_WORKERS="1"),
    }
    logs = [data_dir / f"replica-{port}.log" for port in ports]
    processes = []
    for port, log in zip(ports, logs, strict=True):
        with log.open("ab") as out:
            command = [str(BIN / "talentmatch"), "serve", "--host", "127.0.0.1", "--port"]
            processes.append(
                subprocess.Popen([*command, str(port)], env=env, stdout=out, stderr=out)
            )
    try:
        for port, process, log in zip(ports, processes, logs, strict=True):

            def healthy(port: int = port, process: Any = process, log: Path = log) -> bool:
                assert process.poll() is None, log.read_text()[-3000:]
                try:
                    return httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200
                except httpx.HTTPError:
                    return False

            _until(healthy, "replica started", timeout=90)
        token = _login(f"http://127.0.0.1:{ports[1]}")
        headers = {"Authorization": f"Bearer {token}"}
        assert _admins(f"http://127.0.0.1:{ports[0]}", headers) == [
            {"username": ADMIN, "perfil": "admin"}
        ]
        for log in logs:
            assert "Traceback" not in log.read_text()
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)


def test_reload_cannot_be_combined_with_workers(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(BIN / "talentmatch"), "serve", "--reload", "--workers", "2", "--port", "9"],
        env={**os.environ, "ENV": "development", "DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "--reload" in result.stderr and "2 workers" in result.stderr
