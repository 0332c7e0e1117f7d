"""Import and export of Decision's files as jobs, through the HTTP API, on generated data."""

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from talentmatch.core.config import Settings
from talentmatch.db.engines import make_engine
from talentmatch.generator import generate_dataset
from tests.fixtures.decision_examples import (
    APPLICANT,
    APPLICANT_CODE,
    PROSPECTS_VAGA,
    VAGA,
    VAGA_CODE,
)
from tests.helpers import business_checksum, wait_for_job

FILES = {
    "candidatos": ("applicants.json", "/api/v1/candidatos/export-applicants"),
    "vagas": ("vagas.json", "/api/v1/vagas/export-vagas"),
    "prospects": ("prospects.json", "/api/v1/prospects/export-prospects"),
}


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated data set (with orphans and empty vagas), made once."""
    out = tmp_path_factory.mktemp("generated")
    generate_dataset(out, candidates=300, vagas=100, prospects=400, seed=7)
    return out


@pytest.fixture
def store_dir(settings: Settings, generated: Path) -> Path:
    """The service's object store folder, with the generated files under raw/."""
    root = settings.data_dir / "storage"
    (root / "raw").mkdir(parents=True)
    for name, _ in FILES.values():
        shutil.copy(generated / name, root / "raw" / name)
    return root


def run_import(client: TestClient, admin: dict, resource: str, key: str) -> dict:
    response = client.post(
        f"/api/v1/{resource}/update-tables", json={"file_key": key}, headers=admin
    )
    assert response.status_code == 200, response.text
    assert response.json()["message"] == "Tarefa de atualização iniciada em background."
    return wait_for_job(client, response.json()["job_id"], admin)


def run_export(client: TestClient, admin: dict, resource: str, key: str | None = None) -> dict:
    body = {"file_key": key} if key else None
    response = client.post(FILES[resource][1], json=body, headers=admin)
    assert response.status_code == 200, response.text
    assert "exportação" in response.json()["message"]
    return wait_for_job(client, response.json()["job_id"], admin)


def import_all(client: TestClient, admin: dict) -> dict[str, dict]:
    return {res: run_import(client, admin, res, f"raw/{name}") for res, (name, _) in FILES.items()}


def test_import_then_export_gives_back_the_same_json(
    client: TestClient, admin: dict, store_dir: Path
) -> None:
    jobs = import_all(client, admin)
    for resource, job in jobs.items():
        assert job["status"] == "succeeded", job
        assert job["counts"]["rejected"] == 0
        assert job["progress"]["done"] == job["progress"]["total"] > 0
        assert job["counts"]["inserted"] == job["progress"]["total"], resource

    for resource, (name, _) in FILES.items():
        job = run_export(client, admin, resource, f"out/{name}")
        assert job["status"] == "succeeded", job
        assert job["output_key"] == f"out/{name}"
        source = json.loads((store_dir / "raw" / name).read_text(encoding="utf-8"))
        exported = json.loads((store_dir / "out" / name).read_text(encoding="utf-8"))
        assert exported == source, resource


def test_a_second_import_changes_nothing(
    client: TestClient, admin: dict, store_dir: Path, settings: Settings
) -> None:
    import_all(client, admin)
    engine = make_engine(settings.resolved_system_database_url)
    before = business_checksum(engine)
    again = import_all(client, admin)
    assert business_checksum(engine) == before
    engine.dispose()
    for job in again.values():
        counts = job["counts"]
        assert counts["inserted"] == counts["updated"] == 0
        assert counts["unchanged"] == job["progress"]["total"]


def test_import_never_deletes_what_the_file_does_not_mention(
    client: TestClient, admin: dict, store_dir: Path
) -> None:
    body = {"infos_basicas": {"codigo_profissional": 99999, "nome": "Só na API"}}
    client.post("/api/v1/candidatos/create", json=body, headers=admin)
    run_import(client, admin, "candidatos", "raw/applicants.json")
    details = client.get("/api/v1/candidatos/details/99999", headers=admin)
    assert details.json()["infos_basicas"]["nome"] == "Só na API"


def test_an_api_edit_is_overwritten_by_the_next_import_of_that_record(
    client: TestClient, admin: dict, store_dir: Path
) -> None:
    run_import(client, admin, "candidatos", "raw/applicants.json")
    source = json.loads((store_dir / "raw" / "applicants.json").read_text(encoding="utf-8"))
    code, record = next(iter(source.items()))
    body = {"infos_basicas": {"codigo_profissional": code, "nome": "Editado"}}
    client.post("/api/v1/candidatos/create", json=body, headers=admin)
    job = run_import(client, admin, "candidatos", "raw/applicants.json")
    assert job["counts"]["updated"] == 1
    details = client.get(f"/api/v1/candidatos/details/{code}", headers=admin).json()
    assert details["infos_basicas"]["nome"] == record["infos_basicas"]["nome"]


def test_prospects_naming_unknown_vagas_or_candidates_are_kept_and_reported(
    client: TestClient, admin: dict, store_dir: Path
) -> None:
    jobs = import_all(client, admin)
    report = jobs["prospects"]["report"]
    assert report["unknown_vagas"]["count"] > 0
    assert report["unknown_candidatos"]["count"] > 0
    orphan_vaga = report["unknown_vagas"]["sample"][0]
    by_vaga = client.get(f"/api/v1/prospects/{orphan_vaga}", headers=admin)
    assert by_vaga.status_code == 200


def test_decision_examples_round_trip_through_files(
    client: TestClient, admin: dict, settings: Settings
) -> None:
    root = settings.data_dir / "storage" / "examples"
    root.mkdir(parents=True)
    files = {
        "candidatos": ("applicants.json", {APPLICANT_CODE: APPLICANT}),
        "vagas": ("vagas.json", {VAGA_CODE: VAGA}),
        "prospects": ("prospects.json", {VAGA_CODE: PROSPECTS_VAGA}),
    }
    for resource, (name, content) in files.items():
        (root / name).write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        assert run_import(client, admin, resource, f"examples/{name}")["status"] == "succeeded"
    for resource, (name, content) in files.items():
        run_export(client, admin, resource, f"examples/out-{name}")
        exported = json.loads((root / f"out-{name}").read_text(encoding="utf-8"))
        assert exported == content, resource


def test_export_defaults_to_a_timestamped_key_under_exports(
    client: TestClient, admin: dict, store_dir: Path
) -> None:
    run_import(client, admin, "vagas", "raw/vagas.json")
    job = run_export(client, admin, "vagas")
    key = job["output_key"]
    assert key.startswith("exports/vagas-") and key.endswith(".json")
    assert (store_dir / key).exists()
    leftovers = [p.name for p in (store_dir / "exports").iterdir() if p.name.startswith(".")]
    assert leftovers == []  # no temporary file left behind
    assert json.loads((store_dir / "raw" / "vagas.json").read_text(encoding="utf-8"))


def test_jobs_are_listed_newest_first(client: TestClient, admin: dict, store_dir: Path) -> None:
    run_import(client, admin, "vagas", "raw/vagas.json")
    run_export(client, admin, "vagas")
    page = client.get("/api/v1/jobs", headers=admin).json()
    assert page["total"] == 2
    assert [job["kind"] for job in page["data"]] == ["export_vagas", "import_vagas"]
    assert all(job["created_by"] == "admin" for job in page["data"])
    assert client.get("/api/v1/jobs/doesnotexist", headers=admin).status_code == 404


def test_every_json_value_round_trips_through_files(
    client: TestClient, admin: dict, settings: Settings
) -> None:
    # A known field sent as null stays null; a number in a text field stays a number; keys
    # such as "0123" keep their spelling; a record without infos_basicas.codigo_profissional
    # gets none added; unknown keys are kept at the top level and inside sections.
    root = settings.data_dir / "storage" / "exact"
    root.mkdir(parents=True)
    applicants = {
        "0123": {
            "infos_basicas": {"nome": "Sem código", "telefone": 11987654321, "email": None},
            "formacao_e_idiomas": {"ano_conclusao": 2015, "nivel_ingles": None, "x": [1, None]},
            "cv_pt": "texto",
            "campo_novo": {"a": None},
        },
        "77": {"infos_basicas": {"codigo_profissional": "77", "nome": None, "local": 3.5}},
    }
    vagas = {"0042": {"informacoes_basicas": {"titulo_vaga": None, "vaga_sap": 0}}}
    prospects = {"0042": {"titulo": "T", "modalidade": "", "prospects": []}}
    files = {
        "candidatos": ("applicants.json", applicants),
        "vagas": ("vagas.json", vagas),
        "prospects": ("prospects.json", prospects),
    }
    for resource, (name, content) in files.items():
        (root / name).write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        job = run_import(client, admin, resource, f"exact/{name}")
        assert job["status"] == "succeeded" and job["counts"]["rejected"] == 0, job
    for resource, (name, content) in files.items():
        run_export(client, admin, resource, f"exact/out-{name}")
        exported = json.loads((root / f"out-{name}").read_text(encoding="utf-8"))
        assert exported == content, resource
    # The API answers the same JSON values (the code inside infos_basicas is the API's own).
    details = client.get("/api/v1/candidatos/details/123", headers=admin).json()
    assert details["infos_basicas"]["telefone"] == 11987654321
    assert details["infos_basicas"]["email"] is None
    assert details["formacao_e_idiomas"]["ano_conclusao"] == 2015


def test_an_api_record_exports_as_it_was_sent(
    client: TestClient, admin: dict, settings: Settings
) -> None:
    body = {
        "infos_basicas": {"nome": "API", "telefone": 5, "email": None},
        "informacoes_profissionais": {"remuneracao": 4000.5, "nivel_profissional": None},
    }
    answer = client.post("/api/v1/candidatos/create", json=body, headers=admin).json()
    code = answer["codigo_candidato"]
    details = client.get(f"/api/v1/candidatos/details/{code}", headers=admin).json()
    assert details["infos_basicas"] == {**body["infos_basicas"], "codigo_profissional": code}
    assert details["informacoes_profissionais"] == body["informacoes_profissionais"]
    run_export(client, admin, "candidatos", "out/applicants.json")
    store = settings.data_dir / "storage"
    exported = json.loads((store / "out" / "applicants.json").read_text(encoding="utf-8"))
    assert exported == {str(code): body}  # no codigo_profissional injected


def test_unknown_keys_merge_the_same_way_at_the_top_level_and_inside_sections(
    client: TestClient, admin: dict
) -> None:
    url = "/api/v1/candidatos"
    first = {"infos_basicas": {"codigo_profissional": 9, "a": 1, "b": 2}, "top_a": 1, "top_b": 2}
    client.post(f"{url}/create", json=first, headers=admin)
    # What is sent replaces what was stored, at both levels: a key left out is gone.
    second = {"infos_basicas": {"codigo_profissional": 9, "a": 3}, "top_a": 3}
    client.post(f"{url}/create", json=second, headers=admin)
    details = client.get(f"{url}/details/9", headers=admin).json()
    assert details["infos_basicas"] == {"codigo_profissional": 9, "a": 3}
    assert details["top_a"] == 3 and "top_b" not in details
    # What is not sent at all is left as it was, at both levels (a section, the top-level keys).
    third = {"informacoes_profissionais": {"c": 1}, "infos_basicas": {"codigo_profissional": 9}}
    client.post(f"{url}/create", json=third, headers=admin)
    details = client.get(f"{url}/details/9", headers=admin).json()
    assert details["top_a"] == 3
    assert details["informacoes_profissionais"] == {"c": 1}
