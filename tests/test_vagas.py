"""Vagas through the HTTP API: file spellings accepted, no field lost, errors."""

from fastapi.testclient import TestClient

from talentmatch.decision.mapping import VAGA_SECTIONS
from tests.fixtures.decision_examples import VAGA, VAGA_CODE
from tests.helpers import VALIDATION_ERROR

URL = "/api/v1/vagas"


def create(client: TestClient, headers: dict[str, str], code: int, body: dict) -> dict:
    response = client.post(f"{URL}/create", json={"codigo_vaga": code, **body}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_decision_record_round_trips_through_create_and_details(
    client: TestClient, recrutador: dict[str, str]
) -> None:
    answer = create(client, recrutador, int(VAGA_CODE), VAGA)
    assert answer == {"message": "Vaga criada com sucesso!", "codigo_vaga": int(VAGA_CODE)}

    data = client.get(f"{URL}/details/{VAGA_CODE}", headers=recrutador).json()["data"]
    assert data["infos_basicas"]["data_requisicao"] == "04-05-2021"  # clean name in the API
    assert data["perfil"]["nivel_profissional"] == "Analista"
    # Each section carries the vaga's code (the original schema's place, read by its front
    # end); the file's shape does not. Back to the file's shape through the one mapping, less
    # the code: every key and value as sent.
    assert {data[section.api].pop("codigo_vaga") for section in VAGA_SECTIONS} == {int(VAGA_CODE)}
    record = {section.file: section.keys.to_file(data[section.api]) for section in VAGA_SECTIONS}
    assert record == VAGA


def test_api_spellings_are_accepted_too(client: TestClient, recrutador: dict[str, str]) -> None:
    body = {
        "infos_basicas": {"data_requisicao": "01-02-2024", "titulo_vaga": "Dev Python"},
        "perfil": {"nivel_profissional": "Sênior", "cidade": "Campinas"},
    }
    create(client, recrutador, 7, body)
    data = client.get(f"{URL}/details/7", headers=recrutador).json()["data"]
    assert data == {
        "infos_basicas": {
            "codigo_vaga": 7,
            "data_requisicao": "01-02-2024",
            "titulo_vaga": "Dev Python",
        },
        "perfil": {"codigo_vaga": 7, "nivel_profissional": "Sênior", "cidade": "Campinas"},
    }


def test_unknown_keys_are_kept(client: TestClient, recrutador: dict[str, str]) -> None:
    body = {"infos_basicas": {"titulo_vaga": "X", "campo_novo": {"a": [1, 2]}}, "extra_top": "y"}
    create(client, recrutador, 3, body)
    data = client.get(f"{URL}/details/3", headers=recrutador).json()["data"]
    assert data["infos_basicas"]["campo_novo"] == {"a": [1, 2]}
    assert data["extra_top"] == "y"


def test_upsert_and_list_with_totals(client: TestClient, recrutador: dict[str, str]) -> None:
    for code in (10, 20, 30):
        create(client, recrutador, code, {"infos_basicas": {"titulo_vaga": f"Vaga {code}"}})
    create(client, recrutador, 20, {"infos_basicas": {"titulo_vaga": "Vaga 20 revista"}})
    page = client.get(f"{URL}/list", params={"limit": 2}, headers=recrutador).json()
    assert page["total"] == 3
    assert [row["codigo_vaga"] for row in page["data"]] == [10, 20]
    assert page["data"][1]["titulo_vaga"] == "Vaga 20 revista"


def test_missing_code_is_assigned(client: TestClient, recrutador: dict[str, str]) -> None:
    response = client.post(f"{URL}/create", json=VAGA, headers=recrutador)
    assert response.status_code == 200
    assert response.json()["codigo_vaga"] == 1


def test_errors(client: TestClient, recrutador: dict[str, str]) -> None:
    assert client.get(f"{URL}/details/404", headers=recrutador).status_code == 404
    assert client.get(f"{URL}/details/abc", headers=recrutador).status_code == VALIDATION_ERROR
    for body in ({}, {"infos_basicas": []}, {"codigo_vaga": "x", "infos_basicas": {}}):
        response = client.post(f"{URL}/create", json=body, headers=recrutador)
        assert response.status_code == VALIDATION_ERROR, body
    assert client.get(f"{URL}/list", headers=recrutador).json()["total"] == 0
