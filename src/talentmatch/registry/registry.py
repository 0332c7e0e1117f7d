"""Versioned model artifacts in the object store, with a verified local cache.

Layout under the store's `models/` prefix, one folder per kind (match, recommender, ...):

    models/<kind>/<version>/<file>...       the artifact files, written first
    models/<kind>/<version>/manifest.json   written last: a version without it is incomplete
    models/<kind>/CURRENT                   the version the API serves (a one-line text)

A version is `<UTC timestamp>-<8 hex digits>`; the manifest records the sha256 of every
file, and nothing leaves `fetch`/`load` unless its bytes match that hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Final

from talentmatch.core.errors import Conflict
from talentmatch.registry.errors import ChecksumMismatch, InvalidModelReference, ModelNotFound
from talentmatch.storage import ObjectNotFound, ObjectStore

MANIFEST: Final[str] = "manifest.json"
CURRENT: Final[str] = "CURRENT"
MAIN_ARTIFACT: Final[str] = "model.skops"
CHUNK: Final[int] = 1024 * 1024

_KIND: Final = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
_VERSION: Final = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{8}$")
_FILE: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def _check(pattern: re.Pattern[str], value: str, what: str) -> str:
    if not isinstance(value, str) or not pattern.match(value) or value == MANIFEST:
        raise InvalidModelReference(f"{what} inválido: {value!r}")
    return value


def sha256_file(path: Path) -> str:
    """sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class LoadedVersion:
    """A version whose files are in the local cache and match their recorded sha256."""

    kind: str
    version: str
    manifest: dict[str, Any]
    files: dict[str, Path]

    def read(self, name: str = MAIN_ARTIFACT) -> bytes:
        """The bytes of one verified file."""
        if name not in self.files:
            raise ModelNotFound(f"a versão {self.version} não tem o arquivo {name!r}")
        return self.files[name].read_bytes()


class ModelRegistry:
    """Publish, list and fetch model versions; downloads land once in `cache_dir`."""

    def __init__(self, store: ObjectStore, cache_dir: Path, *, prefix: str = "models") -> None:
        self.store = store
        self.cache_dir = Path(cache_dir)
        self.prefix = prefix.strip("/")

    def _key(self, kind: str, *parts: str) -> str:
        return "/".join((self.prefix, _check(_KIND, kind, "tipo de modelo"), *parts))

    # --- publishing --------------------------------------------------------------------
    def publish(
        self, kind: str, artifact: bytes, manifest: Mapping[str, Any], *, make_current: bool = True
    ) -> str:
        """Store a one-file model (`model.skops`) with its manifest; returns the new version."""
        return self.publish_files(
            kind, {MAIN_ARTIFACT: artifact}, manifest, make_current=make_current
        )

    def publish_files(
        self,
        kind: str,
        files: Mapping[str, bytes],
        manifest: Mapping[str, Any],
        *,
        make_current: bool = True,
    ) -> str:
        """Store several files as one version (e.g. embeddings + index); returns the version."""
        if not files:
            raise InvalidModelReference("uma versão precisa de ao menos um arquivo")
        recorded = {
            _check(_FILE, name, "nome de arquivo"): {
                "sha256": hashlib.sha256(data).hexdigest(),
                "bytes": len(data),
            }
            for name, data in files.items()
        }
        now = datetime.now(UTC)
        seed = json.dumps([recorded, now.isoformat()], sort_keys=True).encode()
        version = f"{now:%Y%m%dT%H%M%SZ}-{hashlib.sha256(seed).hexdigest()[:8]}"
        if self.store.exists(self._key(kind, version, MANIFEST)):
            raise Conflict(f"a versão {version} de {kind} já existe")
        document = {
            **manifest,
            "kind": kind,
            "version": version,
            "created_at": now.isoformat(),
            "files": recorded,
        }
        if MAIN_ARTIFACT in recorded:
            document["artifact_sha256"] = recorded[MAIN_ARTIFACT]["sha256"]
        for name, data in files.items():
            self.store.write_bytes(self._key(kind, version, name), data)
        # The manifest goes last: readers treat a version without one as not published.
        body = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True, default=str)
        self.store.write_bytes(self._key(kind, version, MANIFEST), body.encode("utf-8"))
        if make_current:
            self.set_current(kind, version)
        return version

    def set_current(self, kind: str, version: str) -> None:
        """Point the kind's CURRENT at a published version (promotion or rollback)."""
        self.manifest(kind, version)  # refuses unknown or incomplete versions
        self.store.write_bytes(self._key(kind, CURRENT), f"{version}\n".encode())

    # --- reading -----------------------------------------------------------------------
    def current_version(self, kind: str) -> str | None:
        """The version CURRENT points at, or None when nothing was published."""
        try:
            text = self.store.read_bytes(self._key(kind, CURRENT)).decode("utf-8").strip()
        except ObjectNotFound:
            return None
        return _check(_VERSION, text, "versão em CURRENT")

    def manifest(self, kind: str, version: str) -> dict[str, Any]:
        """The manifest of one version (from the cache when it was fetched before)."""
        _check(_KIND, kind, "tipo de modelo")
        _check(_VERSION, version, "versão")
        cached = self.cache_dir / kind / version / MANIFEST
        if cached.is_file():
            return dict(json.loads(cached.read_text(encoding="utf-8")))
        try:
            data = self.store.read_bytes(self._key(kind, version, MANIFEST))
        except ObjectNotFound as exc:
            raise ModelNotFound(f"a versão {version} de {kind} não existe") from exc
        return dict(json.loads(data))

    def list_versions(self, kind: str) -> list[dict[str, Any]]:
        """Manifests of every complete version, oldest first, each marked `current` or not."""
        current = self.current_version(kind)
        manifests = [
            dict(json.loads(self.store.read_bytes(info.key)))
            for info in self.store.list(self._key(kind) + "/")
            if info.key.endswith("/" + MANIFEST)
        ]
        manifests.sort(key=lambda m: (str(m.get("created_at", "")), str(m.get("version", ""))))
        for item in manifests:
            item["current"] = item.get("version") == current
        return manifests

    def fetch(self, kind: str, version: str | None = None) -> LoadedVersion:
        """Bring a version's files into the cache (once) and verify each sha256."""
        version = version if version is not None else self.current_version(kind)
        if version is None:
            raise ModelNotFound(f"nenhuma versão de {kind} foi publicada")
        manifest = self.manifest(kind, version)
        folder = self.cache_dir / kind / version
        folder.mkdir(parents=True, exist_ok=True)
        paths: dict[str, Path] = {}
        for name, info in dict(manifest.get("files", {})).items():
            path = folder / _check(_FILE, name, "nome de arquivo")
            expected = str(info["sha256"])
            if not path.is_file() or sha256_file(path) != expected:
                # Missing or damaged in the cache: download again, verify before it lands.
                self._download(self._key(kind, version, name), path, expected)
            paths[name] = path
        manifest_path = folder / MANIFEST
        if not manifest_path.is_file():
            _atomic_write(manifest_path, json.dumps(manifest, ensure_ascii=False).encode())
        return LoadedVersion(kind=kind, version=version, manifest=manifest, files=paths)

    def load(self, kind: str, version: str | None = None) -> tuple[bytes, dict[str, Any]]:
        """The verified main artifact of a version (CURRENT by default) and its manifest."""
        loaded = self.fetch(kind, version)
        return loaded.read(MAIN_ARTIFACT), loaded.manifest

    def _download(self, key: str, target: Path, expected: str) -> None:
        digest = hashlib.sha256()
        handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(handle, "wb") as out, self.store.open_read(key) as source:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != expected:
                raise ChecksumMismatch(
                    f"o arquivo {key} não confere com o sha256 do manifesto; não foi carregado"
                )
            os.replace(temp_name, target)
        except ObjectNotFound as exc:
            raise ModelNotFound(f"o arquivo {key} do manifesto não está no armazenamento") from exc
        finally:
            if os.path.exists(temp_name):
                os.unlink(temp_name)

    def clear_cache(self, kind: str | None = None) -> None:
        """Remove downloaded copies (of one kind, or all)."""
        target = self.cache_dir / _check(_KIND, kind, "tipo de modelo") if kind else self.cache_dir
        shutil.rmtree(target, ignore_errors=True)


def _atomic_write(path: Path, data: bytes) -> None:
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temp_name, path)


def library_versions(libraries: Iterable[str]) -> dict[str, str]:
    """Versions of the libraries an artifact depends on, and of Python (for its manifest)."""
    found = {"python": platform.python_version()}
    for name in libraries:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found
