"""Bad files and bad keys: a clear error, and the database exactly as it was."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from talentmatch.db.engines import make_engine
from talentmatch.db.types import utcnow
from talentmatch.jobs.models import Job, JobKind, JobStatus
from tests.conftest import login
from tests.fixtures.decision_examples import APPLICANT, APPLICANT_CODE, VAGA
from tests.helpers import business_checksum, wait_for_job


@pytest.fixture
def store_dir(settings: Settings) -> Path:
    root = settings.data_dir / "storage"
    root.mkdir(parents=True)
    return root


@pytest.fixture
def seeded(client: TestClient, admin: dict, store_dir: Path) -> None:
    """Some data already in the database, so that 'unchanged' means something."""
    client.post("/api/v1/candidatos/create", json=APPLICANT, headers=admin)
    client.post("/api/v1/vagas/create", json={"codigo_vaga": 1, **VAGA}, headers=admin)


def start_import(client: TestClient, admin: dict, key: str, resource: str = "candidatos"):
    return client.post(f"/api/v1/{resource}/update-tables", json={"file_key": key}, headers=admin)


VALID = json.dumps({"777": APPLICANT | {"infos_basicas": {"nome": "Novo"}}}).encode()
BAD_FILES = {
    "truncated.json": VALID[: len(VALID) // 2],
    "invalid-utf8.json": VALID.replace(b"Novo", b"N\xff\xfeo"),
    "array.json": json.dumps([APPLICANT]).encode(),
    "scalar.json": b'"just a string"',
    "trailing-garbage.json": VALID + b" {}",
    "empty.json": b"",
}


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_an_invalid_file_fails_the_job_and_writes_nothing(
    client: TestClient, admin: dict, store_dir: Path, settings: Settings, name: str
) -> None:
    (store_dir / name).write_bytes(BAD_FILES[name])
    engine = make_engine(settings.resolved_system_database_url)
    before = business_checksum(engine)
    response = start_import(client, admin, name)
    assert response.status_code == 200
    job = wait_for_job(client, response.json()["job_id"], admin)
    assert job["status"] == "failed"
    assert job["message"] and "Erro interno" not in job["message"], job["message"]
    assert business_checksum(engine) == before
    engine.dispose()


@pytest.mark.usefixtures("seeded")
def test_records_of_the_wrong_shape_are_rejected_with_their_keys(
    client: TestClient, admin: dict, store_dir: Path
) -> None:
    content = {
        "501": {"infos_basicas": {"nome": "Boa"}},
        "502": {"infos_basicas": ["not", "an", "object"]},
        "503": "a string",
        "abc": {"infos_basicas": {"nome": "Chave ruim"}},
        "504": {"infos_basicas": {"codigo_profissional": "999", "nome": "Código diferente"}},
        "505": {"informacoes_pessoais": {"nome": "Sem infos_basicas"}},
    }
    (store_dir / "mixed.json").write_text(json.dumps(content), encoding="utf-8")
    job = wait_for_job(client, start_import(client, admin, "mixed.json").json()["job_id"], admin)
    assert job["status"] == "succeeded"
    assert job["counts"] == {"inserted": 1, "updated": 0, "unchanged": 0, "rejected": 5}
    rejected = {error["key"] for error in job["errors"]}
    assert rejected == {"502", "503", "abc", "504", "505"}
    assert all(error["error"] for error in job["errors"])
    assert client.get("/api/v1/candidatos/details/501", headers=admin).status_code == 200


@pytest.mark.usefixtures("seeded")
def test_bad_prospect_rows_are_rejected_one_by_one(
    client: TestClient, admin: dict, store_dir: Path
) -> None:
    content = {
        "1": {
            "titulo": "Vaga",
            "modalidade": "",
            "prospects": [
                {"codigo": APPLICANT_CODE, "situacao_candidado": "Prospect", "nome": "A"},
                {"codigo": "x", "situacao_candidado": "Prospect"},
                {"codigo": "5", "situacao_candidado": "Status que não existe"},
                "not an object",
            ],
        }
    }
    (store_dir / "prospects.json").write_text(json.dumps(content), encoding="utf-8")
    job = wait_for_job(
        client, start_import(client, admin, "prospects.json", "prospects").json()["job_id"], admin
    )
    assert job["status"] == "succeeded"
    # A status the table does not know is no reason to drop the row: it is kept, registered
    # as unclassified and reported.
    assert job["counts"]["inserted"] == 2 and job["counts"]["rejected"] == 2
    assert {e["key"] for e in job["errors"]} == {"1/prospects[1]", "1/prospects[3]"}
    assert job["report"]["unregistered_statuses"] == {
        "count": 1,
        "sample": ["Status que não existe"],
    }
    stages = client.get("/api/v1/prospects/status", headers=admin).json()["data"]
    assert {"nome": "Status que não existe", "classe": "unclassified"} in stages


@pytest.mark.parametrize(
    "key",
    ["../secret.json", "/etc/passwd", "s3://bucket/x.json", "http://example.com/x", "a/../b", ""],
)
def test_keys_outside_the_store_are_refused_at_once(
    client: TestClient, admin: dict, store_dir: Path, key: str
) -> None:
    response = start_import(client, admin, key)
    assert response.status_code == 400  # the seed: an invalid file_key is 400
    assert response.json()["detail"]
    assert client.get("/api/v1/jobs", headers=admin).json()["total"] == 0


def test_a_missing_file_is_404(client: TestClient, admin: dict, store_dir: Path) -> None:
    response = start_import(client, admin, "raw/nao-existe.json")
    assert response.status_code == 404
    assert "nao-existe" in response.json()["detail"]


def test_a_file_over_the_size_limit_is_413(settings: Settings, store_dir: Path) -> None:
    settings = settings.model_copy(update={"import_max_bytes": 100})
    (store_dir / "big.json").write_bytes(b"{" + b" " * 200 + b"}")
    with TestClient(create_app(settings)) as client:
        admin = login(client, "admin")
        response = start_import(client, admin, "big.json")
        assert response.status_code == 413
        assert client.get("/api/v1/jobs", headers=admin).json()["total"] == 0


def test_a_job_left_running_by_a_dead_process_is_taken_over_and_succeeds(
    settings: Settings, store_dir: Path
) -> None:
    # Its worker (another host's process, on ECS a task that is gone) never beats again:
    # the reaper queues it again and this process's worker runs it to the end.
    (store_dir / "a.json").write_text(json.dumps({APPLICANT_CODE: APPLICANT}), encoding="utf-8")
    engine = make_engine(settings.resolved_system_database_url)
    with Session(engine) as session:
        session.add(
            Job(
                id="deadbeef",
                kind=JobKind.import_candidatos,
                status=JobStatus.running,
                file_key="a.json",
                created_by="admin",
                worker="another-task:1",
                attempts=1,
                heartbeat_at=utcnow() - timedelta(hours=1),
            )
        )
        session.commit()
    engine.dispose()
    with TestClient(create_app(settings)) as client:
        admin = login(client, "admin")
        job = wait_for_job(client, "deadbeef", admin)
        assert job["status"] == "succeeded", job
        assert job["attempts"] == 2
        assert job["counts"]["inserted"] == 1
