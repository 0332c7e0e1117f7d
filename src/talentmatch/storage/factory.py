"""Build an object store from a configuration URL (file://, s3:// or a plain path)."""

import re
from pathlib import Path
from urllib.parse import unquote

from talentmatch.storage.base import ObjectStore
from talentmatch.storage.local import LocalObjectStore
from talentmatch.storage.s3 import S3ObjectStore

_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def _local(path: str, base_dir: Path | None) -> LocalObjectStore:
    """A local store at `path`, resolved against `base_dir` (or the cwd) when relative."""
    if not path:
        raise ValueError("object store path must not be empty")
    root = Path(path).expanduser()
    if not root.is_absolute():
        root = (base_dir if base_dir is not None else Path.cwd()) / root
    return LocalObjectStore(root)


def _from_file_url(url: str, rest: str, base_dir: Path | None) -> LocalObjectStore:
    if "?" in rest or "#" in rest:
        raise ValueError(f"object store URL {url!r} must not have a query or fragment")
    rest = unquote(rest.removeprefix("//")) if rest.startswith("//") else ""
    # file:///abs/path has an empty host; file://./rel and file://../rel are relative paths.
    if rest.startswith("/") or rest in {".", ".."} or rest.startswith(("./", "../")):
        return _local(rest, base_dir)
    raise ValueError(
        f"unsupported file URL {url!r}: use file:///absolute/path or file://./relative/path"
    )


def _from_s3_url(url: str, rest: str, s3_endpoint_url: str | None) -> S3ObjectStore:
    if "?" in rest or "#" in rest:
        raise ValueError(f"object store URL {url!r} must not have a query or fragment")
    bucket, _, prefix = (
        rest.removeprefix("//").partition("/") if rest.startswith("//") else ("", "", "")
    )
    if not bucket:
        raise ValueError(f"object store URL {url!r} has no bucket: use s3://bucket/optional/prefix")
    return S3ObjectStore(bucket, prefix, endpoint_url=s3_endpoint_url)


def store_from_url(
    url: str, *, s3_endpoint_url: str | None = None, base_dir: Path | None = None
) -> ObjectStore:
    """Return the store `url` names: file:///abs, file://./rel, a plain path, or s3://bucket/prefix."""
    url = url.strip()
    if not url:
        raise ValueError("object store URL must not be empty")
    match = _SCHEME_RE.match(url)
    if match is None:
        return _local(url, base_dir)
    scheme, rest = match.group(1).lower(), url[match.end() :]
    if scheme == "file":
        return _from_file_url(url, rest, base_dir)
    if scheme == "s3":
        return _from_s3_url(url, rest, s3_endpoint_url)
    raise ValueError(
        f"unsupported object store URL {url!r}: expected s3://bucket/prefix, "
        "file:///absolute/path, file://./relative/path or a plain path"
    )
