"""The prospect pipeline through the HTTP API."""

import pytest
from fastapi.testclient import TestClient

from tests.fixtures.decision_examples import APPLICANT, APPLICANT_CODE, VAGA, VAGA_CODE
from tests.helpers import VALIDATION_ERROR

URL = "/api/v1/prospects"
CANDIDATE = int(APPLICANT_CODE)
VAGA_ID = int(VAGA_CODE)


@pytest.fixture
def vaga_and_candidate(client: TestClient, recrutador: dict[str, str]) -> None:
    client.post("/api/v1/candidatos/create", json=APPLICANT, headers=recrutador)
    client.post("/api/v1/vagas/create", json={"codigo_vaga": VAGA_ID, **VAGA}, headers=recrutador)


def add(client: TestClient, headers: dict[str, str], **fields: object):
    body = {"codigo_vaga": VAGA_ID, "codigo_candidato": CANDIDATE, **fields}
    return client.post(f"{URL}/add-candidate", json=body, headers=headers)


@pytest.mark.usefixtures("vaga_and_candidate")
def test_add_candidate_answers_the_prospect(client: TestClient, recrutador: dict[str, str]) -> None:
    response = add(
        client,
        recrutador,
        titulo_vaga="CONSULTOR CONTROL M",
        nome="Carolina Aparecida",
        situacao_candidato="Inscrito",
        data_candidatura="25-03-2021",
        comentario="Primeiro contato",
        recrutador="Ana Lívia Moreira",
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["message"] == "Prospect criado com sucesso."
    data = body["data"]
    assert data["codigo_vaga"] == VAGA_ID and data["codigo_candidato"] == CANDIDATE
    assert data["situacao_candidato"] == "Inscrito"
    assert data["data_candidatura"] == "25-03-2021"
    assert data["titulo_vaga"] == "CONSULTOR CONTROL M"
    assert [h["situacao_nova"] for h in data["historico"]] == ["Inscrito"]
    assert data["historico"][0]["alterado_por"] == "recrutador"


@pytest.mark.usefixtures("vaga_and_candidate")
def test_defaults_come_from_the_candidate_and_the_vaga(
    client: TestClient, recrutador: dict[str, str]
) -> None:
    data = add(client, recrutador).json()["data"]
    assert data["nome"] == APPLICANT["infos_basicas"]["nome"]
    assert data["titulo_vaga"] == VAGA["informacoes_basicas"]["titulo_vaga"]
    assert data["situacao_candidato"] == "Prospect"
    assert data["data_candidatura"]  # today, DD-MM-YYYY
    assert len(data["data_candidatura"].split("-")) == 3


@pytest.mark.usefixtures("vaga_and_candidate")
def test_file_spellings_are_accepted(client: TestClient, recrutador: dict[str, str]) -> None:
    body = {"codigo_vaga": VAGA_ID, "codigo": APPLICANT_CODE, "situacao_candidado": "Prospect"}
    response = client.post(f"{URL}/add-candidate", json=body, headers=recrutador)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["codigo_candidato"] == CANDIDATE


@pytest.mark.usefixtures("vaga_and_candidate")
def test_the_same_pair_twice_is_409(client: TestClient, recrutador: dict[str, str]) -> None:
    assert add(client, recrutador).status_code == 200
    response = add(client, recrutador)
    assert response.status_code == 409
    assert client.get(f"{URL}/list", headers=recrutador).json()["total"] == 1


@pytest.mark.usefixtures("vaga_and_candidate")
def test_unknown_vaga_or_candidate_is_404(client: TestClient, recrutador: dict[str, str]) -> None:
    assert add(client, recrutador, codigo_vaga=999).status_code == 404
    assert add(client, recrutador, codigo_candidato=999).status_code == 404
    assert client.get(f"{URL}/list", headers=recrutador).json()["total"] == 0


@pytest.mark.usefixtures("vaga_and_candidate")
def test_an_unknown_status_is_a_validation_error(
    client: TestClient, recrutador: dict[str, str]
) -> None:
    response = add(client, recrutador, situacao_candidato="Contratadíssimo")
    assert response.status_code == VALIDATION_ERROR
    assert "situacao_candidato" in str(response.json()["detail"])


@pytest.mark.usefixtures("vaga_and_candidate")
def test_update_keeps_the_status_history(client: TestClient, recrutador: dict[str, str]) -> None:
    add(client, recrutador, situacao_candidato="Inscrito")
    for status in ("Entrevista Técnica", "Aprovado", "Contratado pela Decision"):
        body = {
            "codigo_vaga": VAGA_ID,
            "codigo_candidato": CANDIDATE,
            "situacao_candidato": status,
            "comentario": f"agora {status}",
        }
        response = client.put(f"{URL}/update-candidate", json=body, headers=recrutador)
        assert response.status_code == 200, response.text
        assert response.json()["message"] == "Prospect atualizado com sucesso."
    history = client.get(f"{URL}/{VAGA_ID}/{CANDIDATE}/historico", headers=recrutador).json()
    assert history["situacao_candidato"] == "Contratado pela Decision"
    transitions = [(h["situacao_anterior"], h["situacao_nova"]) for h in history["historico"]]
    assert transitions == [
        (None, "Inscrito"),
        ("Inscrito", "Entrevista Técnica"),
        ("Entrevista Técnica", "Aprovado"),
        ("Aprovado", "Contratado pela Decision"),
    ]
    assert all(h["alterado_por"] == "recrutador" and h["alterado_em"] for h in history["historico"])


def test_updating_an_absent_prospect_is_404(client: TestClient, recrutador: dict[str, str]) -> None:
    body = {"codigo_vaga": 1, "codigo_candidato": 2, "situacao_candidato": "Aprovado"}
    assert client.put(f"{URL}/update-candidate", json=body, headers=recrutador).status_code == 404


@pytest.mark.usefixtures("vaga_and_candidate")
def test_grouped_list_and_by_vaga(client: TestClient, recrutador: dict[str, str]) -> None:
    client.post(
        "/api/v1/candidatos/create",
        json={"infos_basicas": {"codigo_profissional": 2, "nome": "Outra Pessoa"}},
        headers=recrutador,
    )
    client.post(
        "/api/v1/vagas/create",
        json={"codigo_vaga": 5, "infos_basicas": {"titulo_vaga": "DBA"}},
        headers=recrutador,
    )
    add(client, recrutador, modalidade="Remoto")
    add(client, recrutador, codigo_candidato=2)
    add(client, recrutador, codigo_vaga=5, codigo_candidato=2)

    grouped = client.get(f"{URL}/grouped-list", params={"limit": 1}, headers=recrutador).json()
    assert grouped["total_grupos"] == 2
    assert len(grouped["data"]) == 1
    first = grouped["data"][0]
    assert first["codigo_vaga"] == 5 and first["titulo_vaga"] == "DBA"
    assert [p["codigo_candidato"] for p in first["prospects"]] == [2]

    by_vaga = client.get(f"{URL}/{VAGA_ID}", headers=recrutador).json()
    assert by_vaga["modalidade"] == "Remoto"
    assert sorted(p["codigo_candidato"] for p in by_vaga["prospects"]) == [2, CANDIDATE]

    listing = client.get(f"{URL}/list", headers=recrutador).json()
    assert listing["total"] == 3


def test_by_vaga_for_an_unknown_vaga_is_404(client: TestClient, leitor: dict[str, str]) -> None:
    assert client.get(f"{URL}/12345", headers=leitor).status_code == 404


@pytest.mark.usefixtures("vaga_and_candidate")
def test_by_vaga_for_a_vaga_without_prospects_is_empty(
    client: TestClient, leitor: dict[str, str]
) -> None:
    response = client.get(f"{URL}/{VAGA_ID}", headers=leitor)
    assert response.status_code == 200
    assert response.json()["prospects"] == []
