"""An object store in an S3 bucket (AWS, MinIO, moto): streaming reads, atomic uploads."""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import (
    ClientError,
    CredentialRetrievalError,
    HTTPClientError,
    IncompleteReadError,
    NoCredentialsError,
    PartialCredentialsError,
)
from botocore.exceptions import ConnectionError as BotoConnectionError

from talentmatch.storage.base import ObjectInfo, ObjectStore, guarded_writer
from talentmatch.storage.errors import InvalidKey, ObjectNotFound, StorageError, StorageUnavailable
from talentmatch.storage.keys import validate_key

READ_BUFFER_SIZE = 1024 * 1024
# Writes stay in memory up to this size, then spill to a temp file on local disk.
SPOOL_MEMORY_BYTES = 8 * 1024 * 1024
TRANSFER_CONFIG = TransferConfig(multipart_threshold=16 * 1024 * 1024)

_BUCKET_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$")
_NOT_FOUND_CODES = frozenset({"NoSuchKey", "NotFound", "404"})
_BUSY_CODES = frozenset(
    {"SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout", "Throttling"}
)
_UNREACHABLE = (BotoConnectionError, HTTPClientError, IncompleteReadError)
_NO_CREDENTIALS = (NoCredentialsError, PartialCredentialsError, CredentialRetrievalError)


def make_s3_client(
    endpoint_url: str | None = None,
    *,
    connect_timeout: float = 5,
    read_timeout: float = 60,
    max_attempts: int = 3,
) -> Any:
    """Build an S3 client with short timeouts and few retries, path-style for custom endpoints."""
    config = Config(
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        retries={"mode": "standard", "max_attempts": max_attempts},
        # MinIO, moto and other stand-ins serve buckets as paths, not as host names.
        s3={"addressing_style": "path"} if endpoint_url else None,
    )
    # A session per client: boto3's default session is not safe to share across threads.
    return boto3.session.Session().client("s3", endpoint_url=endpoint_url, config=config)


class _BodyReader(io.RawIOBase):
    """A raw reader over a botocore StreamingBody that maps network failures to domain errors."""

    def __init__(self, body: Any, store: S3ObjectStore, key: str) -> None:
        self._body = body
        self._store = store
        self._key = key

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        try:
            chunk = self._body.read(len(view))
        except _UNREACHABLE as exc:
            raise self._store._unreachable(exc) from exc
        view[: len(chunk)] = chunk
        return len(chunk)

    def close(self) -> None:
        if not self.closed:
            # Closing an unfinished body drops its connection instead of reading the rest.
            self._body.close()
        super().close()


class S3ObjectStore(ObjectStore):
    """Objects are S3 objects in `bucket`, under `prefix` ('a/b' stores key 'k' at 'a/b/k')."""

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        endpoint_url: str | None = None,
        client: Any | None = None,
    ) -> None:
        if not _BUCKET_RE.match(bucket):
            raise ValueError(f"invalid S3 bucket name {bucket!r}")
        prefix = prefix.strip("/")
        if prefix:
            try:
                validate_key(prefix)
            except InvalidKey as exc:
                raise ValueError(f"invalid S3 prefix: {exc.message}") from exc
        self.bucket = bucket
        self.prefix = f"{prefix}/" if prefix else ""
        self.endpoint_url = endpoint_url
        self._client = client if client is not None else make_s3_client(endpoint_url)
        self._probe: tuple[float, Any] | None = None

    @property
    def url(self) -> str:
        """The bucket and prefix as an s3:// URL."""
        return f"s3://{self.bucket}/{self.prefix}".rstrip("/")

    def __repr__(self) -> str:
        return f"S3ObjectStore({self.url!r}, endpoint_url={self.endpoint_url!r})"

    def _full(self, key: str) -> str:
        return self.prefix + key

    def _unreachable(self, exc: Exception) -> StorageUnavailable:
        where = self.endpoint_url or "AWS"
        return StorageUnavailable(f"object store {self.url} at {where} is unreachable: {exc}")

    def _refused(self, key: str, exc: ClientError) -> StorageError:
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)
        if code in _NOT_FOUND_CODES:
            return ObjectNotFound(f"object {key!r} not found in the object store")
        if code == "NoSuchBucket":
            where = self.endpoint_url or "AWS"
            return StorageUnavailable(f"bucket {self.bucket!r} does not exist at {where}")
        detail = f"{exc.operation_name} of {key!r} in {self.url}: {code} {error.get('Message', '')}"
        if code in _BUSY_CODES or status >= 500:
            return StorageUnavailable(f"object store is not serving: {detail.strip()}")
        return StorageError(f"object store refused {detail.strip()}")

    @contextmanager
    def _translate(self, key: str) -> Iterator[None]:
        """Turn boto errors raised by the enclosed S3 calls into storage domain errors."""
        try:
            yield
        except ClientError as exc:
            raise self._refused(key, exc) from exc
        except _UNREACHABLE as exc:
            raise self._unreachable(exc) from exc
        except _NO_CREDENTIALS as exc:
            raise StorageUnavailable(
                f"object store {self.url} cannot be used: no valid AWS credentials ({exc})"
            ) from exc

    @contextmanager
    def _open_read(self, key: str) -> Iterator[BinaryIO]:
        with self._translate(key):
            response = self._client.get_object(Bucket=self.bucket, Key=self._full(key))
        # The body streams from the socket; the buffered reader gives the importer its read(n).
        reader = io.BufferedReader(
            _BodyReader(response["Body"], self, key), buffer_size=READ_BUFFER_SIZE
        )
        with reader:
            yield reader

    def _write_bytes(self, key: str, data: bytes) -> None:
        # A single PutObject is atomic: readers see the old object or the new one, never half.
        with self._translate(key):
            self._client.put_object(Bucket=self.bucket, Key=self._full(key), Body=data)

    @contextmanager
    def _write_stream(self, key: str) -> Iterator[BinaryIO]:
        # Atomicity: the caller writes into a local spool (memory, then a temp file), and only
        # on success is it uploaded straight to the final key. S3 makes an object visible only
        # when its PutObject or CompleteMultipartUpload succeeds, and upload_fileobj aborts a
        # failed multipart upload, so no partial object and no temp key can ever be listed.
        # A temp key + copy_object would cost a second full write, be capped at 5 GB per
        # copy, and leave a visible orphan if the process died between the two steps.
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY_BYTES) as spool:
            with guarded_writer(spool) as writer:
                yield writer
            spool.seek(0)
            with self._translate(key):
                self._client.upload_fileobj(
                    spool, self.bucket, self._full(key), Config=TRANSFER_CONFIG
                )

    def _check_available(self, timeout: float) -> None:
        # HeadBucket on a client of its own: one attempt, timeouts of `timeout` seconds, so a
        # store that is down costs /ready a few seconds at most.
        if self._probe is None or self._probe[0] != timeout:
            client = make_s3_client(
                self.endpoint_url, connect_timeout=timeout, read_timeout=timeout, max_attempts=1
            )
            self._probe = (timeout, client)
        try:
            with self._translate(""):
                self._probe[1].head_bucket(Bucket=self.bucket)
        except ObjectNotFound as exc:  # HeadBucket says 404 when the bucket is missing
            where = self.endpoint_url or "AWS"
            raise StorageUnavailable(f"bucket {self.bucket!r} does not exist at {where}") from exc

    def _size(self, key: str) -> int:
        with self._translate(key):
            response = self._client.head_object(Bucket=self.bucket, Key=self._full(key))
        return int(response["ContentLength"])

    def _exists(self, key: str) -> bool:
        try:
            self._size(key)
        except ObjectNotFound:
            return False
        return True

    def _delete(self, key: str) -> None:
        with self._translate(key):
            self._client.delete_object(Bucket=self.bucket, Key=self._full(key))

    def _list(self, prefix: str) -> list[ObjectInfo]:
        found: list[ObjectInfo] = []
        paginator = self._client.get_paginator("list_objects_v2")
        with self._translate(prefix):
            for page in paginator.paginate(Bucket=self.bucket, Prefix=self._full(prefix)):
                for item in page.get("Contents", []):
                    key = item["Key"][len(self.prefix) :]
                    try:
                        validate_key(key)
                    except InvalidKey:
                        continue  # e.g. "folder/" markers made by consoles; not readable here
                    found.append(
                        ObjectInfo(
                            key=key, size=int(item["Size"]), last_modified=item["LastModified"]
                        )
                    )
        return sorted(found, key=lambda info: info.key.encode("utf-8"))
