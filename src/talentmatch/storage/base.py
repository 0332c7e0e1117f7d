"""The object store interface: streaming reads, atomic writes, listing; keys validated once."""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any, BinaryIO

from talentmatch.storage.errors import ObjectTooLarge
from talentmatch.storage.keys import validate_key, validate_prefix

WRITE_BUFFER_SIZE = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ObjectInfo:
    """One stored object as a listing reports it."""

    key: str
    size: int
    last_modified: datetime


class ObjectStore(ABC):
    """A flat namespace of byte objects addressed by '/'-separated relative keys.

    Public methods validate their key and delegate to the `_`-prefixed hooks that
    implementations provide, so no implementation can forget the validation.
    """

    @property
    @abstractmethod
    def url(self) -> str:
        """Where the store lives, for logs (never contains credentials)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.url!r})"

    def open_read(self, key: str) -> AbstractContextManager[BinaryIO]:
        """Open `key` for streaming reads; the file supports `.read(n)` and is closed on exit."""
        return self._open_read(validate_key(key))

    def read_bytes(self, key: str) -> bytes:
        """Return the whole content of a small object."""
        return self._read_bytes(validate_key(key))

    def write_bytes(self, key: str, data: bytes | bytearray | memoryview) -> None:
        """Store `data` under `key` atomically, replacing any previous object."""
        self._write_bytes(validate_key(key), data if isinstance(data, bytes) else bytes(data))

    def write_stream(self, key: str) -> AbstractContextManager[BinaryIO]:
        """Yield a writable binary file whose content appears at `key` only on successful exit."""
        return self._write_stream(validate_key(key))

    def size(self, key: str) -> int:
        """Return the size of the object in bytes."""
        return self._size(validate_key(key))

    def exists(self, key: str) -> bool:
        """Tell whether an object is stored under `key`."""
        return self._exists(validate_key(key))

    def delete(self, key: str) -> None:
        """Remove the object; deleting a missing key is a no-op (as in S3)."""
        self._delete(validate_key(key))

    def check_available(self, timeout: float = 3.0) -> None:
        """Raise StorageUnavailable unless the store answers within about `timeout` seconds."""
        self._check_available(timeout)

    @abstractmethod
    def _check_available(self, timeout: float) -> None: ...

    @abstractmethod
    def _open_read(self, key: str) -> AbstractContextManager[BinaryIO]: ...

    def _read_bytes(self, key: str) -> bytes:
        with self._open_read(key) as f:
            return f.read()

    @abstractmethod
    def _write_bytes(self, key: str, data: bytes) -> None: ...

    @abstractmethod
    def _write_stream(self, key: str) -> AbstractContextManager[BinaryIO]: ...

    @abstractmethod
    def _size(self, key: str) -> int: ...

    @abstractmethod
    def _exists(self, key: str) -> bool: ...

    @abstractmethod
    def _delete(self, key: str) -> None: ...

    @abstractmethod
    def _list(self, prefix: str) -> list[ObjectInfo]: ...

    # Defined last: inside the class body, later annotations would see this method as `list`.
    def list(self, prefix: str = "") -> list[ObjectInfo]:
        """Return the objects whose key starts with `prefix`, sorted by key."""
        return self._list(validate_prefix(prefix))


def check_size(store: ObjectStore, key: str, max_bytes: int) -> int:
    """Return the object's size, raising ObjectTooLarge when it exceeds `max_bytes`."""
    size = store.size(key)
    if size > max_bytes:
        raise ObjectTooLarge(
            f"object {key!r} is {size} bytes, more than the {max_bytes} bytes allowed"
        )
    return size


class _KeepOpen(io.RawIOBase):
    """A raw writer over `target` whose close() leaves `target` open.

    Callers commonly wrap the yielded file (TextIOWrapper, gzip, csv) and close the
    wrapper inside the block, which would otherwise close the temp file before commit.
    """

    def __init__(self, target: IO[bytes]) -> None:
        self._target = target

    def writable(self) -> bool:
        return True

    def write(self, b: Any, /) -> int:
        if self.closed:
            raise ValueError("write to a closed object-store writer")
        return self._target.write(b)


@contextmanager
def guarded_writer(target: IO[bytes]) -> Iterator[BinaryIO]:
    """Yield a buffered writer into `target` that callers may close early; flush on exit."""
    writer = io.BufferedWriter(_KeepOpen(target), buffer_size=WRITE_BUFFER_SIZE)
    try:
        yield writer
    finally:
        # close() flushes pending bytes into target (or is a no-op if already closed).
        writer.close()
