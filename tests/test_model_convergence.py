"""Replicas converge on one model version: two `talentmatch serve` processes on the same
databases and the same S3 store (moto on loopback), each polling CURRENT every second."""

import secrets
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

from talentmatch.matching.pipeline import KIND
from talentmatch.matching.serving import MatchServing
from talentmatch.registry import MAIN_ARTIFACT, ModelRegistry
from talentmatch.storage import LocalObjectStore, store_from_url
from tests.conftest import PASSWORD
from tests.s3_server import dummy_aws_env, running_s3_server, s3_client
from tests.security.realserver import running_server
from tests.test_inferencias import trained_model

__all__ = ["trained_model"]  # the session fixture: a match model trained on generated data

URL = "/api/v1/inferencias"
PREFIX = "talentmatch"
DEADLINE_S = 90


@pytest.fixture
def s3() -> Iterator[tuple[str, str, Any]]:
    """(endpoint, bucket, client) of a fresh bucket on a moto server on 127.0.0.1."""
    with dummy_aws_env(), running_s3_server() as endpoint:
        client = s3_client(endpoint)
        bucket = f"talentmatch-{uuid.uuid4().hex[:8]}"
        client.create_bucket(Bucket=bucket)
        yield endpoint, bucket, client


class Cluster:
    """Replicas sharing the databases and the store; each with its own model cache."""

    def __init__(self, data_dir: Path, urls: tuple[str, str], s3: tuple[str, str, Any]) -> None:
        endpoint, self.bucket, self.client = s3
        self.data_dir, self.urls = data_dir, urls
        self.env = {
            "STORAGE_URL": f"s3://{self.bucket}/{PREFIX}",
            "S3_ENDPOINT_URL": endpoint,
            "JWT_SECRET": secrets.token_urlsafe(48),  # one secret: a token works on any replica
            "MODEL_POLL_INTERVAL_S": "1",
            "MODEL_RETRY_INTERVAL_S": "1",
        }
        self.registry = ModelRegistry(
            store_from_url(self.env["STORAGE_URL"], s3_endpoint_url=endpoint), data_dir / "pub"
        )
        self.stack = ExitStack()
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str) -> str:
        folder = self.data_dir / name
        folder.mkdir(exist_ok=True)
        base, process = self.stack.enter_context(running_server(folder, self.urls, **self.env))
        self.processes[base] = process
        return base

    def publish(self, trained: tuple[bytes, dict[str, Any]], *, current: bool) -> str:
        artifact, manifest = trained
        extra = {k: v for k, v in manifest.items() if k not in {"version", "files", "created_at"}}
        return self.registry.publish(KIND, artifact, extra, make_current=current)

    def corrupt(self, version: str) -> None:
        """Overwrite a version's artifact in the store: its sha256 no longer matches."""
        key = f"{PREFIX}/models/{KIND}/{version}/{MAIN_ARTIFACT}"
        self.client.put_object(Bucket=self.bucket, Key=key, Body=b"damaged artifact")

    def write_current(self, version: str) -> None:
        """Move CURRENT behind the API's back (a script, another tool, a hand edit)."""
        key = f"{PREFIX}/models/{KIND}/CURRENT"
        self.client.put_object(Bucket=self.bucket, Key=key, Body=f"{version}\n".encode())


@pytest.fixture
def cluster(
    data_dir: Path, database_urls: tuple[str, str], s3: tuple[str, str, Any]
) -> Iterator[Cluster]:
    made = Cluster(data_dir, database_urls, s3)
    with made.stack:
        yield made


def admin_headers(base: str) -> dict[str, str]:
    answer = httpx.post(
        f"{base}/api/v1/usuarios/login",
        data={"username": "admin", "password": PASSWORD},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def wait_until(what: Callable[[], Any], expected: Any) -> None:
    """Poll `what()` until it equals `expected`, with a deadline (never a fixed sleep)."""
    deadline = time.monotonic() + DEADLINE_S
    seen = what()
    while seen != expected:
        assert time.monotonic() < deadline, f"still {seen!r}, expected {expected!r}"
        time.sleep(0.2)
        seen = what()


def models(base: str, headers: dict[str, str]) -> dict[str, Any]:
    answer = httpx.get(f"{base}{URL}/models", headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def served(base: str, headers: dict[str, str]) -> tuple[str | None, str | None]:
    body = models(base, headers)
    return body["in_service"], body["current"]


def predicted_version(base: str, headers: dict[str, str]) -> str:
    answer = httpx.post(f"{base}{URL}/matchModel/predict", json={}, headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["model_version"])


def ready(base: str) -> tuple[int, dict[str, Any]]:
    answer = httpx.get(f"{base}/ready", timeout=30)
    return answer.status_code, dict(answer.json()["models"]["match"])


def test_a_reload_on_one_replica_reaches_the_other(
    cluster: Cluster, trained_model: tuple[bytes, dict[str, Any]]
) -> None:
    older = cluster.publish(trained_model, current=False)
    newer = cluster.publish(trained_model, current=True)
    a, b = cluster.start("a"), cluster.start("b")
    headers = admin_headers(a)
    assert served(a, headers) == served(b, headers) == (newer, newer)

    # A rollback on A: A serves it at once, B follows within its poll interval.
    rolled = httpx.post(f"{a}{URL}/models/reload", json={"version": older}, headers=headers)
    assert rolled.status_code == 200, rolled.text
    assert rolled.json()["in_service"] == older
    assert served(a, headers) == (older, older)
    wait_until(lambda: served(b, headers), (older, older))
    assert predicted_version(b, headers) == older
    status, state = ready(b)
    assert status == 200 and (state["status"], state["in_service"], state["current"]) == (
        "ok",
        older,
        older,
    )


def test_a_damaged_version_is_refused_and_nothing_moves(
    cluster: Cluster, trained_model: tuple[bytes, dict[str, Any]]
) -> None:
    good = cluster.publish(trained_model, current=True)
    damaged = cluster.publish(trained_model, current=False)
    cluster.corrupt(damaged)
    a, b = cluster.start("a"), cluster.start("b")
    headers = admin_headers(a)

    refused = httpx.post(f"{a}{URL}/models/reload", json={"version": damaged}, headers=headers)
    assert refused.status_code == 409, refused.text
    assert damaged in refused.json()["detail"] and "não mudaram" in refused.json()["detail"]
    assert cluster.registry.current_version(KIND) == good
    assert served(a, headers) == served(b, headers) == (good, good)
    assert predicted_version(a, headers) == good

    # A restart of A (the rollback left CURRENT where it was): it serves and is ready.
    cluster.stack.close()
    restarted = cluster.start("a")
    status, state = ready(restarted)
    assert status == 200 and (state["status"], state["in_service"]) == ("ok", good)
    assert predicted_version(restarted, headers) == good


def test_a_damaged_current_written_directly_keeps_the_previous_version_serving(
    cluster: Cluster, trained_model: tuple[bytes, dict[str, Any]]
) -> None:
    good = cluster.publish(trained_model, current=True)
    damaged = cluster.publish(trained_model, current=False)
    cluster.corrupt(damaged)
    a, b = cluster.start("a"), cluster.start("b")
    headers = admin_headers(a)

    cluster.write_current(damaged)
    for base in (a, b):
        # Each replica tried it, kept the previous version, and says so; still ready.
        wait_until(lambda base=base: ready(base)[1].get("failed_version"), damaged)  # type: ignore[misc]
        status, state = ready(base)
        assert status == 200, state
        assert (state["status"], state["in_service"], state["current"]) == (
            "stale",
            good,
            damaged,
        )
        assert damaged in state["detail"] and good in state["detail"]
        assert predicted_version(base, headers) == good
        metrics = httpx.get(f"{base}/metrics", timeout=30).text
        assert 'talentmatch_model_load_failed{model_kind="match"} 1.0' in metrics
        assert served(base, headers) == (good, damaged)
        # Not a crash loop: the process runs on, and keeps trying only every retry interval.
        assert cluster.processes[base].poll() is None

    # Putting CURRENT back through the API heals every replica (no restart).
    back = httpx.post(f"{a}{URL}/models/reload", json={"version": good}, headers=headers)
    assert back.status_code == 200, back.text
    for base in (a, b):
        wait_until(lambda base=base: ready(base)[1]["status"], "ok")  # type: ignore[misc]
        assert served(base, headers) == (good, good)


def test_a_failing_current_is_tried_again_only_after_the_retry_interval(
    tmp_path: Path, trained_model: tuple[bytes, dict[str, Any]]
) -> None:
    registry = ModelRegistry(LocalObjectStore(tmp_path / "store"), tmp_path / "cache")
    artifact, manifest = trained_model
    extra = {k: v for k, v in manifest.items() if k not in {"version", "files", "created_at"}}
    good = registry.publish(KIND, artifact, extra)
    damaged = registry.publish(KIND, artifact, extra, make_current=False)
    registry.store.write_bytes(f"models/{KIND}/{damaged}/{MAIN_ARTIFACT}", b"damaged")
    serving = MatchServing(registry, retry_interval_s=3600)
    serving.load()
    registry.store.write_bytes(f"models/{KIND}/CURRENT", f"{damaged}\n".encode())

    serving.poll()
    assert (serving.served_version(), serving.failed_version) == (good, damaged)
    attempted = serving.load_attempted_at
    serving.poll()  # within the retry interval: not downloaded and loaded again
    assert serving.load_attempted_at == attempted
    serving.retry_interval_s = 0
    serving.poll()
    assert serving.load_attempted_at != attempted
    assert (serving.served_version(), serving.failed_version) == (good, damaged)
