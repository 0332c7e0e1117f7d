"""Model registry on a real local object store: publish, list, current, verified cached loads."""

from __future__ import annotations

import hashlib
import json
from contextlib import AbstractContextManager
from pathlib import Path
from typing import BinaryIO

import pytest

from talentmatch.registry import (
    CURRENT,
    ChecksumMismatch,
    InvalidModelReference,
    ModelNotFound,
    ModelRegistry,
)
from talentmatch.storage import LocalObjectStore

ARTIFACT = b"model bytes \x00\x01" * 1000


class CountingStore(LocalObjectStore):
    """A local store that counts streamed reads, to see whether the cache was used."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.reads: list[str] = []

    def _open_read(self, key: str) -> AbstractContextManager[BinaryIO]:
        self.reads.append(key)
        return super()._open_read(key)


@pytest.fixture
def store(tmp_path: Path) -> CountingStore:
    return CountingStore(tmp_path / "store")


@pytest.fixture
def registry(store: CountingStore, tmp_path: Path) -> ModelRegistry:
    return ModelRegistry(store, tmp_path / "cache")


def test_empty_registry(registry: ModelRegistry) -> None:
    assert registry.current_version("match") is None
    assert registry.list_versions("match") == []
    with pytest.raises(ModelNotFound):
        registry.load("match")


def test_publish_list_current_load(registry: ModelRegistry, store: CountingStore) -> None:
    version = registry.publish("match", ARTIFACT, {"metrics": {"roc_auc": 0.8}})
    assert store.exists(f"models/match/{version}/model.skops")
    assert store.exists(f"models/match/{version}/manifest.json")
    assert store.read_bytes(f"models/match/{CURRENT}").decode().strip() == version
    assert registry.current_version("match") == version

    data, manifest = registry.load("match")
    assert data == ARTIFACT
    assert manifest["version"] == version
    assert manifest["kind"] == "match"
    assert manifest["metrics"] == {"roc_auc": 0.8}
    assert manifest["artifact_sha256"] == hashlib.sha256(ARTIFACT).hexdigest()
    assert manifest["files"]["model.skops"]["bytes"] == len(ARTIFACT)
    assert manifest["created_at"]

    listed = registry.list_versions("match")
    assert [item["version"] for item in listed] == [version]
    assert listed[0]["current"] is True


def test_newer_version_becomes_current_and_older_stays_loadable(registry: ModelRegistry) -> None:
    old = registry.publish("match", b"old", {})
    new = registry.publish("match", b"new", {})
    assert old != new
    assert registry.current_version("match") == new
    assert registry.load("match")[0] == b"new"
    assert registry.load("match", old)[0] == b"old"
    assert [v["version"] for v in registry.list_versions("match")] == [old, new]

    registry.set_current("match", old)  # rollback
    assert registry.load("match")[0] == b"old"
    assert [v["current"] for v in registry.list_versions("match")] == [True, False]


def test_publish_without_making_current(registry: ModelRegistry) -> None:
    first = registry.publish("match", b"a", {})
    candidate = registry.publish("match", b"b", {}, make_current=False)
    assert registry.current_version("match") == first
    assert registry.load("match", candidate)[0] == b"b"


def test_several_files_per_version(registry: ModelRegistry) -> None:
    files = {"embeddings.npy": b"\x93NUMPY" + b"0" * 500, "index.faiss": b"idx", "ids.json": b"[1]"}
    version = registry.publish_files("recommender", files, {"model": "e5"})
    loaded = registry.fetch("recommender")
    assert loaded.version == version
    assert {name: path.read_bytes() for name, path in loaded.files.items()} == files
    assert loaded.read("ids.json") == b"[1]"
    assert "artifact_sha256" not in loaded.manifest
    with pytest.raises(ModelNotFound):
        loaded.read("model.skops")
    # Kinds are separate namespaces.
    assert registry.current_version("match") is None


def test_cache_is_reused(registry: ModelRegistry, store: CountingStore, tmp_path: Path) -> None:
    version = registry.publish("match", ARTIFACT, {})
    registry.load("match")
    artifact_reads = [k for k in store.reads if k.endswith("model.skops")]
    assert len(artifact_reads) == 1
    registry.load("match")
    registry.load("match", version)
    assert [k for k in store.reads if k.endswith("model.skops")] == artifact_reads
    assert (tmp_path / "cache" / "match" / version / "model.skops").read_bytes() == ARTIFACT
    # Even with the store's copy gone, the verified cached copy serves.
    store.delete(f"models/match/{version}/model.skops")
    assert registry.load("match", version)[0] == ARTIFACT


def test_tampered_artifact_in_the_store_is_refused(
    registry: ModelRegistry, store: CountingStore, tmp_path: Path
) -> None:
    version = registry.publish("match", ARTIFACT, {})
    store.write_bytes(f"models/match/{version}/model.skops", ARTIFACT + b"evil")
    with pytest.raises(ChecksumMismatch):
        registry.load("match")
    # Nothing unverified was left in the cache.
    assert not (tmp_path / "cache" / "match" / version / "model.skops").exists()
    assert ChecksumMismatch.status_code == 500


def test_tampered_cache_is_downloaded_again(
    registry: ModelRegistry, store: CountingStore, tmp_path: Path
) -> None:
    version = registry.publish("match", ARTIFACT, {})
    registry.load("match")
    cached = tmp_path / "cache" / "match" / version / "model.skops"
    cached.write_bytes(b"corrupted")
    assert registry.load("match")[0] == ARTIFACT
    assert cached.read_bytes() == ARTIFACT
    # Damaged in the cache and in the store: refused.
    cached.write_bytes(b"corrupted")
    store.write_bytes(f"models/match/{version}/model.skops", b"also corrupted")
    with pytest.raises(ChecksumMismatch):
        registry.load("match")


def test_incomplete_version_is_not_listed(registry: ModelRegistry, store: CountingStore) -> None:
    store.write_bytes("models/match/20260101T000000Z-deadbeef/model.skops", b"half")
    assert registry.list_versions("match") == []
    with pytest.raises(ModelNotFound):
        registry.load("match", "20260101T000000Z-deadbeef")
    with pytest.raises(ModelNotFound):
        registry.set_current("match", "20260101T000000Z-deadbeef")


def test_missing_file_of_a_manifest_is_not_found(
    registry: ModelRegistry, store: CountingStore
) -> None:
    version = registry.publish("match", ARTIFACT, {})
    store.delete(f"models/match/{version}/model.skops")
    with pytest.raises(ModelNotFound):
        registry.load("match")


@pytest.mark.parametrize(
    ("kind", "version"),
    [
        ("../match", None),
        ("Match", None),
        ("match/x", None),
        ("match", "../../etc/passwd"),
        ("match", "latest"),
    ],
)
def test_unsafe_names_are_refused(registry: ModelRegistry, kind: str, version: str | None) -> None:
    with pytest.raises(InvalidModelReference):
        registry.load(kind, version)


@pytest.mark.parametrize("name", ["../x", "a/b", "manifest.json", "", ".hidden"])
def test_unsafe_file_names_are_refused(registry: ModelRegistry, name: str) -> None:
    with pytest.raises(InvalidModelReference):
        registry.publish_files("match", {name: b"x"}, {})


def test_a_version_needs_a_file(registry: ModelRegistry) -> None:
    with pytest.raises(InvalidModelReference):
        registry.publish_files("match", {}, {})


def test_manifest_is_readable_json_in_the_store(
    registry: ModelRegistry, store: CountingStore
) -> None:
    version = registry.publish("match", ARTIFACT, {"note": "olá"})
    document = json.loads(store.read_bytes(f"models/match/{version}/manifest.json"))
    assert document["note"] == "olá"
    assert document["files"]["model.skops"]["sha256"] == hashlib.sha256(ARTIFACT).hexdigest()
