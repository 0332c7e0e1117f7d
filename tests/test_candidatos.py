"""Candidates through the HTTP API: the seed's example, upsert, no field lost, errors."""

import copy

from fastapi.testclient import TestClient

from talentmatch.decision.mapping import CANDIDATO_SECTIONS
from tests.fixtures.decision_examples import APPLICANT, APPLICANT_CODE, SEED_CANDIDATE
from tests.helpers import VALIDATION_ERROR

URL = "/api/v1/candidatos"


def test_seed_example_is_accepted_and_answered_as_the_seed_shows(
    client: TestClient, recrutador: dict[str, str]
) -> None:
    response = client.post(f"{URL}/create", json=SEED_CANDIDATE, headers=recrutador)
    assert response.status_code == 200
    assert response.json() == {
        "message": "Candidato inserido com sucesso!",
        "codigo_candidato": 123,
    }


def test_seed_example_keeps_keys_the_schema_does_not_know(
    client: TestClient, recrutador: dict[str, str]
) -> None:
    client.post(f"{URL}/create", json=SEED_CANDIDATE, headers=recrutador)
    details = client.get(f"{URL}/details/123", headers=recrutador).json()
    # Every key kept; a CPF, wherever it is, is shown masked (tests/test_lgpd.py).
    assert details["infos_basicas"] == {**SEED_CANDIDATE["infos_basicas"], "cpf": "***.222.333-**"}
    assert details["informacoes_pessoais"] == SEED_CANDIDATE["informacoes_pessoais"]
    assert details["informacoes_profissionais"] == SEED_CANDIDATE["informacoes_profissionais"]
    assert details["formacao_e_idiomas"]["idiomas"] == ["Português", "Inglês"]
    assert details["curriculos"] == {"cv_pt": SEED_CANDIDATE["cv_pt"]}


def test_decision_record_round_trips_through_create_and_details(
    client: TestClient, recrutador: dict[str, str]
) -> None:
    response = client.post(f"{URL}/create", json=APPLICANT, headers=recrutador)
    assert response.json()["codigo_candidato"] == int(APPLICANT_CODE)

    details = client.get(f"{URL}/details/{APPLICANT_CODE}", headers=recrutador).json()
    # Back to the file's shape through the one mapping: every key and value as sent.
    record = {section.file: details[section.api] for section in CANDIDATO_SECTIONS}
    record["infos_basicas"]["codigo_profissional"] = str(
        record["infos_basicas"]["codigo_profissional"]
    )
    record.update(details["curriculos"])
    pessoais = {**APPLICANT["informacoes_pessoais"], "cpf": "***.456.789-**"}  # shown masked
    assert record == {**APPLICANT, "informacoes_pessoais": pessoais}


def test_upsert_twice_gives_one_candidate_with_the_new_values(
    client: TestClient, recrutador: dict[str, str]
) -> None:
    client.post(f"{URL}/create", json=APPLICANT, headers=recrutador)
    changed = copy.deepcopy(APPLICANT)
    changed["informacoes_profissionais"]["nivel_profissional"] = "Sênior"
    response = client.post(f"{URL}/create", json=changed, headers=recrutador)
    assert response.json()["codigo_candidato"] == int(APPLICANT_CODE)

    listing = client.get(f"{URL}/list", headers=recrutador).json()
    assert listing["total"] == 1
    assert listing["data"][0]["nivel_profissional"] == "Sênior"


def test_update_leaves_sections_it_does_not_carry(
    client: TestClient, recrutador: dict[str, str]
) -> None:
    client.post(f"{URL}/create", json=APPLICANT, headers=recrutador)
    partial = {"infos_basicas": {"codigo_profissional": APPLICANT_CODE, "nome": "Carol A."}}
    client.post(f"{URL}/create", json=partial, headers=recrutador)
    details = client.get(f"{URL}/details/{APPLICANT_CODE}", headers=recrutador).json()
    assert details["infos_basicas"] == {"codigo_profissional": 31000, "nome": "Carol A."}
    assert details["cargo_atual"] == APPLICANT["cargo_atual"]
    assert details["curriculos"]["cv_pt"] == APPLICANT["cv_pt"]


def test_a_missing_code_is_assigned(client: TestClient, recrutador: dict[str, str]) -> None:
    client.post(f"{URL}/create", json=APPLICANT, headers=recrutador)
    response = client.post(
        f"{URL}/create", json={"infos_basicas": {"nome": "Sem Código"}}, headers=recrutador
    )
    assert response.status_code == 200
    new_code = response.json()["codigo_candidato"]
    assert new_code == int(APPLICANT_CODE) + 1
    details = client.get(f"{URL}/details/{new_code}", headers=recrutador).json()
    assert details["infos_basicas"]["nome"] == "Sem Código"


def test_list_paginates_with_the_true_total(client: TestClient, recrutador: dict[str, str]) -> None:
    for code in range(1, 8):
        body = {"infos_basicas": {"codigo_profissional": code, "nome": f"Pessoa {code}"}}
        client.post(f"{URL}/create", json=body, headers=recrutador)
    page = client.get(f"{URL}/list", params={"offset": 5, "limit": 5}, headers=recrutador).json()
    assert page["total"] == 7
    assert (page["offset"], page["limit"]) == (5, 5)
    assert [row["codigo_profissional"] for row in page["data"]] == [6, 7]


def test_list_limit_is_capped(client: TestClient, leitor: dict[str, str]) -> None:
    page = client.get(f"{URL}/list", params={"limit": 10**6}, headers=leitor).json()
    assert page["limit"] == 1000


def test_details_of_an_unknown_candidate_is_404(client: TestClient, leitor: dict[str, str]) -> None:
    response = client.get(f"{URL}/details/999", headers=leitor)
    assert response.status_code == 404
    assert "999" in response.json()["detail"]


def test_invalid_bodies_are_a_validation_error_with_a_message_and_store_nothing(
    client: TestClient, recrutador: dict[str, str]
) -> None:
    bad_bodies = [
        {},  # infos_basicas is required
        {"infos_basicas": "not an object"},
        {"infos_basicas": {"codigo_profissional": "abc"}},
        {"infos_basicas": {"codigo_profissional": -5}},
        {"infos_basicas": {"nome": ["a", "list"]}},
        {"infos_basicas": {}, "informacoes_pessoais": {"cpf": {"nested": 1}}},
    ]
    for body in bad_bodies:
        response = client.post(f"{URL}/create", json=body, headers=recrutador)
        assert response.status_code == VALIDATION_ERROR, body
        assert response.json()["detail"], body
    response = client.post(
        f"{URL}/create",
        content=b"{not json",
        headers={**recrutador, "Content-Type": "application/json"},
    )
    assert response.status_code == VALIDATION_ERROR
    assert client.get(f"{URL}/list", headers=recrutador).json()["total"] == 0


def test_numbers_in_text_fields_come_back_as_numbers(
    client: TestClient, recrutador: dict[str, str]
) -> None:
    # Stored as text (search and the models read text), answered as the number sent.
    body = {"infos_basicas": {"codigo_profissional": 5, "telefone": 11999999999}}
    client.post(f"{URL}/create", json=body, headers=recrutador)
    details = client.get(f"{URL}/details/5", headers=recrutador).json()
    assert details["infos_basicas"]["telefone"] == 11999999999
    row = client.get(f"{URL}/list", headers=recrutador).json()["data"][0]
    assert row["telefone"] == "11999999999"  # list rows are typed: text columns as text
