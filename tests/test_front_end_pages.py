"""The original web front end (Renatmf5/webapp-datathon), page by page, through HTTP.

One test per page that did not work (issue 14's table), asserting the exact fields the page
reads (../shared/spec/API.md): the vagas list cards, the candidatos list cards, the vaga
details (the code in its three sections), the prospects of a vaga (a row's `id` keys its edit
mode) and the model report (a drift report that renders without scripts: tests/drift).
"""

import copy
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from talentmatch.core.config import Settings
from talentmatch.drift import storage as drift_storage
from talentmatch.storage import LocalObjectStore
from tests.drift.test_drift_html import SUMMARY, inserted
from tests.fixtures.decision_examples import APPLICANT, APPLICANT_CODE, VAGA, VAGA_CODE
from tests.helpers import VALIDATION_ERROR

API = "/api/v1"


def post(client: TestClient, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    answer = client.post(f"{API}{path}", json=body, headers=headers)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def test_vagas_list_cards_show_objetivo_and_analista(
    client: TestClient, leitor: dict[str, str], recrutador: dict[str, str]
) -> None:
    # vaga-card.tsx: titulo_vaga, objetivo_vaga, cliente, analista_responsavel; the page keys
    # and links on codigo_vaga.
    post(client, "/vagas/create", {"codigo_vaga": int(VAGA_CODE), **VAGA}, recrutador)
    row = client.get(f"{API}/vagas/list", headers=leitor).json()["data"][0]
    infos = VAGA["informacoes_basicas"]
    assert row["codigo_vaga"] == int(VAGA_CODE)
    assert row["titulo_vaga"] == infos["titulo_vaga"]
    assert row["cliente"] == infos["cliente"]
    assert row["objetivo_vaga"] == infos["objetivo_vaga"]
    assert row["analista_responsavel"] == infos["analista_responsavel"]
    # The whole infos_basicas row, as the original returned it (clean API names).
    assert row["data_requisicao"] == infos["data_requicisao"]
    for name in ("requisitante", "tipo_contratacao", "prazo_contratacao", "superior_imediato"):
        assert row[name] == infos[name], name


def test_candidatos_list_cards_show_objetivo_with_the_cpf_masked(
    client: TestClient, leitor: dict[str, str], recrutador: dict[str, str]
) -> None:
    # candidato-card.tsx: nome, objetivo_profissional, email, local.
    post(client, "/candidatos/create", APPLICANT, recrutador)
    # The front end's token is a recrutador's (README): contacts in clear; a leitor's are masked.
    row = client.get(f"{API}/candidatos/list", headers=recrutador).json()["data"][0]
    infos = APPLICANT["infos_basicas"]
    leitor_row = client.get(f"{API}/candidatos/list", headers=leitor).json()["data"][0]
    assert leitor_row["email"] != infos["email"]
    assert row["codigo_profissional"] == int(APPLICANT_CODE)
    for name in ("nome", "objetivo_profissional", "email", "local"):
        assert row[name] == infos[name], name
    for name in ("telefone", "telefone_recado", "data_criacao", "inserido_por"):
        assert row[name] == infos[name], name
    details = client.get(f"{API}/candidatos/details/{APPLICANT_CODE}", headers=recrutador).json()
    assert row["cpf"] == details["informacoes_pessoais"]["cpf"]
    assert row["cpf"] != APPLICANT["informacoes_pessoais"]["cpf"]


def test_vaga_details_show_the_code_in_its_three_sections(
    client: TestClient, leitor: dict[str, str], recrutador: dict[str, str]
) -> None:
    # vaga-detalhes.tsx: infos_basicas.codigo_vaga, perfil.codigo_vaga, beneficios.codigo_vaga.
    post(client, "/vagas/create", {"codigo_vaga": int(VAGA_CODE), **VAGA}, recrutador)
    data = client.get(f"{API}/vagas/details/{VAGA_CODE}", headers=leitor).json()["data"]
    for section in ("infos_basicas", "perfil", "beneficios"):
        assert data[section]["codigo_vaga"] == int(VAGA_CODE), section
    assert data["infos_basicas"]["titulo_vaga"] == VAGA["informacoes_basicas"]["titulo_vaga"]


def test_a_vaga_in_the_original_shape_is_upserted_by_its_inner_code(
    client: TestClient, recrutador: dict[str, str]
) -> None:
    # The original schema puts codigo_vaga inside infos_basicas: posting the same record twice
    # updates one vaga, it does not create a second one.
    body = copy.deepcopy(VAGA)
    body["infos_basicas"] = {"codigo_vaga": 5185, **body.pop("informacoes_basicas")}
    assert post(client, "/vagas/create", body, recrutador)["codigo_vaga"] == 5185
    body["infos_basicas"]["titulo_vaga"] = "Revista"
    assert post(client, "/vagas/create", body, recrutador)["codigo_vaga"] == 5185
    page = client.get(f"{API}/vagas/list", headers=recrutador).json()
    assert page["total"] == 1
    assert page["data"][0]["titulo_vaga"] == "Revista"
    # A details answer posted back as it is (codes in every section) updates the same vaga.
    details = client.get(f"{API}/vagas/details/5185", headers=recrutador).json()["data"]
    assert post(client, "/vagas/create", details, recrutador)["codigo_vaga"] == 5185
    # The top-level code is still accepted; both given and different is a client's mistake.
    assert post(client, "/vagas/create", {**body, "codigo_vaga": 5185}, recrutador)
    answer = client.post(
        f"{API}/vagas/create", json={**body, "codigo_vaga": 5186}, headers=recrutador
    )
    assert answer.status_code == VALIDATION_ERROR
    assert "codigo_vaga" in str(answer.json()["detail"])
    assert client.get(f"{API}/vagas/list", headers=recrutador).json()["total"] == 1


@pytest.fixture
def two_prospects(client: TestClient, recrutador: dict[str, str]) -> None:
    post(client, "/vagas/create", {"codigo_vaga": int(VAGA_CODE), **VAGA}, recrutador)
    post(client, "/candidatos/create", APPLICANT, recrutador)
    post(client, "/candidatos/create", {"infos_basicas": {"codigo_profissional": 2}}, recrutador)
    for candidate in (int(APPLICANT_CODE), 2):
        body = {"codigo_vaga": int(VAGA_CODE), "codigo_candidato": candidate}
        post(client, "/prospects/add-candidate", body, recrutador)


@pytest.mark.usefixtures("two_prospects")
def test_prospects_of_a_vaga_have_ids_and_one_edit_changes_one_row(
    client: TestClient, leitor: dict[str, str], recrutador: dict[str, str]
) -> None:
    # prospects/[codigo_vaga]/page.tsx: the group comes from grouped-list; each row shows
    # `id`, and Editar/Salvar act on the row whose id matches.
    group = client.get(f"{API}/prospects/grouped-list", headers=leitor).json()["data"][0]
    rows = group["prospects"]
    ids = [row["id"] for row in rows]
    assert all(isinstance(i, int) for i in ids) and len(set(ids)) == 2
    edited = rows[0]
    body = {
        "codigo_vaga": group["codigo_vaga"],
        "codigo_candidato": edited["codigo_candidato"],
        "situacao_candidato": "Entrevista Técnica",
        "comentario": "ok",
    }
    answer = client.put(f"{API}/prospects/update-candidate", json=body, headers=recrutador)
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"]["id"] == edited["id"]
    after = client.get(f"{API}/prospects/grouped-list", headers=leitor).json()["data"][0]
    status = {row["id"]: row["situacao_candidato"] for row in after["prospects"]}
    assert status == {edited["id"]: "Entrevista Técnica", rows[1]["id"]: "Prospect"}


@pytest.mark.usefixtures("two_prospects")
def test_every_prospect_answer_carries_the_same_id(
    client: TestClient, leitor: dict[str, str]
) -> None:
    by_list = {
        row["codigo_candidato"]: row["id"]
        for row in client.get(f"{API}/prospects/list", headers=leitor).json()["data"]
    }
    by_vaga = client.get(f"{API}/prospects/{VAGA_CODE}", headers=leitor).json()["prospects"]
    assert {row["codigo_candidato"]: row["id"] for row in by_vaga} == by_list
    for candidate, prospect_id in by_list.items():
        history = client.get(
            f"{API}/prospects/{VAGA_CODE}/{candidate}/historico", headers=leitor
        ).json()
        assert history["id"] == prospect_id
    # Ids are unique across the table, not per vaga.
    assert len(set(by_list.values())) == len(by_list)


def test_model_report_renders_without_scripts(
    client: TestClient, leitor: dict[str, str], settings: Settings
) -> None:
    # model-report/page.tsx: dangerouslySetInnerHTML={{ __html: result.drift_report }}.
    store = LocalObjectStore(settings.data_dir / "storage")
    report_id = drift_storage.new_report_id(datetime(2026, 12, 2, tzinfo=UTC))
    drift_storage.save_report(
        store,
        report_id,
        html="<!DOCTYPE html><script>draw()</script>",
        evidently_json="{}",
        summary={**SUMMARY, "report_id": report_id},
    )
    answer = client.get(f"{API}/inferencias/driftReport", headers=leitor)
    assert answer.status_code == 200
    page = inserted(answer.json()["drift_report"])
    assert "script" not in page.tags
    text = " ".join(page.text)
    assert "Drift detectado" in text and "skill_coverage" in text
    # Evidently's interactive page stays available, as a page of its own.
    evidently = client.get(f"{API}/inferencias/driftReport/html", headers=leitor)
    assert evidently.headers["content-type"].startswith("text/html")
    assert evidently.text == "<!DOCTYPE html><script>draw()</script>"
