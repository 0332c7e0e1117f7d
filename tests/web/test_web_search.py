"""The list pages search with the same full-text services as the API (TestClient, real
databases): words only in a résumé, filters, totals across pages, bad filters."""

import copy
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from tests.conftest import PASSWORD
from tests.fixtures.decision_examples import APPLICANT, APPLICANT_CODE, VAGA, VAGA_CODE
from tests.web.helpers import web_login

API = "/api/v1"
RARE = "quixotescamente"  # a word only the first candidate's résumé holds


@pytest.fixture
def page_client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as other:
        assert web_login(other, "leitor", PASSWORD).status_code == 303
        yield other


def _candidate(code: int, nome: str, cv: str) -> dict[str, object]:
    record = copy.deepcopy(APPLICANT)
    record["infos_basicas"]["codigo_profissional"] = str(code)
    record["infos_basicas"]["nome"] = nome
    record["informacoes_pessoais"]["nome"] = nome
    record["informacoes_pessoais"]["cpf"] = ""
    record["cv_pt"] = cv
    return record


def test_the_candidates_page_finds_a_word_written_only_in_a_resume(
    client: TestClient, page_client: TestClient, recrutador: dict[str, str]
) -> None:
    people = [
        _candidate(int(APPLICANT_CODE) + 1, "Iracema Quintela", f"experiência {RARE} em SAP"),
        *(
            _candidate(int(APPLICANT_CODE) + 2 + n, f"Outra Pessoa {n}", "experiência em SAP")
            for n in range(30)
        ),
    ]
    for person in people:
        answer = client.post(f"{API}/candidatos/create", json=person, headers=recrutador)
        assert answer.status_code == 200, answer.text
    found = page_client.get("/app/candidatos", params={"q": RARE.upper()})
    assert found.status_code == 200
    assert "Iracema Quintela" in found.text and "Outra Pessoa" not in found.text
    assert "de 1 ·" in found.text  # the true total of the search
    # 31 match "sap": page 2 of 25 a page keeps the words in its links and shows the rest
    first = page_client.get("/app/candidatos", params={"q": "sap"})
    assert "de 31 ·" in first.text and 'href="?pagina=2&amp;q=sap"' in first.text
    second = page_client.get("/app/candidatos", params={"q": "sap", "pagina": 2})
    assert second.text.count('href="/app/candidatos/') == 6 and "26\u201331 de 31" in second.text


def test_the_vagas_page_filters_by_pipeline_stage_and_refuses_a_bad_level(
    client: TestClient, page_client: TestClient, recrutador: dict[str, str]
) -> None:
    assert (
        client.post(
            f"{API}/vagas/create", json={"codigo_vaga": int(VAGA_CODE), **VAGA}, headers=recrutador
        ).status_code
        == 200
    )
    other = copy.deepcopy(VAGA)
    other["informacoes_basicas"]["titulo_vaga"] = "Analista sem pipeline"
    assert (
        client.post(
            f"{API}/vagas/create",
            json={"codigo_vaga": int(VAGA_CODE) + 1, **other},
            headers=recrutador,
        ).status_code
        == 200
    )
    assert (
        client.post(f"{API}/candidatos/create", json=APPLICANT, headers=recrutador).status_code
        == 200
    )
    added = client.post(
        f"{API}/prospects/add-candidate",
        json={"codigo_vaga": int(VAGA_CODE), "codigo_candidato": int(APPLICANT_CODE)},
        headers=recrutador,
    )
    assert added.status_code == 200, added.text
    status = added.json()["data"]["situacao_candidato"]
    staged = page_client.get("/app/vagas", params={"status": status})
    assert staged.status_code == 200
    assert "CONSULTOR CONTROL M" in staged.text and "Analista sem pipeline" not in staged.text
    everything = page_client.get("/app/vagas")
    assert "Analista sem pipeline" in everything.text and f'value="{status}"' in everything.text
    bad = page_client.get("/app/vagas", params={"nivel_profissional": "Imperador"})
    assert bad.status_code == 400 and "Imperador" in bad.text
