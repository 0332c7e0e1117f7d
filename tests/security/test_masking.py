"""CPFs masked wherever they stand; contacts masked for the leitor; dados-pessoais whole."""

import json
from typing import Any

import hypothesis.strategies as st
from fastapi.testclient import TestClient
from hypothesis import given, settings

from talentmatch.candidatos import cpf, masking

URL = "/api/v1/candidatos"
CPF = "529.982.247-25"  # passes its check digits
BARE_CPF = "52998224725"
MASKED = "***.982.247-**"
EMAIL = "maria.souza@example.com"
PHONE = "(11) 98765-4321"

RECORD: dict[str, Any] = {
    "infos_basicas": {"codigo_profissional": 7001, "nome": "Maria Souza", "email": EMAIL,
                      "telefone": PHONE, "cpf_titular": CPF},
    "informacoes_pessoais": {"cpf": CPF, "data_nascimento": "1990-01-02",
                             "telefone_celular": PHONE, "email": EMAIL},
    "informacoes_profissionais": {"titulo_profissional": "Analista de dados"},
    "documentos": {"cpf": BARE_CPF, "rg": "12.345.678-9"},
    "dependentes": [{"nome": "Filho", "documento": CPF}],
    "contato_whats": "11 98765 4321",
    "cv_pt": f"Maria Souza, CPF {CPF}, fone {PHONE}, e-mail {EMAIL}. Python e SQL.",
}  # fmt: skip


def _store(client: TestClient, recrutador: dict[str, str]) -> None:
    response = client.post(f"{URL}/create", json=RECORD, headers=recrutador)
    assert response.status_code == 200, response.text


def _text(response: Any) -> str:
    assert response.status_code == 200, response.text
    return json.dumps(response.json(), ensure_ascii=False)


def test_every_cpf_in_details_and_lists_is_masked_for_every_role(
    client: TestClient, recrutador: dict[str, str], leitor: dict[str, str], admin: dict[str, str]
) -> None:
    _store(client, recrutador)
    for headers in (leitor, recrutador, admin):
        for path in ("/details/7001", "/list"):
            text = _text(client.get(URL + path, headers=headers))
            assert CPF not in text and BARE_CPF not in text, (path, text)
        details = client.get(f"{URL}/details/7001", headers=headers).json()
        assert details["informacoes_pessoais"]["cpf"] == MASKED
        assert details["documentos"]["cpf"] == MASKED
        assert details["dependentes"][0]["documento"] == MASKED
        resume = details["curriculos"]["cv_pt"]
        assert MASKED in resume and "Python e SQL" in resume


def test_the_leitor_sees_professional_data_and_masked_contacts(
    client: TestClient, recrutador: dict[str, str], leitor: dict[str, str]
) -> None:
    _store(client, recrutador)
    for path in ("/details/7001", "/list"):
        text = _text(client.get(URL + path, headers=leitor))
        for secret in (EMAIL, PHONE, "98765", "1990-01-02"):
            assert secret not in text, (path, secret)
    details = client.get(f"{URL}/details/7001", headers=leitor).json()
    assert details["informacoes_profissionais"]["titulo_profissional"] == "Analista de dados"
    assert details["infos_basicas"]["nome"] == "Maria Souza"
    assert details["infos_basicas"]["email"] == "m***@example.com"
    assert details["contato_whats"] == "***"


def test_contacts_in_clear_for_the_recrutador_and_everything_in_dados_pessoais(
    client: TestClient, recrutador: dict[str, str], admin: dict[str, str]
) -> None:
    _store(client, recrutador)
    details = client.get(f"{URL}/details/7001", headers=recrutador).json()
    assert details["infos_basicas"]["email"] == EMAIL
    assert details["informacoes_pessoais"]["telefone_celular"] == PHONE
    whole = _text(client.get(f"{URL}/7001/dados-pessoais", headers=admin))
    assert CPF in whole and BARE_CPF in whole and EMAIL in whole


def test_bulk_detail_reads_are_limited_per_user_and_audited_by_volume(
    settings: Any, recrutador: dict[str, str]
) -> None:
    from talentmatch.app import create_app
    from tests.conftest import login

    limited = settings.model_copy(update={"detail_reads_per_minute": 60})
    with TestClient(create_app(limited)) as client:
        leitor, admin = login(client, "leitor"), login(client, "admin")
        codes = [client.get(f"{URL}/details/{n}", headers=leitor).status_code for n in range(1, 66)]
        assert codes[:60] == [404] * 60  # read (nothing there), counted
        assert set(codes[60:]) == {429}
        # Another user is not affected.
        assert client.get(f"{URL}/details/1", headers=admin).status_code == 404
        events = client.get(
            "/api/v1/auditoria/list", params={"action": "candidato.detalhes"}, headers=admin
        ).json()["data"]
        volumes = sorted(
            e["details"]["leituras_no_minuto"] for e in events if e["actor_username"] == "leitor"
        )
        assert volumes == [1, 50]


# Texts made of what the patterns look for: digits, their separators, '@', letters.
PIECES = st.sampled_from(
    ["529.982.247-25", "52998224725", "12345678901", "(11) 98765-4321", "+55 11 987654321",
     "maria@example.com", "@", ".", "-", " ", "(", ")", "+", "1", "12", "123", "9", "a", "ç", "x@y"]
)  # fmt: skip


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(text=st.lists(PIECES, max_size=12).map("".join))
def test_the_quick_checks_mask_exactly_what_the_patterns_do(text: str) -> None:
    # The masking skips a text without three digits in a row (no CPF or phone pattern can
    # match it) and the e-mail pattern without an '@': the answer must be the patterns' own.
    cpfs = masking._CPF_BARE.sub(
        lambda m: (cpf.mask(m.group()) or masking.HIDDEN) if cpf.is_valid(m.group()) else m.group(),
        masking._CPF_FORMATTED.sub(lambda m: cpf.mask(m.group()) or masking.HIDDEN, text),
    )
    contacts = masking._PHONE.sub(masking.HIDDEN, masking._EMAIL.sub(masking._mask_email, text))
    assert masking.mask_cpfs_in_text(text) == cpfs
    assert masking.mask_contacts_in_text(text) == contacts
