"""The original API's own test suite (Renatmf5/fastapi-service-datathon, tests/), as requests.

Each test below sends the requests of one of the original's 19 tests and asserts what that
test asserts, with only a bearer token added (the original had no authentication). The data
the original's tests took for granted is set up as a firm would: vaga 1 and the candidates
they name exist, and an admin registered the two stages they post ("Novo", "Atualizado")
through POST /prospects/status. The match model and the recommender are published.
"""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from talentmatch.registry import ModelRegistry
from talentmatch.storage import LocalObjectStore
from tests.conftest import login
from tests.recommending.fixtures import MATCH, RECOMMENDER, RecData, encoder, rec_data

__all__ = ["encoder", "rec_data"]  # session fixtures shared with tests/recommending

API = "/api/v1"
ADD_CODE = 54321  # the original draws random.randint(10000, 99999)
UPDATE_CODE = 10000

MATCH_PAYLOAD = {
    "sexo": "Feminino",
    "estado_civil": "Solteira",
    "pcd": "Não",
    "vaga_especifica_para_pcd": "Não",
    "pais_vaga": "Brasil",
    "nivel_academico": "Superior Completo",
    "tipo_contratacao": "CLT",
    "cidade": "São Paulo",
    "cidade_vaga": "São Paulo",
    "nivel_profissional": "Pleno",
    "nivel_profissional_vaga": "Pleno",
    "ingles": "Avançado",
    "espanhol": "Básico",
    "outros_idiomas": "Nenhum",
    "nivel_ingles_vaga": "Avançado",
    "nivel_espanhol_vaga": "Intermediário",
    "titulo_profissional": "Analista de Dados",
    "titulo_vaga": "Analista de Dados",
    "conhecimentos_tecnicos": "Python, SQL",
    "certificacoes": "Certificação X",
    "outras_certificacoes": "Nenhuma",
    "area_atuacao": "Tecnologia",
    "areas_atuacao_vaga": "Tecnologia",
    "competencia_tecnicas_e_comportamentais": "Boa comunicação, trabalho em equipe",
    "cv_candidato": "Link para CV ou descrição resumida",
}
RECOMMENDATION_FIELDS = (
    "titulo_profissional",
    "conhecimentos_tecnicos",
    "certificacoes",
    "outras_certificacoes",
    "cidade",
    "ingles",
    "espanhol",
    "outros_idiomas",
    "pcd",
    "cv_candidato",
)


@pytest.fixture
def original(settings: Settings, rec_data: RecData) -> Iterator[tuple[TestClient, dict]]:
    """A client on the app with the data the original's tests assume, and a recruiter token."""
    rec_data.import_into(settings.resolved_system_database_url)
    registry = ModelRegistry(
        LocalObjectStore(settings.data_dir / "storage"), settings.resolved_model_cache_dir
    )
    rec_data.publish_into(registry, MATCH, RECOMMENDER)
    app_settings = settings.model_copy(update={"recommender_method": "lexical"})
    with TestClient(create_app(app_settings)) as client:
        admin = login(client, "admin")
        for stage in ("Novo", "Atualizado"):
            answer = client.post(f"{API}/prospects/status", json={"nome": stage}, headers=admin)
            assert answer.status_code == 201, answer.text
        client.post(
            f"{API}/vagas/create", json={"codigo_vaga": 1, "infos_basicas": {}}, headers=admin
        )
        for code in (ADD_CODE, UPDATE_CODE):
            body = {"infos_basicas": {"codigo_profissional": code}}
            assert (
                client.post(f"{API}/candidatos/create", json=body, headers=admin).status_code == 200
            )
        yield client, admin  # the exports and imports are admin's; the rest any writer's


def prospect(code: int) -> dict:
    return {
        "codigo_vaga": 1,
        "titulo_vaga": "Vaga Teste",
        "nome": "Candidato Prospect",
        "codigo_candidato": code,
        "situacao_candidato": "Novo",
        "data_candidatura": "2025-07-13",
        "comentario": "Nenhum",
        "recrutador": "Recrutador Teste",
    }


def test_the_original_19_tests(original: tuple[TestClient, dict]) -> None:
    client, headers = original
    passed: list[str] = []

    # tests/test_candidatos.py
    body = {"infos_basicas": {"nome": "Candidato Teste", "email": "candidato@teste.com"}}
    answer = client.post(f"{API}/candidatos/create", json=body, headers=headers)
    assert answer.status_code in (200, 201) and "codigo_candidato" in answer.json()
    passed.append("candidatos::test_create_candidato_success")
    data = client.get(f"{API}/candidatos/list", headers=headers).json()
    assert "data" in data and "total" in data
    passed.append("candidatos::test_list_candidatos")
    answer = client.get(f"{API}/candidatos/details/nonexistent", headers=headers)
    assert answer.status_code in (400, 404)
    passed.append("candidatos::test_details_candidato_not_found")
    answer = client.post(f"{API}/candidatos/update-tables", json={}, headers=headers)
    assert answer.status_code == 400 and "detail" in answer.json()
    passed.append("candidatos::test_update_tables_missing_file_key")
    answer = client.post(f"{API}/candidatos/export-applicants", headers=headers)
    assert answer.status_code == 200 and "message" in answer.json()
    passed.append("candidatos::test_export_applicants")

    # tests/test_vagas.py
    infos = {
        "titulo_vaga": "Vaga Teste",
        "data_requisicao": "2025-07-13",
        "limite_esperado_para_contratacao": "N/A",
        "vaga_sap": "N/A",
        "cliente": "Cliente Teste",
        "solicitante_cliente": "Solicitante",
        "empresa_divisao": "Divisão",
        "requisitante": "Requisitante",
        "analista_responsavel": "Analista",
        "tipo_contratacao": "CLT",
        "prazo_contratacao": "2025-08-01",
        "objetivo_vaga": "Objetivo teste",
        "prioridade_vaga": "Alta",
        "origem_vaga": "Online",
        "superior_imediato": "Chefe",
        "nome": "Nome contato",
        "telefone": "12345678",
    }
    answer = client.post(f"{API}/vagas/create", json={"infos_basicas": infos}, headers=headers)
    assert answer.status_code in (200, 201) and "codigo_vaga" in answer.json()
    passed.append("vagas::test_create_vaga_success")
    data = client.get(f"{API}/vagas/list", headers=headers).json()
    assert "data" in data and "total" in data
    passed.append("vagas::test_list_vagas")
    answer = client.get(f"{API}/vagas/details/nonexistent", headers=headers)
    assert answer.status_code in (400, 404)
    passed.append("vagas::test_details_vaga_not_found")
    answer = client.post(f"{API}/vagas/update-tables", json={}, headers=headers)
    assert answer.status_code == 400 and "detail" in answer.json()
    passed.append("vagas::test_update_tables_missing_file_key")
    answer = client.post(f"{API}/vagas/export-vagas", headers=headers)
    assert answer.status_code == 200 and "message" in answer.json()
    passed.append("vagas::test_export_vagas")

    # tests/test_prospects.py
    answer = client.post(f"{API}/prospects/add-candidate", json=prospect(ADD_CODE), headers=headers)
    assert answer.status_code in (200, 201), answer.text
    assert answer.json()["data"]["codigo_candidato"] == ADD_CODE and "message" in answer.json()
    passed.append("prospects::test_add_candidate_success")
    answer = client.post(
        f"{API}/prospects/add-candidate", json=prospect(UPDATE_CODE), headers=headers
    )
    assert answer.status_code in (200, 201), answer.text
    update = {
        "codigo_vaga": 1,
        "codigo_candidato": UPDATE_CODE,
        "situacao_candidato": "Atualizado",
        "comentario": "Atualização efetuada",
    }
    answer = client.put(f"{API}/prospects/update-candidate", json=update, headers=headers)
    assert answer.status_code in (200, 201, 202), answer.text
    data = answer.json()["data"]
    assert data["situacao_candidato"] == "Atualizado"
    assert data["comentario"] == "Atualização efetuada"
    passed.append("prospects::test_update_candidate_success")
    data = client.get(f"{API}/prospects/list", headers=headers).json()
    assert "total" in data and isinstance(data["data"], list)
    passed.append("prospects::test_list_prospects")
    data = client.get(f"{API}/prospects/grouped-list", headers=headers).json()
    assert "total_grupos" in data and all("prospects" in group for group in data["data"])
    passed.append("prospects::test_grouped_list_prospects")
    answer = client.post(f"{API}/prospects/update-tables", json={}, headers=headers)
    assert answer.status_code == 400 and "detail" in answer.json()
    passed.append("prospects::test_update_tables_missing_file_key")
    answer = client.post(f"{API}/prospects/export-prospects", headers=headers)
    assert answer.status_code == 200 and "message" in answer.json()
    passed.append("prospects::test_export_prospects")

    # tests/test_inferencias.py
    answer = client.post(
        f"{API}/inferencias/matchModel/predict", json=MATCH_PAYLOAD, headers=headers
    )
    assert answer.status_code == 200, answer.text
    assert isinstance(answer.json()["match_probability"], int | float)
    passed.append("inferencias::test_match_model_predict_success")
    payload = {name: MATCH_PAYLOAD[name] for name in RECOMMENDATION_FIELDS}
    answer = client.post(
        f"{API}/inferencias/recommendationModel/predict", json=payload, headers=headers
    )
    assert answer.status_code == 200, answer.text
    assert isinstance(answer.json()["data"], list)
    passed.append("inferencias::test_recommendation_model_predict_success")
    answer = client.get(f"{API}/inferencias/driftReport", headers=headers)
    assert answer.status_code in (200, 404), answer.text
    if answer.status_code == 200:
        assert isinstance(answer.json()["drift_report"], str)
    else:
        assert "detail" in answer.json()
    passed.append("inferencias::test_drift_report")

    assert len(passed) == 19
