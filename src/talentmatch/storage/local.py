"""An object store in a local folder; atomic writes via a sibling temp file and os.replace."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from talentmatch.storage.base import ObjectInfo, ObjectStore, guarded_writer
from talentmatch.storage.errors import InvalidKey, ObjectNotFound, StorageError, StorageUnavailable
from talentmatch.storage.keys import TEMP_NAME_RE


class LocalObjectStore(ObjectStore):
    """Objects are files under `root`; a key's '/' separators become folders."""

    def __init__(self, root: Path | str) -> None:
        # The folder is created by the first write, not here, so building a store has no effect.
        self.root = Path(root).expanduser().resolve()

    @property
    def url(self) -> str:
        """The root folder as a file:// URL."""
        return self.root.as_uri()

    def _path(self, key: str) -> Path:
        path = self.root.joinpath(*key.split("/"))
        # Keys are validated already; this also stops a symlink inside root from leading out.
        if not path.resolve().is_relative_to(self.root):
            raise InvalidKey(f"key {key!r} resolves outside the store at {self.url}")
        return path

    def _missing(self, key: str) -> ObjectNotFound:
        return ObjectNotFound(f"object {key!r} not found in the object store")

    def _failed(self, key: str, exc: OSError) -> StorageError:
        return StorageError(f"could not access {key!r} in the object store: {exc.strerror or exc}")

    @contextmanager
    def _open_read(self, key: str) -> Iterator[BinaryIO]:
        try:
            f = self._path(key).open("rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise self._missing(key) from exc
        except OSError as exc:
            raise self._failed(key, exc) from exc
        with f:
            yield f

    def _write_bytes(self, key: str, data: bytes) -> None:
        with self._write_stream(key) as f:
            f.write(data)

    def _prepare_folder(self, key: str, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError) as exc:
            raise InvalidKey(
                f"key {key!r} cannot be stored in {self.url}: a part of its folder path "
                "is already an object"
            ) from exc
        except OSError as exc:
            raise self._failed(key, exc) from exc
        if path.is_dir():
            raise InvalidKey(
                f"key {key!r} cannot be stored in {self.url}: other objects are stored "
                f"under '{key}/'"
            )

    @contextmanager
    def _write_stream(self, key: str) -> Iterator[BinaryIO]:
        path = self._path(key)
        self._prepare_folder(key, path)
        # Same folder as the target so that os.replace is a rename within one filesystem.
        temp = path.with_name(f".{path.name}.tmp-{uuid.uuid4().hex}")
        try:
            f = temp.open("xb")
        except OSError as exc:
            raise self._failed(key, exc) from exc
        committed = False
        try:
            with f:
                # Errors raised by the caller's block propagate unchanged from this yield.
                with guarded_writer(f) as writer:
                    yield writer
                try:
                    f.flush()
                    os.fsync(f.fileno())
                except OSError as exc:
                    raise self._failed(key, exc) from exc
            try:
                os.replace(temp, path)
            except OSError as exc:
                raise self._failed(key, exc) from exc
            committed = True
        finally:
            if not committed:
                with suppress(FileNotFoundError):
                    temp.unlink()

    def _check_available(self, timeout: float) -> None:
        # The folder is created by the first write, so a missing one is fine; a file or an
        # unreadable folder in its place is not.
        try:
            if self.root.exists() and not (self.root.is_dir() and os.access(self.root, os.R_OK)):
                raise StorageUnavailable(f"object store {self.url} is not a readable folder")
        except OSError as exc:
            raise StorageUnavailable(f"object store {self.url} cannot be read: {exc}") from exc

    def _size(self, key: str) -> int:
        path = self._path(key)
        if not path.is_file():
            raise self._missing(key)
        try:
            return path.stat().st_size
        except FileNotFoundError as exc:
            raise self._missing(key) from exc
        except OSError as exc:
            raise self._failed(key, exc) from exc

    def _exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def _delete(self, key: str) -> None:
        # A folder or a path through a file is no object either: nothing to delete.
        try:
            self._path(key).unlink()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            pass
        except OSError as exc:
            raise self._failed(key, exc) from exc

    def _list(self, prefix: str) -> list[ObjectInfo]:
        # Only walk the deepest folder the prefix names; its last segment is a name prefix.
        folder = self.root.joinpath(*prefix.split("/")[:-1])
        found: list[ObjectInfo] = []
        for dirpath, _dirnames, filenames in os.walk(folder):
            base = Path(dirpath)
            for name in filenames:
                if TEMP_NAME_RE.match(name):
                    continue
                key = (base / name).relative_to(self.root).as_posix()
                if not key.startswith(prefix):
                    continue
                try:
                    stat = (base / name).stat()
                except FileNotFoundError:
                    continue  # deleted while we were listing
                modified = datetime.fromtimestamp(stat.st_mtime, tz=UTC)
                found.append(ObjectInfo(key=key, size=stat.st_size, last_modified=modified))
        # S3 orders keys by their UTF-8 bytes; do the same so both stores list alike.
        return sorted(found, key=lambda info: info.key.encode("utf-8"))
