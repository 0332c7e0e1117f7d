"""Fixtures: the same `store` tests run on a local folder and on a real S3 server (moto)."""

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from talentmatch.storage import LocalObjectStore, ObjectStore, S3ObjectStore, make_s3_client
from tests.s3_server import dummy_aws_env, running_s3_server, s3_client

S3_PREFIX = "tenant/exports"


@pytest.fixture(autouse=True)
def aws_env() -> Iterator[None]:
    """Dummy AWS credentials for every test here; real profiles and endpoints are hidden."""
    # Function scope on purpose: a session fixture here would keep the environment patched
    # for the test folders that run after this one.
    with dummy_aws_env():
        yield


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """The endpoint URL of one moto S3 server on loopback, shared by the session."""
    with running_s3_server() as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def raw_s3(s3_endpoint: str) -> Any:
    """A plain boto3 client on the test server, to look at the bucket behind the store's back."""
    return s3_client(s3_endpoint)


@pytest.fixture(scope="session")
def store_client(s3_endpoint: str) -> Any:
    """The client the stores use, built by the production factory (shared: clients are slow)."""
    with dummy_aws_env():  # credentials are resolved once, when the client is built
        return make_s3_client(s3_endpoint)


@pytest.fixture
def bucket(raw_s3: Any) -> Iterator[str]:
    """A fresh, empty bucket for one test, emptied and removed afterwards to free memory."""
    name = f"test-{uuid.uuid4().hex[:16]}"
    raw_s3.create_bucket(Bucket=name)
    yield name
    for page in raw_s3.get_paginator("list_objects_v2").paginate(Bucket=name):
        for item in page.get("Contents", []):
            raw_s3.delete_object(Bucket=name, Key=item["Key"])
    raw_s3.delete_bucket(Bucket=name)


@pytest.fixture
def s3_store(s3_endpoint: str, bucket: str, store_client: Any) -> S3ObjectStore:
    """An S3 store under a prefix in a fresh bucket."""
    return S3ObjectStore(bucket, S3_PREFIX, endpoint_url=s3_endpoint, client=store_client)


@pytest.fixture
def local_store(tmp_path: Path) -> LocalObjectStore:
    """A local store in a folder that does not exist yet (the first write creates it)."""
    return LocalObjectStore(tmp_path / "store")


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest) -> ObjectStore:
    """Each behavioural test runs once per implementation."""
    fixture = "local_store" if request.param == "local" else "s3_store"
    return request.getfixturevalue(fixture)
