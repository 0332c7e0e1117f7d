"""Anonymisation keeps only professional unknown keys, and a write cannot undo it."""

from typing import Any

from fastapi.testclient import TestClient

URL = "/api/v1/candidatos"
CODE = 9100
RECORD: dict[str, Any] = {
    "infos_basicas": {"codigo_profissional": CODE, "nome": "Joana Prado", "email": "j@x.com"},
    "informacoes_profissionais": {
        "titulo_profissional": "Engenheira", "nivel_senioridade": "Sênior"
    },
    "contato_whats": "11 91234 5678",
    "tel": "1133334444",
    "responsavel": "Carlos Prado",
    "experiencia": {"empresa": "ACME", "obs": "indicada pelo irmão Pedro Prado"},
    "area_atuacao": "Dados",
    "cv_pt": "Joana Prado, engenheira de dados.",
}  # fmt: skip


def test_unknown_keys_keep_only_professional_values(
    client: TestClient, recrutador: dict[str, str], admin: dict[str, str]
) -> None:
    assert client.post(f"{URL}/create", json=RECORD, headers=recrutador).status_code == 200
    assert client.post(f"{URL}/{CODE}/anonimizar", headers=admin).status_code == 200
    data = client.get(f"{URL}/{CODE}/dados-pessoais", headers=admin).json()
    text = str(data)
    for personal in ("91234", "33334444", "Carlos", "Pedro", "Joana"):
        assert personal not in text, personal
    assert data["extras"]["area_atuacao"] == "Dados"
    assert data["extras"]["experiencia"]["empresa"] == "ACME"
    assert data["informacoes_profissionais"]["nivel_senioridade"] == "Sênior"


def test_personal_data_cannot_be_written_back_onto_an_anonymised_candidate(
    client: TestClient, recrutador: dict[str, str], admin: dict[str, str]
) -> None:
    assert client.post(f"{URL}/create", json=RECORD, headers=recrutador).status_code == 200
    assert client.post(f"{URL}/{CODE}/anonimizar", headers=admin).status_code == 200
    for headers in (recrutador, admin):
        again = client.post(f"{URL}/create", json=RECORD, headers=headers)
        assert again.status_code == 409, again.text
    data = client.get(f"{URL}/{CODE}/dados-pessoais", headers=admin).json()
    assert "Joana" not in str(data)
    # Professional data may still be updated.
    professional = {
        "infos_basicas": {"codigo_profissional": CODE},
        "informacoes_profissionais": {"titulo_profissional": "Cientista de dados"},
    }
    assert client.post(f"{URL}/create", json=professional, headers=recrutador).status_code == 200
