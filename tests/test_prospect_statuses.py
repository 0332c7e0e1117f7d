"""Pipeline statuses as data: the registered stages, their classes, and who reads them."""

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from talentmatch.core.config import Settings
from talentmatch.matching.dataset import build_training_set
from talentmatch.matching.labels import label_for, labels_from_classes, seed_class
from talentmatch.prospects.outcomes import SEED_STATUSES
from tests.fixtures.decision_examples import APPLICANT, APPLICANT_CODE, VAGA, VAGA_CODE
from tests.helpers import VALIDATION_ERROR, wait_for_job

URL = "/api/v1/prospects"


def test_the_table_is_seeded_with_data_md_statuses_in_pipeline_order(
    client: TestClient, leitor: dict[str, str]
) -> None:
    answer = client.get(f"{URL}/status", headers=leitor)
    assert answer.status_code == 200
    body = answer.json()
    assert body["total"] == 21
    assert [row["nome"] for row in body["data"]] == list(SEED_STATUSES)
    assert all(row["classe"] == seed_class(row["nome"]) for row in body["data"])
    classes = {row["nome"]: row["classe"] for row in body["data"]}
    assert classes["Contratado pela Decision"] == "positive"
    assert classes["Desistiu"] == "negative"
    assert classes["Entrevista Técnica"] == "in_progress"


def test_an_admin_registers_a_stage_that_the_api_then_accepts(
    client: TestClient, admin: dict[str, str], recrutador: dict[str, str]
) -> None:
    client.post("/api/v1/candidatos/create", json=APPLICANT, headers=recrutador)
    client.post(
        "/api/v1/vagas/create", json={"codigo_vaga": int(VAGA_CODE), **VAGA}, headers=recrutador
    )
    prospect = {"codigo_vaga": int(VAGA_CODE), "codigo_candidato": int(APPLICANT_CODE)}
    refused = client.post(
        f"{URL}/add-candidate", json={**prospect, "situacao_candidato": "Novo"}, headers=recrutador
    )
    assert refused.status_code == 400
    detail = refused.json()["detail"]
    assert "Novo" in detail and "Prospect" in detail and "Sem interesse nesta vaga" in detail

    assert client.post(f"{URL}/status", json={"nome": "Novo"}, headers=recrutador).status_code == (
        403
    )
    created = client.post(f"{URL}/status", json={"nome": "Novo"}, headers=admin)
    assert created.status_code == 201
    assert created.json() == {"nome": "Novo", "classe": "unclassified"}
    again = client.post(f"{URL}/status", json={"nome": " novo "}, headers=admin)
    assert again.status_code == 409  # same name, case and spaces aside
    bad = client.post(f"{URL}/status", json={"nome": "X", "classe": "talvez"}, headers=admin)
    assert bad.status_code == VALIDATION_ERROR

    added = client.post(
        f"{URL}/add-candidate", json={**prospect, "situacao_candidato": "Novo"}, headers=recrutador
    )
    assert added.status_code == 200, added.text
    assert added.json()["data"]["situacao_candidato"] == "Novo"
    unknown = {**prospect, "situacao_candidato": "Inventado"}
    answer = client.put(f"{URL}/update-candidate", json=unknown, headers=recrutador)
    assert answer.status_code == 400
    assert "Novo" in answer.json()["detail"]


def test_an_import_keeps_rows_with_unknown_statuses_and_registers_them(
    client: TestClient, admin: dict[str, str], settings: Settings
) -> None:
    rows = [
        {"codigo": "1", "situacao_candidado": "Em espera", "nome": "A"},
        {"codigo": "2", "situacao_candidado": "Contratado pela Decision", "nome": "B"},
        {"codigo": "3", "situacao_candidado": "Em espera", "nome": "C"},
    ]
    content = {"7": {"titulo": "Vaga", "modalidade": "", "prospects": rows}}
    store = settings.data_dir / "storage"
    store.mkdir(parents=True, exist_ok=True)
    (store / "prospects.json").write_text(json.dumps(content), encoding="utf-8")
    started = client.post(
        f"{URL}/update-tables", json={"file_key": "prospects.json"}, headers=admin
    ).json()
    job = wait_for_job(client, started["job_id"], admin)
    assert job["status"] == "succeeded", job
    assert job["counts"]["inserted"] == 3 and job["counts"]["rejected"] == 0
    assert job["report"]["unregistered_statuses"] == {"count": 1, "sample": ["Em espera"]}
    stages = client.get(f"{URL}/status", headers=admin).json()["data"]
    assert stages[-1] == {"nome": "Em espera", "classe": "unclassified"}
    group = client.get(f"{URL}/7", headers=admin).json()
    assert [p["situacao_candidato"] for p in group["prospects"]] == [
        r["situacao_candidado"] for r in rows
    ]


@pytest.mark.parametrize(
    ("classe", "label"),
    [("positive", 1), ("negative", 0), ("in_progress", None), ("unclassified", None)],
)
def test_labels_read_the_class_of_the_table(classe: str, label: int | None) -> None:
    labels = labels_from_classes({"Novo": classe, "Aprovado": "negative"})
    assert label_for("Novo", labels) == label
    assert label_for(" NOVO", labels) == label
    assert label_for("Aprovado", labels) == 0  # the table, not the seed's list, decides
    assert label_for("Nunca registrado", labels) is None
    assert label_for("Aprovado") == 1  # without a table: the seed's classification


def test_the_training_set_labels_by_the_table(
    client: TestClient, admin: dict[str, str], recrutador: dict[str, str], settings: Settings
) -> None:
    client.post("/api/v1/candidatos/create", json=APPLICANT, headers=recrutador)
    client.post(
        "/api/v1/candidatos/create",
        json={"infos_basicas": {"codigo_profissional": 2}},
        headers=recrutador,
    )
    client.post(
        "/api/v1/vagas/create", json={"codigo_vaga": int(VAGA_CODE), **VAGA}, headers=recrutador
    )
    client.post(f"{URL}/status", json={"nome": "Efetivado", "classe": "positive"}, headers=admin)
    client.post(f"{URL}/status", json={"nome": "Em espera"}, headers=admin)
    for candidate, status in ((int(APPLICANT_CODE), "Efetivado"), (2, "Em espera")):
        body = {
            "codigo_vaga": int(VAGA_CODE),
            "codigo_candidato": candidate,
            "situacao_candidato": status,
        }
        assert client.post(f"{URL}/add-candidate", json=body, headers=recrutador).status_code == 200
    engine = create_engine(settings.system_database_url)
    try:
        training_set = build_training_set(engine)
    finally:
        engine.dispose()
    assert training_set.keys == [(int(VAGA_CODE), int(APPLICANT_CODE))]
    assert training_set.labels.tolist() == [1]
    assert training_set.stats["dropped_in_progress_or_unknown"] == 1
