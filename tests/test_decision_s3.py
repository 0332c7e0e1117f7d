"""The import and export jobs on an S3 object store: a real S3 server (moto) on loopback."""

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from talentmatch.generator import generate_dataset
from tests.conftest import login
from tests.helpers import wait_for_job
from tests.s3_server import dummy_aws_env, running_s3_server, s3_client

FILES = {
    "candidatos": ("applicants.json", "/api/v1/candidatos/export-applicants"),
    "vagas": ("vagas.json", "/api/v1/vagas/export-vagas"),
    "prospects": ("prospects.json", "/api/v1/prospects/export-prospects"),
}


@pytest.fixture
def s3(tmp_path: Path) -> Iterator[tuple[str, str, Any]]:
    """(endpoint, bucket, client) of a fresh bucket on a moto server on 127.0.0.1."""
    with dummy_aws_env(), running_s3_server() as endpoint:
        client = s3_client(endpoint)
        bucket = f"talentmatch-{uuid.uuid4().hex[:8]}"
        client.create_bucket(Bucket=bucket)
        yield endpoint, bucket, client


def test_import_and_export_through_s3(
    settings: Settings, s3: tuple[str, str, Any], tmp_path: Path
) -> None:
    endpoint, bucket, client = s3
    files = tmp_path / "files"
    generate_dataset(files, candidates=80, vagas=30, prospects=100, seed=3)
    for name, _ in FILES.values():
        client.upload_file(str(files / name), bucket, f"decision/raw/{name}")
    s3_settings = settings.model_copy(
        update={"storage_url": f"s3://{bucket}/decision", "s3_endpoint_url": endpoint}
    )
    with TestClient(create_app(s3_settings)) as api:
        admin = login(api, "admin")
        for resource, (name, export_path) in FILES.items():
            started = api.post(
                f"/api/v1/{resource}/update-tables",
                json={"file_key": f"raw/{name}"},
                headers=admin,
            )
            job = wait_for_job(api, started.json()["job_id"], admin)
            assert job["status"] == "succeeded", job
            exported = api.post(export_path, json={"file_key": f"out/{name}"}, headers=admin)
            job = wait_for_job(api, exported.json()["job_id"], admin)
            assert job["status"] == "succeeded", job
            body = client.get_object(Bucket=bucket, Key=f"decision/out/{name}")["Body"].read()
            source = json.loads((files / name).read_text(encoding="utf-8"))
            assert json.loads(body) == source, resource

        missing = api.post(
            "/api/v1/vagas/update-tables", json={"file_key": "raw/absent.json"}, headers=admin
        )
        assert missing.status_code == 404
