"""S3-only behaviour: layout under the prefix, multipart atomicity, error mapping."""

import time
from typing import Any

import pytest
from boto3.s3.transfer import TransferConfig

from talentmatch.storage import (
    ObjectNotFound,
    S3ObjectStore,
    StorageError,
    StorageUnavailable,
)
from talentmatch.storage import s3 as s3_module
from tests.s3_server import unreachable_endpoint_url

MiB = 1024 * 1024


def raw_keys(raw_s3: Any, bucket: str) -> list[str]:
    """Every key in the bucket, as S3 itself reports them."""
    return [item["Key"] for item in raw_s3.list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_keys_live_under_the_prefix(s3_store: S3ObjectStore, raw_s3: Any, bucket: str) -> None:
    s3_store.write_bytes("a/b.json", b"{}")

    assert raw_keys(raw_s3, bucket) == ["tenant/exports/a/b.json"]
    assert s3_store.url == f"s3://{bucket}/tenant/exports"


def test_store_at_bucket_root(s3_endpoint: str, bucket: str, raw_s3: Any) -> None:
    store = S3ObjectStore(bucket, endpoint_url=s3_endpoint)
    store.write_bytes("top.json", b"1")

    assert raw_keys(raw_s3, bucket) == ["top.json"]
    assert [info.key for info in store.list()] == ["top.json"]
    assert store.url == f"s3://{bucket}"


def test_list_skips_objects_outside_prefix_and_folder_markers(
    s3_store: S3ObjectStore, raw_s3: Any, bucket: str
) -> None:
    raw_s3.put_object(Bucket=bucket, Key="tenant/exportsX/other.json", Body=b"1")
    raw_s3.put_object(Bucket=bucket, Key="tenant/exports/folder/", Body=b"")
    raw_s3.put_object(Bucket=bucket, Key="tenant/exports/folder/real.json", Body=b"22")

    assert [info.key for info in s3_store.list()] == ["folder/real.json"]


def test_multipart_write_is_atomic_and_complete(
    s3_store: S3ObjectStore, raw_s3: Any, bucket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_parts = TransferConfig(multipart_threshold=5 * MiB, multipart_chunksize=5 * MiB)
    monkeypatch.setattr(s3_module, "TRANSFER_CONFIG", small_parts)
    data = bytes(range(256)) * (11 * MiB // 256)

    with s3_store.write_stream("big/multipart.bin") as f:
        f.write(data)
        assert raw_keys(raw_s3, bucket) == []

    assert s3_store.read_bytes("big/multipart.bin") == data
    assert raw_keys(raw_s3, bucket) == ["tenant/exports/big/multipart.bin"]
    assert raw_s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


def test_failed_write_starts_no_upload(s3_store: S3ObjectStore, raw_s3: Any, bucket: str) -> None:
    with pytest.raises(RuntimeError), s3_store.write_stream("x.bin") as f:
        f.write(b"x" * MiB)
        raise RuntimeError("abort")

    assert raw_keys(raw_s3, bucket) == []
    assert raw_s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


def test_unreachable_endpoint_raises_storage_unavailable() -> None:
    endpoint = unreachable_endpoint_url()
    store = S3ObjectStore("bucket", "p", endpoint_url=endpoint)
    started = time.monotonic()

    with pytest.raises(StorageUnavailable) as caught:
        store.read_bytes("a.json")

    assert caught.value.status_code == 503
    assert endpoint in caught.value.message
    assert "unreachable" in caught.value.message
    assert time.monotonic() - started < 10
    for call in (
        lambda: store.size("a.json"),
        lambda: store.exists("a.json"),
        lambda: store.list(),
        lambda: store.write_bytes("a.json", b"1"),
        lambda: store.delete("a.json"),
    ):
        with pytest.raises(StorageUnavailable):
            call()
    with pytest.raises(StorageUnavailable), store.write_stream("a.json") as f:
        f.write(b"1")


def test_missing_bucket_raises_storage_unavailable(s3_endpoint: str) -> None:
    store = S3ObjectStore("no-such-bucket-here", endpoint_url=s3_endpoint)

    with pytest.raises(StorageUnavailable, match="no-such-bucket-here"):
        store.write_bytes("a.json", b"1")
    with pytest.raises(StorageUnavailable, match="does not exist"):
        store.list()


def test_missing_key_error_names_the_key_not_the_store(s3_store: S3ObjectStore) -> None:
    with pytest.raises(ObjectNotFound) as caught:
        s3_store.read_bytes("gone.json")

    # Not-found answers reach API clients: the key, never the storage URL (issue 13).
    assert "gone.json" in caught.value.message
    assert s3_store.url not in caught.value.message


def test_other_client_errors_become_storage_error() -> None:
    store = S3ObjectStore("some-bucket", client=_FailingClient())

    with pytest.raises(StorageError, match="AccessDenied") as caught:
        store.read_bytes("a.json")
    assert type(caught.value) is StorageError
    assert caught.value.status_code == 500


class _FailingClient:
    """Stands in only for the refusal a real AWS account would give (moto allows everything)."""

    def get_object(self, **_: Any) -> Any:
        from botocore.exceptions import ClientError

        raise ClientError(
            {
                "Error": {"Code": "AccessDenied", "Message": "Access Denied"},
                "ResponseMetadata": {"HTTPStatusCode": 403},
            },
            "GetObject",
        )


@pytest.mark.parametrize(("bucket", "prefix"), [("", ""), ("a/b", ""), ("ok-bucket", "../x")])
def test_bad_configuration_raises_value_error(bucket: str, prefix: str) -> None:
    with pytest.raises(ValueError):
        S3ObjectStore(bucket, prefix)
