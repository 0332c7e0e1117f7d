"""The vaga create/edit forms through HTTP with a web session (TestClient, real databases):
a save shows the vaga with a flash; an error is shown by its field and writes nothing; a stale
edit is refused; a leitor and a forged (no CSRF) post are refused."""

import copy
import threading
from typing import Any

from fastapi.testclient import TestClient

from tests.fixtures.decision_examples import VAGA, VAGA_CODE
from tests.web.forms import WebClient, form_fields, web
from tests.web.helpers import csrf_of

__all__ = ["web"]
API = "/api/v1"
CODE = int(VAGA_CODE)


def details(client: TestClient, headers: dict[str, str], code: int = CODE) -> Any:
    answer = client.get(f"{API}/vagas/details/{code}", headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]


def stored_vaga(client: TestClient, headers: dict[str, str]) -> None:
    record = copy.deepcopy(VAGA)
    record["perfil_vaga"]["campo_da_decision"] = "mantido"  # an unknown key: kept by edits
    answer = client.post(
        f"{API}/vagas/create", json={"codigo_vaga": CODE, **record}, headers=headers
    )
    assert answer.status_code == 200, answer.text


def test_a_recruiter_creates_a_vaga_and_lands_on_its_page_with_a_flash(
    client: TestClient, web: WebClient, recrutador: dict[str, str]
) -> None:
    page = web("recrutador")
    listing = page.get("/app/vagas")
    assert 'href="/app/vagas/nova"' in listing.text
    form = page.get("/app/vagas/nova")
    assert form.status_code == 200 and 'for="campo-infos_basicas-titulo_vaga"' in form.text
    saved = page.post(
        "/app/vagas/nova",
        data={
            "csrf_token": csrf_of(form.text),
            "codigo": "777",
            "infos_basicas.titulo_vaga": "Engenheira de Dados Sênior",
            "infos_basicas.cliente": "Acme",
            "perfil.cidade": "Recife",
            "perfil.nivel_profissional": "Sênior",
            "perfil.principais_atividades": "Pipelines\nem Spark",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"] == "/app/vagas/777"
    shown = page.get("/app/vagas/777")
    assert "Vaga 777 criada." in shown.text and "Engenheira de Dados Sênior" in shown.text
    data = details(client, recrutador, 777)
    assert data["infos_basicas"]["cliente"] == "Acme"
    assert data["perfil"]["principais_atividades"] == "Pipelines\nem Spark"
    assert "beneficios" not in data  # a section left empty is not created
    # Without a code, the next free one.
    again = page.post(
        "/app/vagas/nova",
        data={"csrf_token": csrf_of(form.text), "infos_basicas.titulo_vaga": "Outra"},
        follow_redirects=False,
    )
    assert again.status_code == 303 and again.headers["location"] == "/app/vagas/778"


def test_a_vaga_form_with_errors_shows_them_by_their_fields_and_writes_nothing(
    client: TestClient, web: WebClient, recrutador: dict[str, str]
) -> None:
    stored_vaga(client, recrutador)
    page = web("recrutador")
    token = csrf_of(page.get("/app/vagas/nova").text)
    refused = page.post(
        "/app/vagas/nova",
        data={
            "csrf_token": token,
            "codigo": str(CODE),  # taken
            "infos_basicas.titulo_vaga": "  ",
            "infos_basicas.cliente": "Cliente Mantido",
            "perfil.cidade": "x" * 10_001,
        },
    )
    assert refused.status_code == 400
    text = refused.text
    assert 'data-error-for="infos_basicas.titulo_vaga">Informe o título da vaga.' in text
    assert 'data-error-for="perfil.cidade">No máximo 10000 caracteres.' in text
    assert f"Já existe a vaga {CODE}" in text
    assert 'value="Cliente Mantido"' in text and 'aria-invalid="true"' in text
    assert client.get(f"{API}/vagas/list", headers=recrutador).json()["total"] == 1
    assert (
        details(client, recrutador)["infos_basicas"]["cliente"]
        == VAGA["informacoes_basicas"]["cliente"]
    )

    # The same on an edit: the error by its field, the stored vaga unchanged.
    fields = form_fields(page.get(f"/app/vagas/{CODE}/editar").text, "data-vaga-form")
    fields["infos_basicas.titulo_vaga"] = ""
    fields["infos_basicas.cliente"] = "Nunca gravado"
    edited = page.post(f"/app/vagas/{CODE}/editar", data=fields)
    assert edited.status_code == 400 and "Informe o título da vaga." in edited.text
    assert 'value="Nunca gravado"' in edited.text
    assert details(client, recrutador)["infos_basicas"]["titulo_vaga"] == "CONSULTOR CONTROL M"


def test_an_edit_saves_the_changed_fields_and_keeps_everything_else(
    client: TestClient, web: WebClient, recrutador: dict[str, str]
) -> None:
    stored_vaga(client, recrutador)
    before = details(client, recrutador)
    page = web("recrutador")
    assert f'href="/app/vagas/{CODE}/editar"' in page.get(f"/app/vagas/{CODE}").text
    fields = form_fields(page.get(f"/app/vagas/{CODE}/editar").text, "data-vaga-form")
    assert fields["perfil.nivel_profissional"] == "Analista"
    fields["infos_basicas.titulo_vaga"] = "CONSULTOR CONTROL M PLENO"
    fields["beneficios.valor_venda"] = ""  # cleared
    saved = page.post(f"/app/vagas/{CODE}/editar", data=fields, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == f"/app/vagas/{CODE}"
    assert f"Vaga {CODE} atualizada." in page.get(f"/app/vagas/{CODE}").text
    after = details(client, recrutador)
    assert after["infos_basicas"]["titulo_vaga"] == "CONSULTOR CONTROL M PLENO"
    assert after["beneficios"]["valor_venda"] == ""
    assert after["perfil"] == before["perfil"]  # the unknown key included
    assert after["perfil"]["campo_da_decision"] == "mantido"
    rest = {k: v for k, v in after["infos_basicas"].items() if k != "titulo_vaga"}
    assert rest == {k: v for k, v in before["infos_basicas"].items() if k != "titulo_vaga"}


def test_a_stale_vaga_edit_is_refused_and_writes_nothing(
    client: TestClient, web: WebClient, recrutador: dict[str, str]
) -> None:
    stored_vaga(client, recrutador)
    page = web("recrutador")
    fields = form_fields(page.get(f"/app/vagas/{CODE}/editar").text, "data-vaga-form")
    # Someone else saves the vaga meanwhile (through the API).
    other = copy.deepcopy(VAGA)
    other["informacoes_basicas"]["titulo_vaga"] = "Título de outra pessoa"
    assert (
        client.post(
            f"{API}/vagas/create", json={"codigo_vaga": CODE, **other}, headers=recrutador
        ).status_code
        == 200
    )
    fields["infos_basicas.titulo_vaga"] = "Título desta aba"
    stale = page.post(f"/app/vagas/{CODE}/editar", data=fields)
    assert stale.status_code == 409
    assert "alterado por outra pessoa" in stale.text and "nada foi gravado" in stale.text
    assert f'href="/app/vagas/{CODE}/editar"' in stale.text  # back to a fresh form
    assert details(client, recrutador)["infos_basicas"]["titulo_vaga"] == "Título de outra pessoa"
    # A form that names no version is refused too (it cannot be checked).
    del fields["expected_updated_at"]
    assert page.post(f"/app/vagas/{CODE}/editar", data=fields).status_code == 400


def test_a_leitor_sees_no_vaga_controls_and_is_refused_when_forging(
    client: TestClient, web: WebClient, recrutador: dict[str, str]
) -> None:
    stored_vaga(client, recrutador)
    page = web("leitor")
    assert "/app/vagas/nova" not in page.get("/app/vagas").text
    assert f"/app/vagas/{CODE}/editar" not in page.get(f"/app/vagas/{CODE}").text
    assert page.get("/app/vagas/nova").status_code == 403
    assert page.get(f"/app/vagas/{CODE}/editar").status_code == 403
    token = csrf_of(page.get("/app/vagas").text)  # the leitor's own, valid token
    data = {"csrf_token": token, "infos_basicas.titulo_vaga": "Forjada"}
    assert page.post("/app/vagas/nova", data=data).status_code == 403
    forged = page.post(f"/app/vagas/{CODE}/editar", data={**data, "expected_updated_at": "x"})
    assert forged.status_code == 403 and "recrutador" in forged.text
    assert client.get(f"{API}/vagas/list", headers=recrutador).json()["total"] == 1
    assert details(client, recrutador)["infos_basicas"]["titulo_vaga"] == "CONSULTOR CONTROL M"


def test_a_vaga_form_posted_without_its_csrf_token_is_refused(
    client: TestClient, web: WebClient, recrutador: dict[str, str]
) -> None:
    stored_vaga(client, recrutador)
    page = web("recrutador")
    fields = form_fields(page.get(f"/app/vagas/{CODE}/editar").text, "data-vaga-form")
    fields["infos_basicas.titulo_vaga"] = "Sem token"
    for token in (None, "token-de-outro-site"):
        sent = (
            {**fields, "csrf_token": token}
            if token
            else {k: v for k, v in fields.items() if k != "csrf_token"}
        )
        edit = page.post(f"/app/vagas/{CODE}/editar", data=sent)
        assert edit.status_code == 403 and "CSRF" in edit.text
        create = page.post("/app/vagas/nova", data={**sent, "codigo": "900"})
        assert create.status_code == 403 and "CSRF" in create.text
    assert client.get(f"{API}/vagas/list", headers=recrutador).json()["total"] == 1
    assert details(client, recrutador)["infos_basicas"]["titulo_vaga"] == "CONSULTOR CONTROL M"


def test_two_edits_of_one_version_at_once_save_one_and_refuse_the_other(
    client: TestClient, web: WebClient, recrutador: dict[str, str]
) -> None:
    stored_vaga(client, recrutador)
    pages = [web("recrutador"), web("admin")]
    forms = [form_fields(p.get(f"/app/vagas/{CODE}/editar").text, "data-vaga-form") for p in pages]
    assert forms[0]["expected_updated_at"] == forms[1]["expected_updated_at"]
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def edit(index: int) -> None:
        fields = {**forms[index], "infos_basicas.titulo_vaga": f"Edição {index}"}
        barrier.wait(timeout=30)
        answer = pages[index].post(f"/app/vagas/{CODE}/editar", data=fields, follow_redirects=False)
        statuses.append(answer.status_code)

    threads = [threading.Thread(target=edit, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(statuses) == [303, 409]
    titulo = details(client, recrutador)["infos_basicas"]["titulo_vaga"]
    assert titulo in {"Edição 0", "Edição 1"}
