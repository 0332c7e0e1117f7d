"""Helpers shared by test modules."""

import hashlib
import time
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from talentmatch.migrations.metadata import system_metadata

FINISHED = {"succeeded", "failed", "cancelled"}

# The status of a request that fails validation (body, query or path). One constant, so the
# whole suite follows the contract when it changes.
VALIDATION_ERROR = 400


def wait_for_job(
    client: TestClient, job_id: str, headers: dict[str, str], timeout: float = 60
) -> dict[str, Any]:
    """Poll a job through the API until it finishes; its last state."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/v1/jobs/{job_id}", headers=headers).json()
        if job["status"] in FINISHED:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s: {job}")


def business_checksum(engine: Engine) -> str:
    """A hash of every business table's rows (jobs excluded), to prove nothing changed."""
    digest = hashlib.sha256()
    with engine.connect() as connection:
        for name, table in sorted(system_metadata().tables.items()):
            if name == "job":
                continue
            rows = connection.execute(select(table).order_by(*table.primary_key.columns))
            for row in rows:
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()
