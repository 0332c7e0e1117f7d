"""The candidate create/edit forms through HTTP with a web session (TestClient, real
databases): a save shows the candidate with a flash; an edit changes only what was changed (a
masked CPF left as shown keeps the stored one); errors by their fields, nothing written; stale
edits, a leitor and posts without the CSRF token are refused."""

import copy
from typing import Any

from fastapi.testclient import TestClient

from tests.fixtures.decision_examples import APPLICANT, APPLICANT_CODE
from tests.web.forms import WebClient, form_fields, web
from tests.web.helpers import csrf_of

__all__ = ["web"]
API = "/api/v1"
CODE = int(APPLICANT_CODE)
MARK = "data-candidato-form"


def everything(client: TestClient, admin: dict[str, str], code: int = CODE) -> Any:
    """The LGPD export (unmasked): what is stored."""
    answer = client.get(f"{API}/candidatos/{code}/dados-pessoais", headers=admin)
    assert answer.status_code == 200, answer.text
    return answer.json()


def stored_applicant(client: TestClient, headers: dict[str, str]) -> None:
    answer = client.post(f"{API}/candidatos/create", json=APPLICANT, headers=headers)
    assert answer.status_code == 200, answer.text


def test_a_recruiter_creates_a_candidate_and_lands_on_its_page(
    client: TestClient, web: WebClient, admin: dict[str, str]
) -> None:
    page = web("recrutador")
    assert 'href="/app/candidatos/novo"' in page.get("/app/candidatos").text
    form = page.get("/app/candidatos/novo")
    for section in ("Informações pessoais", "Formação e idiomas", "Informações profissionais"):
        assert f"<legend>{section}</legend>" in form.text
    saved = page.post(
        "/app/candidatos/novo",
        data={
            "csrf_token": csrf_of(form.text),
            "codigo": "5001",
            "infos_basicas.nome": "Joana Prado",
            "infos_basicas.email": "joana@example.com",
            "informacoes_pessoais.cpf": "529.982.247-25",
            "formacao_e_idiomas.nivel_ingles": "Avançado",
            "informacoes_profissionais.titulo_profissional": "Cientista de Dados",
            "cv_pt": "Python, Spark\r\nAirflow",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"] == "/app/candidatos/5001"
    shown = page.get("/app/candidatos/5001")
    assert "Candidato 5001 criado." in shown.text and "Joana Prado" in shown.text
    data = everything(client, admin, 5001)
    assert data["informacoes_pessoais"]["cpf"] == "529.982.247-25"
    assert data["formacao_e_idiomas"]["nivel_ingles"] == "Avançado"
    assert data["curriculos"]["cv_pt"] == "Python, Spark\nAirflow"
    assert data["cargo_atual"] is None  # a section not in the form is not created


def test_an_edit_keeps_the_masked_cpf_the_unshown_fields_and_the_unknown_keys(
    client: TestClient, web: WebClient, recrutador: dict[str, str], admin: dict[str, str]
) -> None:
    record = copy.deepcopy(APPLICANT)
    record["informacoes_profissionais"]["portfolio_tecnico"] = "github.com/x"  # unknown key
    assert (
        client.post(f"{API}/candidatos/create", json=record, headers=recrutador).status_code == 200
    )
    before = everything(client, admin)
    page = web("recrutador")
    assert f'href="/app/candidatos/{CODE}/editar"' in page.get(f"/app/candidatos/{CODE}").text
    fields = form_fields(page.get(f"/app/candidatos/{CODE}/editar").text, MARK)
    assert fields["informacoes_pessoais.cpf"] == "***.456.789-**"  # as the role sees it
    assert fields["infos_basicas.email"] == "carolina_aparecida@gmail.com"  # recrutador: clear
    fields["informacoes_profissionais.titulo_profissional"] = "Consultora SAP SD"
    saved = page.post(f"/app/candidatos/{CODE}/editar", data=fields, follow_redirects=False)
    assert saved.status_code == 303
    assert f"Candidato {CODE} atualizado." in page.get(f"/app/candidatos/{CODE}").text
    after = everything(client, admin)
    assert after["informacoes_profissionais"]["titulo_profissional"] == "Consultora SAP SD"
    assert after["informacoes_pessoais"]["cpf"] == "123.456.789-09"  # not the mask
    assert after["informacoes_profissionais"]["portfolio_tecnico"] == "github.com/x"
    for section in ("infos_basicas", "informacoes_pessoais", "formacao_e_idiomas", "cargo_atual"):
        assert after[section] == before[section], section
    assert after["curriculos"] == before["curriculos"]


def test_a_candidate_form_with_errors_writes_nothing(
    client: TestClient, web: WebClient, recrutador: dict[str, str], admin: dict[str, str]
) -> None:
    stored_applicant(client, recrutador)
    before = everything(client, admin)
    page = web("recrutador")
    fields = form_fields(page.get(f"/app/candidatos/{CODE}/editar").text, MARK)
    fields["infos_basicas.nome"] = ""
    fields["informacoes_pessoais.email"] = "nao-e-email"
    fields["formacao_e_idiomas.cursos"] = "Curso que não será gravado"
    refused = page.post(f"/app/candidatos/{CODE}/editar", data=fields)
    assert refused.status_code == 400
    assert 'data-error-for="infos_basicas.nome">Informe o nome do candidato.' in refused.text
    assert 'data-error-for="informacoes_pessoais.email">Informe um e-mail válido' in refused.text
    assert 'value="nao-e-email"' in refused.text and "Nada foi gravado" in refused.text
    after = everything(client, admin)
    assert {k: v for k, v in after.items() if k != "gerado_em"} == {
        k: v for k, v in before.items() if k != "gerado_em"
    }
    created = page.post(
        "/app/candidatos/novo",
        data={
            "csrf_token": fields["csrf_token"],
            "codigo": "0",
            "informacoes_profissionais.titulo_profissional": "x" * 10_001,
        },
    )
    assert created.status_code == 400
    assert "Informe o nome do candidato." in created.text
    assert "No máximo 10000 caracteres." in created.text and "de 1 a " in created.text
    assert client.get(f"{API}/candidatos/list", headers=recrutador).json()["total"] == 1


def test_a_stale_candidate_edit_is_refused_and_writes_nothing(
    client: TestClient, web: WebClient, recrutador: dict[str, str], admin: dict[str, str]
) -> None:
    stored_applicant(client, recrutador)
    page = web("recrutador")
    fields = form_fields(page.get(f"/app/candidatos/{CODE}/editar").text, MARK)
    other = copy.deepcopy(APPLICANT)
    other["informacoes_profissionais"]["titulo_profissional"] = "Mudado pela API"
    assert (
        client.post(f"{API}/candidatos/create", json=other, headers=recrutador).status_code == 200
    )
    fields["informacoes_profissionais.titulo_profissional"] = "Mudado por esta aba"
    stale = page.post(f"/app/candidatos/{CODE}/editar", data=fields)
    assert stale.status_code == 409 and "alterado por outra pessoa" in stale.text
    stored = everything(client, admin)["informacoes_profissionais"]["titulo_profissional"]
    assert stored == "Mudado pela API"


def test_a_leitor_and_a_post_without_csrf_token_are_refused(
    client: TestClient, web: WebClient, recrutador: dict[str, str], admin: dict[str, str]
) -> None:
    stored_applicant(client, recrutador)
    before = everything(client, admin)["infos_basicas"]
    leitor = web("leitor")
    assert "/app/candidatos/novo" not in leitor.get("/app/candidatos").text
    assert "/editar" not in leitor.get(f"/app/candidatos/{CODE}").text
    assert leitor.get(f"/app/candidatos/{CODE}/editar").status_code == 403
    assert leitor.get("/app/candidatos/novo").status_code == 403
    token = csrf_of(leitor.get("/app/candidatos").text)
    data = {"csrf_token": token, "infos_basicas.nome": "Forjado"}
    assert leitor.post("/app/candidatos/novo", data=data).status_code == 403
    assert leitor.post(f"/app/candidatos/{CODE}/editar", data=data).status_code == 403

    page = web("recrutador")
    fields = form_fields(page.get(f"/app/candidatos/{CODE}/editar").text, MARK)
    fields["infos_basicas.nome"] = "Sem token"
    for token_sent in ("", "outro-token"):
        sent = {**fields, "csrf_token": token_sent}
        edit = page.post(f"/app/candidatos/{CODE}/editar", data=sent)
        assert edit.status_code == 403 and "CSRF" in edit.text
        assert page.post("/app/candidatos/novo", data=sent).status_code == 403
    assert everything(client, admin)["infos_basicas"] == before
    assert client.get(f"{API}/candidatos/list", headers=recrutador).json()["total"] == 1
