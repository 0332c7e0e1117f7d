"""Liveness and readiness at the root, for the load balancer."""

import json
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from tests.conftest import PASSWORD, login
from tests.fixtures.decision_examples import VAGA
from tests.helpers import wait_for_job
from tests.s3_server import dummy_aws_env, running_s3_server, s3_client, unreachable_endpoint_url
from tests.tcp_proxy import TcpProxy


def test_health_is_open_and_ok(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_when_both_databases_answer(client: TestClient) -> None:
    response = client.get("/ready")
    assert response.status_code == 200
    assert response.json()["checks"] == {
        "auth_database": "ok",
        "system_database": "ok",
        "object_store": "ok",
    }


def test_not_ready_when_a_database_is_unreachable(settings: Settings, tmp_path: Path) -> None:
    folder_in_the_way = tmp_path / "systemDB.db"
    folder_in_the_way.mkdir()  # a folder where the database file should be: cannot open
    settings = settings.model_copy(update={"system_database_url": f"sqlite:///{folder_in_the_way}"})
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        response = client.get("/ready")
        assert response.status_code == 503
        assert response.json()["checks"]["system_database"] == "unavailable"
        assert response.json()["checks"]["auth_database"] == "ok"
        assert client.get("/health").status_code == 200
        token = client.post(
            "/api/v1/usuarios/login", data={"username": "leitor", "password": PASSWORD}
        ).json()["access_token"]
        listing = client.get(
            "/api/v1/candidatos/list", headers={"Authorization": f"Bearer {token}"}
        )
        assert listing.status_code == 503
        assert "indisponível" in listing.json()["detail"]


# --- dependencies going away and coming back, for real ---------------------------------
@pytest.fixture
def s3_behind_proxy() -> Iterator[tuple[TcpProxy, str, Any]]:
    """(proxy, bucket, direct client) of a moto S3 server reached through a TCP proxy."""
    with dummy_aws_env(), running_s3_server() as endpoint:
        direct = s3_client(endpoint)
        bucket = f"talentmatch-{uuid.uuid4().hex[:8]}"
        direct.create_bucket(Bucket=bucket)
        port = int(endpoint.rsplit(":", 1)[1])
        with TcpProxy(("127.0.0.1", port)) as proxy:
            yield proxy, bucket, direct


def _wait_for(check: Callable[[], bool], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.1)


def test_object_store_down_then_back(
    settings: Settings, s3_behind_proxy: tuple[TcpProxy, str, Any]
) -> None:
    proxy, bucket, direct = s3_behind_proxy
    direct.put_object(Bucket=bucket, Key="raw/vagas.json", Body=json.dumps({"4530": VAGA}))
    s3_settings = settings.model_copy(
        update={
            "storage_url": f"s3://{bucket}",
            "s3_endpoint_url": f"http://{proxy.address}",
            "storage_check_timeout_s": 1,
        }
    )
    with TestClient(create_app(s3_settings)) as client:
        admin = login(client, "admin")
        assert client.get("/ready").json()["checks"]["object_store"] == "ok"

        proxy.stop()
        started = time.monotonic()
        ready = client.get("/ready")
        assert ready.status_code == 503
        assert ready.json()["checks"] == {
            "auth_database": "ok",
            "system_database": "ok",
            "object_store": "unavailable",
        }
        assert time.monotonic() - started < 10
        refused = client.post(
            "/api/v1/vagas/update-tables", json={"file_key": "raw/vagas.json"}, headers=admin
        )
        assert refused.status_code == 503, refused.text
        assert "unreachable" in refused.json()["detail"]
        exported = client.post("/api/v1/vagas/export-vagas", headers=admin)
        assert exported.status_code == 503, exported.text
        assert client.get("/api/v1/jobs", headers=admin).json()["total"] == 0
        assert client.get("/api/v1/vagas/list", headers=admin).status_code == 200

        proxy.start()  # back, on the same port: no restart of the service
        _wait_for(lambda: client.get("/ready").status_code == 200)
        started_job = client.post(
            "/api/v1/vagas/update-tables", json={"file_key": "raw/vagas.json"}, headers=admin
        )
        assert started_job.status_code == 200, started_job.text
        job = wait_for_job(client, started_job.json()["job_id"], admin)
        assert job["status"] == "succeeded" and job["counts"]["inserted"] == 1, job


def test_the_service_starts_with_the_object_store_unreachable(settings: Settings) -> None:
    with dummy_aws_env():
        down = settings.model_copy(
            update={
                "storage_url": "s3://talentmatch-absent",
                "s3_endpoint_url": unreachable_endpoint_url(),
                "storage_check_timeout_s": 1,
            }
        )
        with TestClient(create_app(down)) as client:
            ready = client.get("/ready")
            assert ready.status_code == 503
            assert ready.json()["checks"]["object_store"] == "unavailable"
            # The registry cannot be read: the models say they could not be loaded.
            assert all(m["status"] == "unavailable" for m in ready.json()["models"].values())
            assert client.get("/health").status_code == 200


def test_models_are_loaded_again_once_the_object_store_is_back(
    settings: Settings, s3_behind_proxy: tuple[TcpProxy, str, Any]
) -> None:
    proxy, bucket, _ = s3_behind_proxy
    s3_settings = settings.model_copy(
        update={
            "storage_url": f"s3://{bucket}",
            "s3_endpoint_url": f"http://{proxy.address}",
            "storage_check_timeout_s": 1,
            "model_retry_interval_s": 0,
        }
    )
    proxy.stop()
    with TestClient(create_app(s3_settings)) as client:
        models = client.get("/ready").json()["models"]
        assert all(m["status"] == "unavailable" for m in models.values()), models

        proxy.start()  # no restart: the next /ready loads them again
        _wait_for(lambda: client.get("/ready").status_code == 200)
        # Nothing is published in this bucket: "none", no longer "could not be loaded".
        models = client.get("/ready").json()["models"]
        assert all(m["status"] == "none" for m in models.values()), models


def test_a_locked_sqlite_database_answers_503_then_recovers(
    settings: Settings, db_backend: Any
) -> None:
    if db_backend.name != "sqlite":
        pytest.skip("the embedded SQLite case; PostgreSQL is tested through a proxy")
    fast = settings.model_copy(update={"sqlite_busy_timeout_ms": 200})
    path = make_url(fast.resolved_system_database_url).database
    with TestClient(create_app(fast)) as client:
        admin = login(client, "admin")
        locker = sqlite3.connect(str(path), isolation_level=None)
        try:
            locker.execute("BEGIN EXCLUSIVE")
            started = time.monotonic()
            locked = client.post("/api/v1/vagas/create", json=VAGA, headers=admin)
            assert locked.status_code == 503, locked.text
            assert "indisponível" in locked.json()["detail"]
            assert time.monotonic() - started < 5
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        created = client.post("/api/v1/vagas/create", json=VAGA, headers=admin)
        assert created.status_code == 200, created.text


def test_postgresql_down_then_back(settings: Settings, db_backend: Any) -> None:
    if db_backend.name != "postgresql":
        pytest.skip("needs TEST_POSTGRES_URL (bin/with-postgres)")
    url = make_url(settings.resolved_system_database_url)
    with TcpProxy((url.host or "127.0.0.1", url.port or 5432)) as proxy:
        proxied = url.set(host="127.0.0.1", port=proxy.port)
        through = settings.model_copy(
            update={"system_database_url": proxied.render_as_string(hide_password=False)}
        )
        with TestClient(create_app(through)) as client:
            admin = login(client, "admin")
            assert client.get("/api/v1/vagas/list", headers=admin).status_code == 200

            proxy.stop()  # the pooled connections are cut too
            ready = client.get("/ready")
            assert ready.status_code == 503
            assert ready.json()["checks"]["system_database"] == "unavailable"
            listing = client.get("/api/v1/vagas/list", headers=admin)
            assert listing.status_code == 503, listing.text
            assert "indisponível" in listing.json()["detail"]

            proxy.start()
            _wait_for(lambda: client.get("/ready").status_code == 200)
            assert client.get("/api/v1/vagas/list", headers=admin).status_code == 200
            created = client.post("/api/v1/vagas/create", json=VAGA, headers=admin)
            assert created.status_code == 200, created.text
