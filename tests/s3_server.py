"""A real S3 endpoint for tests: moto's server on a free loopback port, inside this process.

Usage from any test folder's conftest::

    from tests.s3_server import dummy_aws_env, running_s3_server, s3_client

    @pytest.fixture(scope="session")
    def s3_endpoint() -> Iterator[str]:
        with dummy_aws_env(), running_s3_server() as endpoint:
            yield endpoint
"""

import contextlib
import logging
import os
import socket
import urllib.request
from collections.abc import Iterator
from typing import Any
from unittest.mock import patch

import boto3
from botocore.config import Config

DUMMY_CREDENTIALS = {
    "aws_access_key_id": "testing",
    "aws_secret_access_key": "testing",
    "region_name": "us-east-1",
}

_DUMMY_ENV = {
    "AWS_ACCESS_KEY_ID": DUMMY_CREDENTIALS["aws_access_key_id"],
    "AWS_SECRET_ACCESS_KEY": DUMMY_CREDENTIALS["aws_secret_access_key"],
    "AWS_DEFAULT_REGION": DUMMY_CREDENTIALS["region_name"],
    # Never read the developer's real profiles, and never ask an instance metadata service.
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}
_CLEARED_ENV = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_S3",
    "AWS_REGION",
)


@contextlib.contextmanager
def running_s3_server() -> Iterator[str]:
    """Run moto's S3-compatible server on 127.0.0.1 (free port) and yield its endpoint URL."""
    # Imported here so that test folders that never start a server do not pay for moto.
    from moto.server import ThreadedMotoServer

    # werkzeug logs every request to stderr; keep test output readable.
    request_log = logging.getLogger("werkzeug")
    level = request_log.level
    request_log.setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        yield endpoint
    finally:
        # moto keeps its state in process-wide globals; drop it so the next server starts empty.
        with contextlib.suppress(OSError):
            urllib.request.urlopen(
                urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"), timeout=5
            ).close()
        server.stop()
        request_log.setLevel(level)


@contextlib.contextmanager
def dummy_aws_env() -> Iterator[None]:
    """Give boto3 dummy credentials from the environment, hiding any real AWS settings."""
    with patch.dict(os.environ, _DUMMY_ENV):
        for name in _CLEARED_ENV:
            os.environ.pop(name, None)
        yield


def s3_client(endpoint_url: str) -> Any:
    """Return a boto3 S3 client for `endpoint_url` with dummy credentials and path-style URLs."""
    return boto3.session.Session(**DUMMY_CREDENTIALS).client(
        "s3", endpoint_url=endpoint_url, config=Config(s3={"addressing_style": "path"})
    )


def unreachable_endpoint_url() -> str:
    """Return an http URL on a loopback port that nothing listens on (connections are refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
