"""Parsing of the storage URL setting into a store."""

from pathlib import Path

import pytest

from talentmatch.storage import LocalObjectStore, S3ObjectStore, store_from_url


def test_relative_file_url_uses_base_dir(tmp_path: Path) -> None:
    store = store_from_url("file://./data/storage", base_dir=tmp_path)

    assert isinstance(store, LocalObjectStore)
    assert store.root == tmp_path / "data" / "storage"


def test_relative_file_url_defaults_to_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    store = store_from_url("file://../up")

    assert isinstance(store, LocalObjectStore)
    assert store.root == tmp_path.parent / "up"


def test_absolute_file_url(tmp_path: Path) -> None:
    store = store_from_url(f"file://{tmp_path}/abs%20dir", base_dir=Path("/ignored"))

    assert isinstance(store, LocalObjectStore)
    assert store.root == tmp_path / "abs dir"


@pytest.mark.parametrize("relative", ["data/storage", "./data/storage"])
def test_plain_relative_path(tmp_path: Path, relative: str) -> None:
    store = store_from_url(relative, base_dir=tmp_path)

    assert isinstance(store, LocalObjectStore)
    assert store.root == tmp_path / "data" / "storage"


def test_plain_absolute_path(tmp_path: Path) -> None:
    store = store_from_url(str(tmp_path / "x"), base_dir=Path("/ignored"))

    assert isinstance(store, LocalObjectStore)
    assert store.root == tmp_path / "x"


@pytest.mark.parametrize(
    ("url", "bucket", "prefix", "printed"),
    [
        (
            "s3://bucket/optional/prefix",
            "bucket",
            "optional/prefix/",
            "s3://bucket/optional/prefix",
        ),
        (
            "s3://bucket/optional/prefix/",
            "bucket",
            "optional/prefix/",
            "s3://bucket/optional/prefix",
        ),
        ("s3://bucket", "bucket", "", "s3://bucket"),
        ("s3://bucket/", "bucket", "", "s3://bucket"),
        ("S3://bucket/p", "bucket", "p/", "s3://bucket/p"),
    ],
)
def test_s3_url(url: str, bucket: str, prefix: str, printed: str) -> None:
    store = store_from_url(url, s3_endpoint_url="http://127.0.0.1:9")

    assert isinstance(store, S3ObjectStore)
    assert (store.bucket, store.prefix, store.endpoint_url) == (
        bucket,
        prefix,
        "http://127.0.0.1:9",
    )
    assert store.url == printed


def test_s3_store_from_url_talks_to_the_server(s3_endpoint: str, bucket: str) -> None:
    store = store_from_url(f"s3://{bucket}/from/url", s3_endpoint_url=s3_endpoint)
    store.write_bytes("k.json", b"{}")

    assert store.read_bytes("k.json") == b"{}"
    assert [info.key for info in store.list()] == ["k.json"]


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "http://example.com/x",
        "ftp://host/x",
        "gs://bucket",
        "s3://",
        "s3:///prefix",
        "s3://bucket/../escape",
        "s3://bucket/p?versionId=1",
        "file://host/path",
        "file:relative",
    ],
)
def test_unsupported_urls_raise_value_error(url: str) -> None:
    with pytest.raises(ValueError):
        store_from_url(url)
