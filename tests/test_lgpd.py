"""Personal data (LGPD): CPF flags, masking, the data export, anonymisation, no leaks."""

import copy
import gzip
import json
import logging
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from talentmatch.candidatos import cpf
from talentmatch.candidatos.personal import is_personal_key
from talentmatch.core.config import Settings
from talentmatch.core.logging import JsonFormatter
from talentmatch.db.engines import make_engine
from talentmatch.drift.reference import build_reference, reference_bytes
from talentmatch.features.featurize import FEATURES, featurize
from talentmatch.features.prediction_log import PredictionLog
from talentmatch.features.schema import SEED_MATCH_EXAMPLE
from talentmatch.inferencias.service import predict
from tests.fixtures.decision_examples import APPLICANT, APPLICANT_CODE, VAGA, VAGA_CODE
from tests.helpers import wait_for_job

URL = "/api/v1/candidatos"
CODE = int(APPLICANT_CODE)

# Distinctive personal values: none of them may be left after an anonymisation.
PERSONAL = {
    "nome": "Teodora Quintanilha",
    "cpf": "529.982.247-25",
    "email": "teodora.quintanilha@example.org",
    "telefone": "(11) 98765-4321",
    "endereco": "Rua das Acácias Secretas, 77",
    "nascimento": "14-07-1989",
    "linkedin": "linkedin.com/in/teodora-q",
    "rg": "RG-44.555.666-7",
    "corporativo": "tquintanilha@cliente.example",
    "superior": "Hermenegildo Superior",
    "cv": "Currículo de Teodora Quintanilha, moradora da Rua das Acácias Secretas",
    "comentario": "Ligar para Teodora no 98765-4321",
}


def personal_record() -> dict[str, Any]:
    """The Decision example with the distinctive personal values, unknown keys included."""
    record = copy.deepcopy(APPLICANT)
    basicas = record["infos_basicas"]
    basicas.update(nome=PERSONAL["nome"], email=PERSONAL["email"], telefone=PERSONAL["telefone"])
    basicas["cpf"] = PERSONAL["cpf"]  # an unknown key, as in the seed's example
    pessoais = record["informacoes_pessoais"]
    pessoais.update(
        nome=PERSONAL["nome"],
        cpf=PERSONAL["cpf"],
        email=PERSONAL["email"],
        telefone_celular=PERSONAL["telefone"],
        endereco=PERSONAL["endereco"],
        data_nascimento=PERSONAL["nascimento"],
        url_linkedin=PERSONAL["linkedin"],
    )
    pessoais["telefone"] = PERSONAL["telefone"]  # unknown key of the personal section
    record["cargo_atual"].update(
        email_corporativo=PERSONAL["corporativo"], nome_superior_imediato=PERSONAL["superior"]
    )
    record["cv_pt"] = PERSONAL["cv"]
    record["cv_en"] = PERSONAL["cv"]
    record["documentos"] = {"rg": PERSONAL["rg"], "tipo": "identidade"}  # unknown top-level key
    return record


def create(client: TestClient, headers: dict[str, str], record: dict[str, Any]) -> None:
    response = client.post(f"{URL}/create", json=record, headers=headers)
    assert response.status_code == 200, response.text


def pessoais_of(client: TestClient, admin: dict[str, str], code: int) -> dict[str, Any]:
    response = client.get(f"{URL}/{code}/dados-pessoais", headers=admin)
    assert response.status_code == 200, response.text
    return response.json()["informacoes_pessoais"]


# --- CPF rules -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "normalized", "valid", "masked"),
    [
        ("529.982.247-25", "52998224725", True, "***.982.247-**"),
        ("52998224725", "52998224725", True, "***.982.247-**"),
        (" 529 982 247 25 ", "52998224725", True, "***.982.247-**"),
        ("529.982.247-20", "52998224720", False, "***.982.247-**"),
        ("111.111.111-11", "11111111111", False, "***.111.111-**"),
        ("1234", None, False, "***"),
        ("529/982/247-25", None, False, "***"),
        ("", None, None, ""),
        (None, None, None, None),
    ],
)
def test_cpf_rules(
    value: str | None, normalized: str | None, valid: bool | None, masked: str | None
) -> None:
    assert cpf.normalize(value) == normalized
    assert cpf.is_valid(value) == valid
    assert cpf.mask(value) == masked


@pytest.mark.parametrize(
    ("value", "normalized", "valid"),
    [
        ("123.456.789-09", "12345678909", True),
        ("12345678909", "12345678909", True),
        ("123.456.789-00", "12345678900", False),
        ("12.345", None, False),
        ("", None, None),
    ],
)
def test_the_api_keeps_the_cpf_as_given_and_flags_it(
    client: TestClient,
    admin: dict[str, str],
    value: str,
    normalized: str | None,
    valid: bool | None,
) -> None:
    record = copy.deepcopy(APPLICANT)
    record["informacoes_pessoais"]["cpf"] = value
    create(client, admin, record)
    pessoais = pessoais_of(client, admin, CODE)
    assert pessoais["cpf"] == value
    assert (pessoais["cpf_normalizado"], pessoais["cpf_valido"]) == (normalized, valid)


def test_without_a_cpf_the_flags_are_null(client: TestClient, admin: dict[str, str]) -> None:
    record = copy.deepcopy(APPLICANT)
    del record["informacoes_pessoais"]["cpf"]
    create(client, admin, record)
    pessoais = pessoais_of(client, admin, CODE)
    assert "cpf" not in pessoais
    assert pessoais["cpf_normalizado"] is None and pessoais["cpf_valido"] is None


def test_an_imported_invalid_cpf_is_kept_flagged_and_exported_unchanged(
    client: TestClient, admin: dict[str, str], settings: Settings
) -> None:
    root = settings.data_dir / "storage" / "lgpd"
    root.mkdir(parents=True)
    invalid = copy.deepcopy(APPLICANT)
    invalid["informacoes_pessoais"]["cpf"] = " 123.456.789-00"
    formatted = copy.deepcopy(APPLICANT)
    formatted["infos_basicas"]["codigo_profissional"] = "31001"
    formatted["informacoes_pessoais"]["cpf"] = "529 982 247 25"
    content = {APPLICANT_CODE: invalid, "31001": formatted}
    (root / "applicants.json").write_text(json.dumps(content, ensure_ascii=False), "utf-8")

    response = client.post(
        f"{URL}/update-tables", json={"file_key": "lgpd/applicants.json"}, headers=admin
    )
    job = wait_for_job(client, response.json()["job_id"], admin)
    assert job["status"] == "succeeded" and job["counts"]["rejected"] == 0, job
    flagged = {"cpf": " 123.456.789-00", "cpf_normalizado": "12345678900", "cpf_valido": False}
    assert flagged.items() <= pessoais_of(client, admin, CODE).items()
    spaced = {"cpf": "529 982 247 25", "cpf_normalizado": "52998224725", "cpf_valido": True}
    assert spaced.items() <= pessoais_of(client, admin, 31001).items()

    body = {"file_key": "lgpd/out.json"}
    response = client.post(f"{URL}/export-applicants", json=body, headers=admin)
    assert wait_for_job(client, response.json()["job_id"], admin)["status"] == "succeeded"
    assert json.loads((root / "out.json").read_text("utf-8")) == content


# --- masking -------------------------------------------------------------------------
def test_list_and_details_show_the_cpf_masked(
    client: TestClient, leitor: dict[str, str], admin: dict[str, str]
) -> None:
    create(client, admin, personal_record())
    listing = client.get(f"{URL}/list", headers=leitor).json()
    assert listing["data"][0]["cpf"] == "***.982.247-**"
    details = client.get(f"{URL}/details/{CODE}", headers=leitor)
    assert details.json()["informacoes_pessoais"]["cpf"] == "***.982.247-**"
    assert details.json()["infos_basicas"]["cpf"] == "***.982.247-**"
    assert "52998224725" not in details.text and PERSONAL["cpf"] not in details.text
    assert "cpf_valido" not in details.text and "cpf_normalizado" not in details.text
    assert PERSONAL["cpf"] not in client.get(f"{URL}/list", headers=leitor).text


def test_posting_details_back_keeps_the_stored_cpf(
    client: TestClient, admin: dict[str, str]
) -> None:
    create(client, admin, personal_record())
    details = client.get(f"{URL}/details/{CODE}", headers=admin).json()
    body = {name: details[name] for name in ("infos_basicas", "informacoes_pessoais")}
    create(client, admin, body)
    assert pessoais_of(client, admin, CODE)["cpf"] == PERSONAL["cpf"]


def test_no_log_line_carries_personal_data(
    client: TestClient, admin: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        create(client, admin, personal_record())
        client.get(f"{URL}/details/{CODE}", headers=admin)
        client.get(f"{URL}/{CODE}/dados-pessoais", headers=admin)
        client.post(f"{URL}/{CODE}/anonimizar", headers=admin)
    formatter = JsonFormatter()
    lines = "\n".join(formatter.format(record) for record in caplog.records)
    assert "talentmatch.access" in lines  # the access lines were captured
    for value in PERSONAL.values():
        assert value not in lines
        assert json.dumps(value, ensure_ascii=False)[1:-1] not in lines


# --- data export ---------------------------------------------------------------------
@pytest.fixture
def candidate_in_a_pipeline(client: TestClient, admin: dict[str, str]) -> None:
    """The personal record, in one vaga's pipeline with two status changes."""
    create(client, admin, personal_record())
    client.post("/api/v1/vagas/create", json={"codigo_vaga": VAGA_CODE, **VAGA}, headers=admin)
    prospect = {
        "codigo_vaga": VAGA_CODE,
        "codigo_candidato": CODE,
        "nome": PERSONAL["nome"],
        "situacao_candidato": "Inscrito",
        "comentario": PERSONAL["comentario"],
        "recrutador": "Ana Lívia Moreira",
        "data_candidatura": "25-03-2021",
    }
    response = client.post("/api/v1/prospects/add-candidate", json=prospect, headers=admin)
    assert response.status_code == 200, response.text
    change = {
        "codigo_vaga": VAGA_CODE,
        "codigo_candidato": CODE,
        "situacao_candidato": "Entrevista Técnica",
        "comentario": PERSONAL["comentario"],
    }
    response = client.put("/api/v1/prospects/update-candidate", json=change, headers=admin)
    assert response.status_code == 200, response.text


@pytest.mark.usefixtures("candidate_in_a_pipeline")
def test_dados_pessoais_hold_everything_unmasked(client: TestClient, admin: dict[str, str]) -> None:
    data = client.get(f"{URL}/{CODE}/dados-pessoais", headers=admin).json()
    record = personal_record()
    assert data["codigo_profissional"] == CODE and data["anonimizado_em"] is None
    assert data["informacoes_pessoais"] == {
        **record["informacoes_pessoais"],
        "cpf_normalizado": "52998224725",
        "cpf_valido": True,
    }
    assert data["infos_basicas"]["cpf"] == PERSONAL["cpf"]
    assert data["cargo_atual"] == record["cargo_atual"]
    assert data["curriculos"] == {"cv_pt": PERSONAL["cv"], "cv_en": PERSONAL["cv"]}
    assert data["extras"] == {"documentos": record["documentos"]}
    [prospect] = data["prospects"]
    assert prospect["codigo_vaga"] == int(VAGA_CODE)
    assert prospect["titulo_vaga"] == VAGA["informacoes_basicas"]["titulo_vaga"]
    assert prospect["nome"] == PERSONAL["nome"]
    assert prospect["situacao_candidato"] == "Entrevista Técnica"
    assert [h["situacao_nova"] for h in prospect["historico"]] == ["Inscrito", "Entrevista Técnica"]


def test_dados_pessoais_are_for_admins_and_404_when_unknown(
    client: TestClient, admin: dict[str, str], recrutador: dict[str, str]
) -> None:
    create(client, admin, personal_record())
    assert client.get(f"{URL}/{CODE}/dados-pessoais", headers=recrutador).status_code == 403
    assert client.post(f"{URL}/{CODE}/anonimizar", headers=recrutador).status_code == 403
    response = client.get(f"{URL}/999/dados-pessoais", headers=admin)
    assert response.status_code == 404 and "999" in response.json()["detail"]
    assert client.post(f"{URL}/999/anonimizar", headers=admin).status_code == 404


# --- anonymisation -------------------------------------------------------------------
@pytest.mark.usefixtures("candidate_in_a_pipeline")
def test_anonimizar_removes_every_personal_value_and_keeps_the_pipeline(
    client: TestClient, admin: dict[str, str]
) -> None:
    history_url = f"/api/v1/prospects/{VAGA_CODE}/{CODE}/historico"
    history_before = client.get(history_url, headers=admin).json()
    response = client.post(f"{URL}/{CODE}/anonimizar", headers=admin)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["ja_anonimizado"] is False and result["campos_removidos"] > 0
    assert result["prospects"] == 1

    details = client.get(f"{URL}/details/{CODE}", headers=admin)
    export = client.get(f"{URL}/{CODE}/dados-pessoais", headers=admin)
    history = client.get(history_url, headers=admin)
    pipeline = client.get(f"/api/v1/prospects/{VAGA_CODE}", headers=admin)
    for answer in (details, export, history, pipeline):
        assert answer.status_code == 200
        text = json.dumps(answer.json(), ensure_ascii=False)
        for value in (*PERSONAL.values(), "52998224725", "982.247"):
            assert value not in text, (answer.url, value)

    data = export.json()
    assert data["anonimizado_em"] == result["anonimizado_em"]
    assert data["informacoes_pessoais"]["cpf"] == ""
    assert data["informacoes_pessoais"]["cpf_valido"] is None
    assert data["extras"] == {"documentos": {"rg": "", "tipo": "identidade"}}
    # Professional data, codes, statuses, dates and the history are kept.
    assert data["informacoes_profissionais"] == APPLICANT["informacoes_profissionais"]
    assert data["formacao_e_idiomas"] == APPLICANT["formacao_e_idiomas"]
    assert data["cargo_atual"]["cargo_atual"] == APPLICANT["cargo_atual"]["cargo_atual"]
    assert data["infos_basicas"]["local"] == APPLICANT["infos_basicas"]["local"]
    [prospect] = data["prospects"]
    assert prospect["situacao_candidato"] == "Entrevista Técnica"
    assert prospect["data_candidatura"] == "25-03-2021"
    after = history.json()
    assert [h["situacao_nova"] for h in after["historico"]] == [
        h["situacao_nova"] for h in history_before["historico"]
    ]
    assert [h["alterado_em"] for h in after["historico"]] == [
        h["alterado_em"] for h in history_before["historico"]
    ]
    listing = client.get("/api/v1/prospects/list", headers=admin).json()
    assert listing["total"] == 1


@pytest.mark.usefixtures("candidate_in_a_pipeline")
def test_anonimizar_is_idempotent(client: TestClient, admin: dict[str, str]) -> None:
    first = client.post(f"{URL}/{CODE}/anonimizar", headers=admin).json()
    before = client.get(f"{URL}/{CODE}/dados-pessoais", headers=admin).json()
    second = client.post(f"{URL}/{CODE}/anonimizar", headers=admin)
    assert second.status_code == 200
    assert second.json()["ja_anonimizado"] is True
    assert second.json()["campos_removidos"] == 0
    assert second.json()["anonimizado_em"] == first["anonimizado_em"]
    after = client.get(f"{URL}/{CODE}/dados-pessoais", headers=admin).json()
    assert {k: v for k, v in after.items() if k != "gerado_em"} == {
        k: v for k, v in before.items() if k != "gerado_em"
    }


def test_personal_key_names_are_recognised() -> None:
    personal = ["cpf", "RG", "e-mail", "emailPessoal", "telefone_2", "Endereço", "nome_mae"]
    professional = ["cargo", "nivel_profissional", "area_atuacao", "tipo", "idiomas"]
    assert all(is_personal_key(key) for key in personal)
    assert not any(is_personal_key(key) for key in professional)


# --- the prediction log and the drift reference hold no personal data ------------------
PII_PAYLOAD = {
    **SEED_MATCH_EXAMPLE,
    "cv_candidato": f"{PERSONAL['cv']} CPF {PERSONAL['cpf']} {PERSONAL['email']} "
    f"{PERSONAL['telefone']}",
    "cidade": PERSONAL["endereco"],
    "titulo_profissional": PERSONAL["nome"],
}


class FakeModel:
    """Stands in for a trained match model: the logging path is what is under test."""

    version = "test-version"

    def predict_features(self, frame: pd.DataFrame) -> list[float]:
        return [0.5] * len(frame)

    def is_match(self, probability: float) -> bool:
        return probability >= 0.5

    def explain(self, payload: dict[str, str]) -> list[dict[str, Any]]:
        return []


def assert_no_personal_text(text: str) -> None:
    for value in (*PERSONAL.values(), "52998224725", PERSONAL["nome"].split()[0]):
        assert value not in text, value


def test_the_prediction_log_holds_only_derived_numbers(settings: Settings) -> None:
    engine = make_engine(settings.resolved_system_database_url)
    with Session(engine) as session:
        predict(
            session=session,
            model=FakeModel(),  # type: ignore[arg-type]
            payloads=[PII_PAYLOAD],
            explain=False,
            source="test",
        )
        [logged] = session.exec(select(PredictionLog)).all()
    engine.dispose()
    assert set(logged.features) <= set(FEATURES)
    assert all(
        value is None or isinstance(value, float | int) for value in logged.features.values()
    )
    assert_no_personal_text(json.dumps(logged.model_dump(mode="json"), ensure_ascii=False))


def test_the_drift_reference_holds_only_derived_numbers() -> None:
    reference = build_reference(featurize([PII_PAYLOAD, SEED_MATCH_EXAMPLE]), [0.2, 0.8])
    text = gzip.decompress(reference_bytes(reference)).decode("utf-8")
    assert_no_personal_text(text)
    assert all(str(dtype) == "float64" for dtype in reference.dtypes)


def test_a_later_import_of_the_record_restores_what_the_file_says(
    client: TestClient, admin: dict[str, str], settings: Settings
) -> None:
    # The documented choice (lgpd/service.py): an import writes what its file holds, so
    # the source file must be purged too; the anonymisation time and the audit log remain.
    root = settings.data_dir / "storage" / "raw"
    root.mkdir(parents=True)
    (root / "applicants.json").write_text(json.dumps({APPLICANT_CODE: APPLICANT}), "utf-8")
    body = {"file_key": "raw/applicants.json"}
    first = client.post(f"{URL}/update-tables", json=body, headers=admin).json()
    assert wait_for_job(client, first["job_id"], admin)["status"] == "succeeded"
    anonymized = client.post(f"{URL}/{CODE}/anonimizar", headers=admin).json()

    again = client.post(f"{URL}/update-tables", json=body, headers=admin).json()
    job = wait_for_job(client, again["job_id"], admin)
    assert job["counts"]["updated"] == 1
    data = client.get(f"{URL}/{CODE}/dados-pessoais", headers=admin).json()
    assert data["infos_basicas"]["nome"] == APPLICANT["infos_basicas"]["nome"]
    assert data["anonimizado_em"] == anonymized["anonimizado_em"]
