"""Behaviour every ObjectStore must have; runs on the local folder and on S3 (moto)."""

import hashlib
import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from talentmatch.decision.splitter import parse_record, split_records
from talentmatch.storage import (
    ObjectNotFound,
    ObjectStore,
    ObjectTooLarge,
    StorageError,
    check_size,
)

MiB = 1024 * 1024


class Boom(Exception):
    """Raised inside a write block to abort it."""


def pattern(size: int) -> bytes:
    """Deterministic, non-repeating-looking bytes (cheaper than os.urandom for big sizes)."""
    block = hashlib.sha256(str(size).encode()).digest() * 4096
    return (block * (size // len(block) + 1))[:size]


def test_write_bytes_then_read_round_trip(store: ObjectStore) -> None:
    store.write_bytes("candidatos/joão.json", b'{"nome": "Jo\xc3\xa3o"}')

    assert store.read_bytes("candidatos/joão.json") == b'{"nome": "Jo\xc3\xa3o"}'
    with store.open_read("candidatos/joão.json") as f:
        assert f.read() == b'{"nome": "Jo\xc3\xa3o"}'


def test_empty_object_round_trip(store: ObjectStore) -> None:
    store.write_bytes("empty.bin", b"")

    assert store.read_bytes("empty.bin") == b""
    assert store.size("empty.bin") == 0
    assert store.exists("empty.bin")


def test_write_stream_round_trip(store: ObjectStore) -> None:
    with store.write_stream("exports/parts.txt") as f:
        for i in range(3):
            f.write(f"line {i}\n".encode())

    assert store.read_bytes("exports/parts.txt") == b"line 0\nline 1\nline 2\n"


def test_streaming_read_of_a_multi_megabyte_object_in_chunks(store: ObjectStore) -> None:
    data = pattern(6 * MiB + 123)
    with store.write_stream("big/blob.bin") as f:
        for start in range(0, len(data), MiB):
            f.write(data[start : start + MiB])

    digest = hashlib.sha256()
    chunks = 0
    with store.open_read("big/blob.bin") as f:
        while chunk := f.read(64 * 1024):
            assert len(chunk) <= 64 * 1024
            digest.update(chunk)
            chunks += 1
    assert chunks == len(data) // (64 * 1024) + 1
    assert digest.digest() == hashlib.sha256(data).digest()


def test_reader_may_stop_early(store: ObjectStore) -> None:
    store.write_bytes("big/head.bin", pattern(3 * MiB))

    with store.open_read("big/head.bin") as f:
        assert f.read(10) == pattern(3 * MiB)[:10]
    assert f.closed


def test_the_importer_splits_a_streamed_decision_file(store: ObjectStore) -> None:
    records = {
        str(i): {"id": i, "nome": f"candidato {i}", "skills": ["python", "sql"]}
        for i in range(30000)
    }
    # Closing a wrapper inside the block must not lose the data (it only flushes).
    with (
        store.write_stream("decision/applicants.json") as f,
        io.TextIOWrapper(f, encoding="utf-8") as text,
    ):
        json.dump(records, text)
    assert store.size("decision/applicants.json") > 2 * MiB

    with store.open_read("decision/applicants.json") as f:
        ids = [parse_record(record)["id"] for record in split_records(f, max_record_bytes=MiB)]
    assert ids == list(range(30000))


def test_failed_write_stream_leaves_nothing(store: ObjectStore) -> None:
    with pytest.raises(Boom), store.write_stream("exports/failed.json") as f:
        f.write(b"half of it")
        raise Boom

    assert not store.exists("exports/failed.json")
    assert store.list() == []


def test_failed_write_stream_after_megabytes_leaves_nothing(store: ObjectStore) -> None:
    # Past the S3 spool's in-memory size, so the half-written data already sits on disk.
    with pytest.raises(Boom), store.write_stream("exports/failed.bin") as f:
        f.write(pattern(9 * MiB))
        raise Boom

    assert store.list() == []


def test_failed_overwrite_keeps_the_old_object(store: ObjectStore) -> None:
    store.write_bytes("report.csv", b"old")

    with pytest.raises(Boom), store.write_stream("report.csv") as f:
        f.write(b"new but broken")
        raise Boom

    assert store.read_bytes("report.csv") == b"old"
    assert [info.key for info in store.list()] == ["report.csv"]


def test_object_appears_only_when_write_stream_exits(store: ObjectStore) -> None:
    with store.write_stream("exports/pending.json") as f:
        f.write(b"[]")
        f.flush()
        assert not store.exists("exports/pending.json")
        assert store.list() == []

    assert store.read_bytes("exports/pending.json") == b"[]"


def test_overwrite_replaces_content_and_size(store: ObjectStore) -> None:
    store.write_bytes("vagas.json", b"first version, longer")
    store.write_bytes("vagas.json", b"second")

    assert store.read_bytes("vagas.json") == b"second"
    assert store.size("vagas.json") == 6


def test_list_filters_by_prefix_and_sorts_by_key(store: ObjectStore) -> None:
    for key, data in {"b/x": b"1", "a/2.json": b"22", "ab.json": b"333", "a/1.json": b""}.items():
        store.write_bytes(key, data)

    everything = store.list()
    assert [(info.key, info.size) for info in everything] == [
        ("a/1.json", 0),
        ("a/2.json", 2),
        ("ab.json", 3),
        ("b/x", 1),
    ]
    assert [info.key for info in store.list("a/")] == ["a/1.json", "a/2.json"]
    assert [info.key for info in store.list("a")] == ["a/1.json", "a/2.json", "ab.json"]
    assert [info.key for info in store.list("a/2")] == ["a/2.json"]
    assert store.list("c/") == []
    now = datetime.now(UTC)
    for info in everything:
        assert info.last_modified.tzinfo is not None
        assert abs(info.last_modified - now) < timedelta(minutes=5)


def test_size_exists_and_delete(store: ObjectStore) -> None:
    store.write_bytes("models/v1.bin", b"12345")

    assert store.size("models/v1.bin") == 5
    assert store.exists("models/v1.bin")
    assert not store.exists("models/v2.bin")
    assert not store.exists("models")  # a folder-like prefix is not an object

    store.delete("models/v1.bin")
    assert not store.exists("models/v1.bin")
    assert store.list() == []
    store.delete("models/v1.bin")  # deleting a missing key is a no-op


@pytest.mark.parametrize("operation", ["open_read", "read_bytes", "size"])
def test_missing_key_raises_object_not_found(store: ObjectStore, operation: str) -> None:
    with pytest.raises(ObjectNotFound, match=r"nope/missing\.json") as caught:
        if operation == "open_read":
            with store.open_read("nope/missing.json"):
                pass
        else:
            getattr(store, operation)("nope/missing.json")

    assert caught.value.status_code == 404
    assert isinstance(caught.value, StorageError)


def test_check_size(store: ObjectStore) -> None:
    store.write_bytes("upload.json", b"x" * 100)

    assert check_size(store, "upload.json", 100) == 100
    with pytest.raises(ObjectTooLarge, match="100 bytes") as caught:
        check_size(store, "upload.json", 99)
    assert caught.value.status_code == 413


def test_write_bytes_accepts_bytes_like(store: ObjectStore) -> None:
    store.write_bytes("a.bin", bytearray(b"abc"))
    store.write_bytes("b.bin", memoryview(b"def"))

    assert store.read_bytes("a.bin") + store.read_bytes("b.bin") == b"abcdef"


def test_url_and_repr_name_the_store(store: ObjectStore) -> None:
    assert store.url.startswith(("file:///", "s3://"))
    assert store.url in repr(store)
