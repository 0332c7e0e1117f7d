"""The audit log through the HTTP API: what is recorded, and how an admin queries it."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from talentmatch.core.config import Settings
from tests.conftest import PASSWORD
from tests.fixtures.decision_examples import APPLICANT, APPLICANT_CODE
from tests.helpers import VALIDATION_ERROR, wait_for_job

URL = "/api/v1/auditoria/list"


def events(client: TestClient, admin: dict[str, str], **filters: Any) -> list[dict[str, Any]]:
    response = client.get(URL, params=filters, headers=admin)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def test_logins_are_recorded_without_passwords(client: TestClient, admin: dict[str, str]) -> None:
    failed = client.post(
        "/api/v1/usuarios/login", data={"username": "leitor", "password": "senha-errada-123"}
    )
    assert failed.status_code == 401
    [failure] = events(client, admin, action="login.falhou")
    assert failure["actor_username"] == "leitor" and failure["actor_id"] is None
    assert failure["details"] == {"motivo": "credenciais"}

    ok = events(client, admin, action="login.ok", actor="admin")
    assert ok and ok[0]["target"] == f"usuario:{ok[0]['actor_id']}"
    everything = client.get(URL, headers=admin).text
    assert "senha-errada-123" not in everything and PASSWORD not in everything


def test_user_management_is_recorded(client: TestClient, admin: dict[str, str]) -> None:
    body = {"username": "nova", "password": "uma-senha-longa", "perfil": "recrutador"}
    user_id = client.post("/api/v1/usuarios/signup", json=body, headers=admin).json()["id"]
    update = {"password": "outra-senha-longa", "perfil": "leitor"}
    assert client.put(f"/api/v1/usuarios/{user_id}", json=update, headers=admin).status_code == 200
    assert client.delete(f"/api/v1/usuarios/{user_id}", headers=admin).status_code == 204

    trail = events(client, admin, target=f"usuario:{user_id}")
    assert [event["action"] for event in trail] == [
        "usuario.removido",
        "usuario.alterado",
        "usuario.criado",
    ]
    assert {event["actor_username"] for event in trail} == {"admin"}
    assert trail[2]["details"] == {"username": "nova", "perfil": "recrutador"}
    assert trail[1]["details"] == {"campos": ["password", "perfil"], "perfil": "leitor"}
    text = json.dumps(trail)
    assert "uma-senha-longa" not in text and "outra-senha-longa" not in text


def test_import_and_export_jobs_queued_are_recorded(
    client: TestClient, admin: dict[str, str], settings: Settings
) -> None:
    root = settings.data_dir / "storage" / "raw"
    root.mkdir(parents=True)
    content = {APPLICANT_CODE: APPLICANT}
    (root / "applicants.json").write_text(json.dumps(content, ensure_ascii=False), "utf-8")
    body = {"file_key": "raw/applicants.json"}
    started = client.post("/api/v1/candidatos/update-tables", json=body, headers=admin).json()
    wait_for_job(client, started["job_id"], admin)
    exported = client.post(
        "/api/v1/candidatos/export-applicants", json={"file_key": "out/a.json"}, headers=admin
    ).json()
    wait_for_job(client, exported["job_id"], admin)

    [queued] = events(client, admin, action="importacao.iniciada")
    assert queued["target"] == f"job:{started['job_id']}"
    assert queued["actor_username"] == "admin"
    assert queued["details"] == {"entidade": "candidatos", "file_key": "raw/applicants.json"}
    [export] = events(client, admin, action="exportacao.iniciada")
    assert export["target"] == f"job:{exported['job_id']}"
    assert export["details"] == {"entidade": "candidatos", "file_key": "out/a.json"}


def test_personal_data_reads_and_anonymisation_are_recorded(
    client: TestClient, admin: dict[str, str]
) -> None:
    client.post("/api/v1/candidatos/create", json=APPLICANT, headers=admin)
    url = f"/api/v1/candidatos/{APPLICANT_CODE}"
    read = client.get(f"{url}/dados-pessoais", headers={**admin, "X-Request-ID": "pedido-123"})
    assert read.status_code == 200
    assert client.post(f"{url}/anonimizar", headers=admin).status_code == 200
    assert client.get("/api/v1/candidatos/999/dados-pessoais", headers=admin).status_code == 404

    trail = events(client, admin, target=f"candidato:{APPLICANT_CODE}")
    assert [event["action"] for event in trail] == [
        "candidato.anonimizado",
        "candidato.dados_pessoais",
    ]
    # The client's id is kept for correlation; the audit's own request id is the server's.
    assert trail[1]["details"]["client_request_id"] == "pedido-123"
    assert trail[1]["request_id"] != "pedido-123" and len(trail[1]["request_id"]) == 32
    assert trail[0]["details"]["ja_anonimizado"] is False
    assert trail[0]["details"]["prospects"] == 0
    assert events(client, admin, target="candidato:999") == []  # a 404 reads nothing
    text = json.dumps(trail, ensure_ascii=False)
    for personal in ("Carolina", "123.456.789-09", "carolina_aparecida@gmail.com"):
        assert personal not in text


def test_the_list_filters_and_paginates(client: TestClient, admin: dict[str, str]) -> None:
    for code in (1, 2, 3):
        body = {"infos_basicas": {"codigo_profissional": code, "nome": f"Pessoa {code}"}}
        client.post("/api/v1/candidatos/create", json=body, headers=admin)
        client.get(f"/api/v1/candidatos/{code}/dados-pessoais", headers=admin)

    page = client.get(
        URL, params={"action": "candidato.dados_pessoais", "limit": 2}, headers=admin
    ).json()
    assert page["total"] == 3 and (page["offset"], page["limit"]) == (0, 2)
    assert [event["target"] for event in page["data"]] == ["candidato:3", "candidato:2"]
    second = client.get(
        URL, params={"action": "candidato.dados_pessoais", "offset": 2}, headers=admin
    ).json()
    assert [event["target"] for event in second["data"]] == ["candidato:1"]

    assert len(events(client, admin, target="candidato:*")) == 3
    assert events(client, admin, target="candidato:2")[0]["action"] == "candidato.dados_pessoais"
    admin_id = events(client, admin, action="login.ok", actor="admin")[0]["actor_id"]
    assert len(events(client, admin, actor=str(admin_id), action="candidato.dados_pessoais")) == 3
    assert events(client, admin, actor="ninguem") == []
    for odd in ("²", "9" * 30):  # digits, but not a user id: matched as a username
        assert events(client, admin, actor=odd) == []

    now = datetime.now(UTC)
    assert len(events(client, admin, since=(now - timedelta(minutes=5)).isoformat())) >= 4
    assert events(client, admin, since=(now + timedelta(minutes=5)).isoformat()) == []
    assert events(client, admin, until=(now - timedelta(minutes=5)).isoformat()) == []
    naive = (now + timedelta(minutes=5)).replace(tzinfo=None).isoformat()
    assert len(events(client, admin, until=naive)) >= 4  # a time without zone is UTC

    assert client.get(URL, params={"action": "nada"}, headers=admin).status_code == VALIDATION_ERROR


@pytest.mark.parametrize("role", ["leitor", "recrutador"])
def test_only_admins_read_the_audit_log(
    client: TestClient, role: str, leitor: dict[str, str], recrutador: dict[str, str]
) -> None:
    headers = {"leitor": leitor, "recrutador": recrutador}[role]
    assert client.get(URL, headers=headers).status_code == 403
    assert client.get(URL).status_code == 401
