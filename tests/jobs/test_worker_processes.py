"""The worker role as deployed: `talentmatch serve` with JOBS_IN_PROCESS=false only queues
jobs; two `talentmatch worker` processes run them; one is SIGKILLed mid-import and the other
takes the job over once its heartbeat is JOB_HEARTBEAT_TIMEOUT_S old."""

import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx

from talentmatch.core.config import Settings
from talentmatch.generator import generate_dataset
from tests.conftest import PASSWORD
from tests.security.realserver import BIN, running_server

CANDIDATES = 1500
JOB_ENV = {
    "JOBS_IN_PROCESS": "false",
    "JOB_HEARTBEAT_TIMEOUT_S": "3",
    "JOB_POLL_INTERVAL_S": "0.2",
    "IMPORT_BATCH_SIZE": "20",
}


@contextmanager
def worker_process(
    data_dir: Path, database_urls: tuple[str, str], name: str
) -> Iterator[subprocess.Popen[bytes]]:
    """A `talentmatch worker` on this test's databases and store; stopped (SIGTERM) after."""
    env = {
        **os.environ,
        **JOB_ENV,
        "ENV": "production",
        "DATA_DIR": str(data_dir),
        "AUTH_DATABASE_URL": database_urls[0],
        "SYSTEM_DATABASE_URL": database_urls[1],
        "LOG_LEVEL": "INFO",
    }
    with (data_dir / f"{name}.log").open("ab") as out:
        process = subprocess.Popen(
            [str(BIN / "talentmatch"), "worker"],
            env=env,
            cwd=data_dir,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)


def poll(base: str, headers: dict[str, str], job_id: str) -> dict[str, Any]:
    response = httpx.get(f"{base}/api/v1/jobs/{job_id}", headers=headers, timeout=30)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def wait_until(base: str, headers: dict[str, str], job_id: str, done: Any, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = poll(base, headers, job_id)
        if done(job):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.1)


def test_a_killed_worker_s_import_is_taken_over_and_ends_as_a_clean_import(
    settings: Settings, database_urls: tuple[str, str]
) -> None:
    data_dir = settings.data_dir
    t0 = time.monotonic()
    generate_dataset(
        data_dir / "storage" / "raw", candidates=CANDIDATES, vagas=20, prospects=20, seed=16
    )
    with ExitStack() as stack:
        base, _api = stack.enter_context(running_server(data_dir, database_urls, **JOB_ENV))
        workers = {
            name: stack.enter_context(worker_process(data_dir, database_urls, name))
            for name in ("worker-1", "worker-2")
        }
        print(f"servers up {time.monotonic() - t0:.1f}")
        token = httpx.post(
            f"{base}/api/v1/usuarios/login",
            data={"username": "admin", "password": PASSWORD},
            timeout=30,
        ).json()["access_token"]
        admin = {"Authorization": f"Bearer {token}"}
        started = httpx.post(
            f"{base}/api/v1/candidatos/update-tables",
            json={"file_key": "raw/applicants.json"},
            headers=admin,
            timeout=30,
        )
        assert started.status_code == 200, started.text
        job_id = started.json()["job_id"]

        # Mid-import: rows written (done > 0), the row names the worker that claimed it.
        job = wait_until(
            base,
            admin,
            job_id,
            lambda j: j["status"] == "running" and j["progress"]["done"] > 0,
            120,
        )
        print(f"mid-import {time.monotonic() - t0:.1f}")
        assert job["progress"]["done"] < CANDIDATES, "the import ended before the kill"
        host = socket.gethostname()
        by_name = {f"{host}:{p.pid}": name for name, p in workers.items()}
        victim = by_name[job["worker"]]
        workers[victim].send_signal(signal.SIGKILL)
        workers[victim].wait(timeout=30)
        killed_at = time.monotonic()

        # The other worker requeues it after the heartbeat timeout and claims it.
        taken = wait_until(
            base, admin, job_id, lambda j: j["attempts"] == 2 and j["status"] != "queued", 60
        )
        taken_after = time.monotonic() - killed_at
        survivor = next(name for name in workers if name != victim)
        assert by_name[taken["worker"]] == survivor
        final = wait_until(base, admin, job_id, lambda j: j["status"] != "running", 180)
        assert final["status"] == "succeeded", final
        assert final["progress"] == {"done": CANDIDATES, "total": CANDIDATES}
        print(f"taken over {taken_after:.1f} s after the kill (timeout 3 s + poll)")

        print(f"import done {time.monotonic() - t0:.1f}")
        # The tables equal a clean import: the export (also a queued job) gives the file back.
        exported = httpx.post(
            f"{base}/api/v1/candidatos/export-applicants",
            json={"file_key": "out/applicants.json"},
            headers=admin,
            timeout=30,
        ).json()["job_id"]
        export = wait_until(
            base,
            admin,
            exported,
            lambda j: j["status"] != "queued" and j["status"] != "running",
            180,
        )
        assert export["status"] == "succeeded", export
        print(f"export done {time.monotonic() - t0:.1f}")
        listing = httpx.get(
            f"{base}/api/v1/candidatos/list?limit=1", headers=admin, timeout=30
        ).json()
        assert listing["total"] == CANDIDATES
        # SIGTERM: the idle survivor stops cleanly.
        workers[survivor].terminate()
        assert workers[survivor].wait(timeout=60) == 0
    source = json.loads((data_dir / "storage" / "raw" / "applicants.json").read_text("utf-8"))
    written = json.loads((data_dir / "storage" / "out" / "applicants.json").read_text("utf-8"))
    assert written == source
