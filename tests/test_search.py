"""Full-text search of candidatos and vagas, and a candidate's prospects, through HTTP.

Runs on SQLite (FTS5) and, with TEST_POSTGRES_URL, on PostgreSQL (tsvector): the same tests.
"""

import json
from typing import Any

import hypothesis.strategies as st
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from talentmatch.core.config import Settings
from tests.helpers import VALIDATION_ERROR, wait_for_job

CANDIDATOS = "/api/v1/candidatos"
VAGAS = "/api/v1/vagas"


def candidato(code: int, nome: str, **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"infos_basicas": {"codigo_profissional": code, "nome": nome}}
    for key, value in extra.items():
        if key in ("cv_pt", "cv_en"):
            record[key] = value
        else:
            section, field = key.split("__")
            record.setdefault(section, {})[field] = value
    return record


def create(client: TestClient, headers: dict, record: dict, resource: str = CANDIDATOS) -> None:
    response = client.post(f"{resource}/create", json=record, headers=headers)
    assert response.status_code == 200, response.text


def search(
    client: TestClient, headers: dict, resource: str = CANDIDATOS, **params: Any
) -> dict[str, Any]:
    response = client.get(f"{resource}/search", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def codes(page: dict[str, Any], key: str = "codigo_profissional") -> list[int]:
    return [item[key] for item in page["data"]]


def test_a_skill_written_only_in_the_resume_finds_the_candidate(
    client: TestClient, recrutador: dict, leitor: dict
) -> None:
    create(client, recrutador, candidato(1, "Ana Souza", cv_pt="Experiência com Kubernetes."))
    create(client, recrutador, candidato(2, "Bruno Lima", cv_pt="Experiência com Excel."))
    page = search(client, leitor, q="kubernetes")
    assert codes(page) == [1]
    assert page["total"] == 1
    hit = page["data"][0]
    assert hit["nome"] == "Ana Souza" and hit["score"] > 0  # the /list shape plus a score


def test_a_name_is_found_with_and_without_accents(
    client: TestClient, recrutador: dict, leitor: dict
) -> None:
    create(client, recrutador, candidato(1, "José Conceição"))
    create(client, recrutador, candidato(2, "Jose Pereira"))
    assert codes(search(client, leitor, q="conceicao")) == [1]
    assert codes(search(client, leitor, q="CONCEIÇÃO josé")) == [1]
    assert sorted(codes(search(client, leitor, q="josé"))) == [1, 2]


def test_filters_combine_with_the_words_and_totals_are_true_across_pages(
    client: TestClient, recrutador: dict, leitor: dict
) -> None:
    for code in range(1, 8):
        create(
            client,
            recrutador,
            candidato(
                code,
                f"Pessoa {code}",
                infos_basicas__local="São Paulo" if code % 2 else "Campinas",
                informacoes_profissionais__nivel_profissional="Sênior" if code < 6 else "Pleno",
                formacao_e_idiomas__nivel_ingles="Avançado",
                cv_pt="Desenvolvedor Python",
            ),
        )
    page = search(client, leitor, q="python", cidade="sao paulo", nivel_profissional="senior")
    assert sorted(codes(page)) == [1, 3, 5] and page["total"] == 3
    seen = []
    for offset in (0, 2, 4, 6):
        page = search(client, leitor, q="python", offset=offset, limit=2)
        assert page["total"] == 7 and page["offset"] == offset and page["limit"] == 2
        seen += codes(page)
    assert sorted(seen) == list(range(1, 8))  # every match once, across pages
    # Without words: the filters alone, newest first.
    page = search(client, leitor, cidade="Campinas", nivel_ingles="avançado")
    assert codes(page) == [6, 4, 2] and page["total"] == 3
    assert all(item["score"] is None for item in page["data"])


def test_title_and_skills_rank_above_one_mention_in_a_long_resume(
    client: TestClient, recrutador: dict, leitor: dict
) -> None:
    filler = " ".join(f"atividade{n} projeto relatorio" for n in range(300))
    create(client, recrutador, candidato(1, "Carla", cv_pt=f"{filler} uma vez SAP {filler}"))
    create(
        client,
        recrutador,
        candidato(
            2,
            "Davi",
            informacoes_profissionais__titulo_profissional="Consultor SAP",
            informacoes_profissionais__conhecimentos_tecnicos="SAP FI, SAP MM",
        ),
    )
    page = search(client, leitor, q="sap")
    assert codes(page) == [2, 1]
    assert page["data"][0]["score"] > page["data"][1]["score"]


def test_the_index_follows_an_update(client: TestClient, recrutador: dict, leitor: dict) -> None:
    record = candidato(
        1, "Eva", informacoes_profissionais__titulo_profissional="Mainframe", cv_pt="COBOL"
    )
    create(client, recrutador, record)
    assert codes(search(client, leitor, q="cobol")) == [1]
    create(client, recrutador, {**candidato(1, "Eva"), "cv_pt": "Golang"})
    assert search(client, leitor, q="cobol")["total"] == 0
    assert codes(search(client, leitor, q="golang")) == [1]
    assert codes(search(client, leitor, q="mainframe")) == [1]  # the sections not sent are kept


def test_the_index_follows_an_anonymisation(
    client: TestClient, recrutador: dict, admin: dict, leitor: dict
) -> None:
    record = candidato(
        1,
        "Fabiana Quintanilha",
        informacoes_pessoais__nome="Fabiana Quintanilha",
        informacoes_profissionais__titulo_profissional="Analista Contábil",
        cv_pt="Fabiana Quintanilha, contadora",
    )
    create(client, recrutador, record)
    assert codes(search(client, leitor, q="quintanilha")) == [1]
    assert client.post(f"{CANDIDATOS}/1/anonimizar", headers=admin).status_code == 200
    assert search(client, leitor, q="quintanilha")["total"] == 0
    assert search(client, leitor, q="fabiana")["total"] == 0
    assert codes(search(client, leitor, q="contabil")) == [1]  # the professional part stays


def test_imported_records_are_found(
    client: TestClient, settings: Settings, admin: dict, leitor: dict
) -> None:
    raw = settings.data_dir / "storage" / "raw"
    raw.mkdir(parents=True)
    applicants = {
        "501": candidato(501, "Gustavo Importado", cv_pt="Arquiteto de soluções Terraform"),
        "502": candidato(502, "Helena Importada", cv_pt="Analista de dados"),
    }
    vagas = {
        "701": {
            "informacoes_basicas": {"titulo_vaga": "Engenheiro de Dados", "cliente": "Acme"},
            "perfil_vaga": {"cidade": "Recife", "principais_atividades": "Pipelines Spark"},
        }
    }
    (raw / "applicants.json").write_text(json.dumps(applicants), encoding="utf-8")
    (raw / "vagas.json").write_text(json.dumps(vagas), encoding="utf-8")
    for resource, name in (("candidatos", "applicants.json"), ("vagas", "vagas.json")):
        response = client.post(
            f"/api/v1/{resource}/update-tables", json={"file_key": f"raw/{name}"}, headers=admin
        )
        assert response.status_code == 200, response.text
        assert wait_for_job(client, response.json()["job_id"], admin)["status"] == "succeeded"
    assert codes(search(client, leitor, q="terraform")) == [501]
    assert codes(search(client, leitor, q="importada")) == [502]
    page = search(client, leitor, VAGAS, q="spark", cidade="recife")
    assert codes(page, "codigo_vaga") == [701]
    assert page["data"][0]["titulo_vaga"] == "Engenheiro de Dados"


def vaga(code: int, titulo: str, **perfil: Any) -> dict[str, Any]:
    return {
        "infos_basicas": {"codigo_vaga": code, "titulo_vaga": titulo, "cliente": "Cliente X"},
        "perfil": perfil,
    }


def add_prospect(client: TestClient, headers: dict, vaga_code: int, cand: int, status: str) -> None:
    body = {"codigo_vaga": vaga_code, "codigo_candidato": cand, "situacao_candidato": status}
    response = client.post("/api/v1/prospects/add-candidate", json=body, headers=headers)
    assert response.status_code == 200, response.text


def test_vagas_search_by_words_filters_and_pipeline_status(
    client: TestClient, recrutador: dict, leitor: dict
) -> None:
    create(client, recrutador, candidato(1, "Ivo"))
    create(
        client,
        recrutador,
        vaga(10, "Desenvolvedor Java", cidade="São Paulo", nivel_profissional="Pleno"),
        VAGAS,
    )
    create(
        client,
        recrutador,
        vaga(11, "Analista de Testes", principais_atividades="Testes em Java", cidade="Recife"),
        VAGAS,
    )
    create(client, recrutador, vaga(12, "Gerente de Projetos", cidade="São Paulo"), VAGAS)
    assert codes(search(client, leitor, VAGAS, q="java"), "codigo_vaga") == [10, 11]
    page = search(client, leitor, VAGAS, q="java", cidade="SAO PAULO", nivel_profissional="pleno")
    assert codes(page, "codigo_vaga") == [10]
    assert search(client, leitor, VAGAS, cliente="cliente x")["total"] == 3
    add_prospect(client, recrutador, 11, 1, "Entrevista Técnica")
    add_prospect(client, recrutador, 12, 1, "Prospect")
    page = search(client, leitor, VAGAS, status="Entrevista Técnica")
    assert codes(page, "codigo_vaga") == [11] and page["total"] == 1
    page = search(client, leitor, VAGAS, q="java", status="Prospect")
    assert page["total"] == 0


def test_bad_input_is_refused_with_a_clear_message(client: TestClient, leitor: dict) -> None:
    for resource, params in (
        (CANDIDATOS, {"nivel_profissional": "Estagiário"}),
        (CANDIDATOS, {"nivel_ingles": "Nativo"}),
        (VAGAS, {"nivel_profissional": "Mestre Jedi"}),
        (VAGAS, {"status": "Inexistente"}),
    ):
        response = client.get(f"{resource}/search", params=params, headers=leitor)
        assert response.status_code == 400, response.text
        assert next(iter(params.values())) in response.json()["detail"]
    for params in ({"limit": 0}, {"offset": -1}, {"q": "x" * 501}):
        response = client.get(f"{CANDIDATOS}/search", params=params, headers=leitor)
        assert response.status_code == VALIDATION_ERROR, response.text


QUERY_TEXT = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.sampled_from(
            ['"', "'", "*", "-", "+", "(", ")", ":", "^", "NEAR", "NEAR(", "AND", "OR", "NOT",
             "&", "|", "!", "<->", "java", "ção", "\u0301", "日本", "\x00", "{", "col:", "\\"]
        ),
        max_size=12,
    ).map(" ".join),
)  # fmt: skip


@hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(q=QUERY_TEXT)
def test_any_query_text_is_answered_never_a_server_error(
    client: TestClient, leitor: dict, q: str
) -> None:
    for resource in (CANDIDATOS, VAGAS):
        response = client.get(f"{resource}/search", params={"q": q}, headers=leitor)
        assert response.status_code in (200, VALIDATION_ERROR), (q, response.text)
        if response.status_code == 200:
            assert response.json()["total"] >= 0


def test_a_candidates_prospects_across_vagas_with_their_history(
    client: TestClient, recrutador: dict, leitor: dict
) -> None:
    create(client, recrutador, candidato(1, "Joana"))
    create(client, recrutador, candidato(2, "Outro"))
    create(client, recrutador, vaga(20, "Dev Backend"), VAGAS)
    create(client, recrutador, vaga(21, "Dev Frontend"), VAGAS)
    add_prospect(client, recrutador, 20, 1, "Prospect")
    add_prospect(client, recrutador, 21, 1, "Inscrito")
    add_prospect(client, recrutador, 21, 2, "Inscrito")
    update = {"codigo_vaga": 20, "codigo_candidato": 1, "situacao_candidato": "Aprovado"}
    response = client.put("/api/v1/prospects/update-candidate", json=update, headers=recrutador)
    assert response.status_code == 200, response.text
    response = client.get("/api/v1/prospects/candidato/1", headers=leitor)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["codigo_candidato"] == 1 and body["total"] == 2
    first, second = body["data"]
    assert (first["codigo_vaga"], first["titulo_vaga"]) == (20, "Dev Backend")
    assert first["situacao_candidato"] == "Aprovado"
    assert [(h["situacao_anterior"], h["situacao_nova"]) for h in first["historico"]][-1] == (
        "Prospect",
        "Aprovado",
    )
    assert (second["codigo_vaga"], second["situacao_candidato"]) == (21, "Inscrito")
    assert first["data_candidatura"] is not None
    response = client.get("/api/v1/prospects/candidato/999", headers=leitor)
    assert response.status_code == 404
    assert "999" in response.json()["detail"]
