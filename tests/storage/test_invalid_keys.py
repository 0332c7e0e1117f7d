"""Every public method rejects keys that could leave the store, on both implementations."""

from collections.abc import Callable
from typing import Any

import pytest

from talentmatch.storage import InvalidKey, ObjectStore, StorageError, validate_key, validate_prefix

BAD_KEYS = [
    "",
    "..",
    "a/../b",
    "../etc/passwd",
    "/abs",
    "/etc/passwd",
    "s3://x",
    "http://x",
    "https://example.com/a",
    "file:x",
    "file:///etc/passwd",
    "C:/windows",
    "a\\b",
    "..\\x",
    "a\x00b",
    "a\nb",
    "a\x7fb",
    "x" * 1025,
    "x" * 256,  # one name over 255 bytes (file systems and S3 tooling refuse it)
    "é" * 513,  # 1026 bytes in UTF-8
    "a//b",
    "a/",
    "./a",
    "a/./b",
    ".a.json.tmp-0123456789abcdef0123456789abcdef",
]

OPERATIONS: dict[str, Callable[[ObjectStore, str], Any]] = {
    "open_read": lambda store, key: store.open_read(key),
    "read_bytes": lambda store, key: store.read_bytes(key),
    "write_bytes": lambda store, key: store.write_bytes(key, b"x"),
    "write_stream": lambda store, key: store.write_stream(key),
    "size": lambda store, key: store.size(key),
    "exists": lambda store, key: store.exists(key),
    "delete": lambda store, key: store.delete(key),
}


@pytest.mark.parametrize("key", BAD_KEYS)
def test_validate_key_rejects(key: str) -> None:
    with pytest.raises(InvalidKey) as caught:
        validate_key(key)

    assert caught.value.status_code == 400
    assert isinstance(caught.value, StorageError)


@pytest.mark.parametrize(
    "key",
    [
        "a",
        "candidatos/2024/joão silva.json",
        "exports/2024-01-01T10:00:00.json",
        "..hidden",
        "a/..b/c",
        ".env",
        "/".join(["x" * 255] * 4),  # 1,023 characters, each name within 255 bytes
    ],
)
def test_validate_key_accepts(key: str) -> None:
    assert validate_key(key) == key


def test_validate_key_rejects_non_strings() -> None:
    with pytest.raises(InvalidKey, match="string"):
        validate_key(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize("prefix", ["", "a", "a/", "a/b/", "a/2024-", "a/."])
def test_validate_prefix_accepts(prefix: str) -> None:
    assert validate_prefix(prefix) == prefix


@pytest.mark.parametrize("prefix", ["/", "/a", "../", "a/../", "s3://x", "a//", "a\\"])
def test_validate_prefix_rejects(prefix: str) -> None:
    with pytest.raises(InvalidKey):
        validate_prefix(prefix)


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@pytest.mark.parametrize("key", ["..", "a/../b", "/abs", "s3://x", "http://x", ""])
def test_every_method_validates_its_key(store: ObjectStore, operation: str, key: str) -> None:
    with pytest.raises(InvalidKey):
        OPERATIONS[operation](store, key)


@pytest.mark.parametrize("prefix", ["../", "/abs", "s3://x"])
def test_list_validates_its_prefix(store: ObjectStore, prefix: str) -> None:
    with pytest.raises(InvalidKey):
        store.list(prefix)
