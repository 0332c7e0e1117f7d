"""Faults for real: the production server SIGKILLed in the middle of an import.

The server runs as its own process (`talentmatch serve`, ENV=production) on this test's
databases; the test kills it once some batches are committed, checks that no candidate was
half written, starts it again, and checks that the restarted server takes the silent job over
(its heartbeat older than JOB_HEARTBEAT_TIMEOUT_S) and ends it with the tables a clean import of
the same file gives.
"""

import hashlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, select

from talentmatch.candidatos.models import Candidato
from talentmatch.candidatos.service import SECTION_TABLES
from talentmatch.db.engines import make_engine
from talentmatch.decision.importer import Entity, import_file
from talentmatch.generator import generate_dataset
from talentmatch.migrations.metadata import system_metadata
from talentmatch.storage import LocalObjectStore
from tests.conftest import PASSWORD
from tests.databases import PostgresBackend, SqliteBackend

BIN = Path(sys.executable).parent
BATCH = 25
CANDIDATES = 4000
# Set by the server when a row is written, so never equal between two imports.
TIMESTAMPS = {"created_at", "updated_at"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`talentmatch serve` in a subprocess, on a free loopback port."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.log = log
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    str(BIN / "talentmatch"),
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                ],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            try:
                if httpx.get(f"{self.base}/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"server did not start: {self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def client(self) -> httpx.Client:
        client = httpx.Client(base_url=self.base, timeout=30)
        token = client.post(
            "/api/v1/usuarios/login", data={"username": "admin", "password": PASSWORD}
        ).json()["access_token"]
        client.headers["Authorization"] = f"Bearer {token}"
        return client


@pytest.fixture
def applicants(tmp_path: Path) -> Path:
    files = tmp_path / "generated"
    generate_dataset(files, candidates=CANDIDATES, vagas=5, prospects=0, seed=11)
    return files / "applicants.json"


@pytest.fixture
def server(
    tmp_path: Path, data_dir: Path, database_urls: tuple[str, str], applicants: Path
) -> Iterator[Server]:
    store = data_dir / "storage"
    store.mkdir()
    (store / "applicants.json").write_bytes(applicants.read_bytes())
    env = {
        **os.environ,
        "ENV": "production",
        "JOBS_IN_PROCESS": "true",  # the server runs its jobs (on PostgreSQL too)
        "JOB_HEARTBEAT_TIMEOUT_S": "3",  # the dead server's job is taken over 3 s after
        "DATA_DIR": str(data_dir),
        "JWT_SECRET": secrets.token_urlsafe(48),
        "AUTH_DATABASE_URL": database_urls[0],
        "SYSTEM_DATABASE_URL": database_urls[1],
        "IMPORT_BATCH_SIZE": str(BATCH),
        "LOGIN_MAX_FAILURES_PER_MINUTE": "1000",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("STORAGE_URL", None)
    running = Server(env, tmp_path / "server.log")
    yield running
    running.stop()


def _checksum(engine: Engine) -> str:
    """A hash of every business table's rows, leaving out when they were written."""
    digest = hashlib.sha256()
    with engine.connect() as connection:
        for name, table in sorted(system_metadata().tables.items()):
            if name == "job":
                continue
            columns = [column for column in table.columns if column.name not in TIMESTAMPS]
            rows = connection.execute(select(*columns).order_by(*table.primary_key.columns))
            digest.update(name.encode())
            for row in rows:
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def _assert_whole_records(engine: Engine, applicants: Path) -> int:
    """Every stored candidate has exactly its file sections; returns how many are stored."""
    source: dict[str, Any] = json.loads(applicants.read_text(encoding="utf-8"))
    with engine.connect() as connection:
        codes = set(connection.scalars(select(Candidato.codigo_profissional)))
        for api_name, table in SECTION_TABLES.items():
            stored = set(connection.scalars(select(table.codigo_profissional)))  # type: ignore[attr-defined]
            expected = {code for code in codes if api_name in source[str(code)]}
            assert stored == expected, f"{api_name}: rows without their candidate or missing"
        total = connection.scalar(select(func.count()).select_from(Candidato))
    assert total == len(codes)
    return len(codes)


def test_sigkill_in_the_middle_of_an_import(
    server: Server,
    applicants: Path,
    database_urls: tuple[str, str],
    migrated_template: tuple[str, str],
    db_backend: SqliteBackend | PostgresBackend,
    tmp_path: Path,
) -> None:
    server.start()
    with closing(server.client()) as client:
        started = client.post(
            "/api/v1/candidatos/update-tables", json={"file_key": "applicants.json"}
        )
        assert started.status_code == 200, started.text
        job_id = started.json()["job_id"]
        deadline = time.monotonic() + 60
        while True:
            job = client.get(f"/api/v1/jobs/{job_id}").json()
            assert job["status"] in {"queued", "running"}, f"finished before the kill: {job}"
            if (job["progress"]["done"] or 0) >= 3 * BATCH:
                break
            assert time.monotonic() < deadline, job
            time.sleep(0.02)
    server.kill()

    engine = make_engine(database_urls[1])
    stored = _assert_whole_records(engine, applicants)
    # One transaction per batch, and the generated file has no rejected record.
    assert 3 * BATCH <= stored < CANDIDATES
    assert stored % BATCH == 0, stored

    # The restarted server's worker finds the dead one's job silent past the heartbeat timeout,
    # queues it again and resumes it: the same job ends succeeded, on its second attempt.
    server.start()
    with closing(server.client()) as client:
        deadline = time.monotonic() + 240
        while (job := client.get(f"/api/v1/jobs/{job_id}").json())["status"] not in {
            "succeeded",
            "failed",
            "cancelled",
        }:
            assert time.monotonic() < deadline, job
            time.sleep(0.2)
    assert job["status"] == "succeeded", job
    assert job["attempts"] == 2, job
    assert job["counts"]["unchanged"] == stored
    assert job["counts"]["inserted"] == CANDIDATES - stored
    assert _assert_whole_records(engine, applicants) == CANDIDATES

    fresh_url = db_backend.clone(migrated_template[1], tmp_path, "fresh")
    fresh = make_engine(fresh_url)
    try:
        store = LocalObjectStore(applicants.parent)
        result = import_file(
            Entity.candidatos, store=store, key="applicants.json", engine=fresh, batch_size=500
        )
        assert result.inserted == CANDIDATES
        assert _checksum(engine) == _checksum(fresh)
    finally:
        fresh.dispose()
        engine.dispose()
        db_backend.drop(fresh_url)
