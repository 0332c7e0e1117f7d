"""The one feature function: same input, same row, whichever way the payload was built."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from sqlmodel import Session

from talentmatch.candidatos.service import get_candidato_details
from talentmatch.features import text as tx
from talentmatch.features.featurize import FEATURES, IGNORED_FIELDS, featurize
from talentmatch.features.payload import (
    CANDIDATE_SOURCES,
    PAYLOAD_FIELDS,
    VAGA_SOURCES,
    payload_from_records,
)
from talentmatch.features.schema import SEED_MATCH_EXAMPLE, MatchPayload
from talentmatch.features.skills import requirement_phrases
from talentmatch.matching.dataset import TrainingSet
from talentmatch.vagas.service import get_vaga_sections
from tests.matching.conftest import MatchData

CANDIDATE = {
    "infos_basicas": {"local": "Campinas", "nome": "Maria Souza", "email": "m@x.com"},
    "informacoes_pessoais": {"sexo": "Feminino", "cpf": "123.456.789-09", "pcd": "Não"},
    "informacoes_profissionais": {
        "titulo_profissional": "Desenvolvedora Java Sênior",
        "conhecimentos_tecnicos": "Java, Spring Boot, SQL",
        "nivel_profissional": "Sênior",
        "area_atuacao": "TI - Desenvolvimento/Programação-",
    },
    "formacao_e_idiomas": {"nivel_ingles": "Avançado", "nivel_academico": "Mestrado Completo"},
    "cv_pt": "maria souza\ncampinas/sp, 35 anos\nprofissional com 10 anos de experiência",
}
VAGA_FILE = {
    "informacoes_basicas": {"titulo_vaga": "Desenvolvedor Java", "tipo_contratacao": "CLT Full"},
    "perfil_vaga": {
        "cidade": "Campinas",
        "pais": "Brasil",
        "nivel profissional": "Pleno",
        "nivel_ingles": "Intermediário",
        "areas_atuacao": "TI - Desenvolvimento/Programação-",
        "competencia_tecnicas_e_comportamentais": "requisitos obrigatórios:\n- Java;\n- Kafka;",
    },
}


def test_every_payload_field_has_exactly_one_source() -> None:
    assert set(CANDIDATE_SOURCES) | set(VAGA_SOURCES) == set(PAYLOAD_FIELDS)
    assert not set(CANDIDATE_SOURCES) & set(VAGA_SOURCES)
    assert len(PAYLOAD_FIELDS) == 25


def test_payload_from_records_reads_the_documented_fields() -> None:
    payload = payload_from_records(CANDIDATE, VAGA_FILE)
    assert list(payload) == list(PAYLOAD_FIELDS)
    assert payload["cidade"] == "Campinas"  # infos_basicas.local
    assert payload["ingles"] == "Avançado"  # formacao_e_idiomas.nivel_ingles
    assert payload["cv_candidato"].startswith("maria souza")  # cv_pt
    assert payload["nivel_profissional_vaga"] == "Pleno"  # perfil_vaga["nivel profissional"]
    assert payload["titulo_vaga"] == "Desenvolvedor Java"
    assert payload["espanhol"] == ""  # absent -> empty
    # Identity fields never reach the payload.
    assert "123.456.789-09" not in json.dumps(payload)
    assert "m@x.com" not in json.dumps(payload)


def test_api_and_file_spellings_give_the_same_payload() -> None:
    api_candidate = {
        **{k: v for k, v in CANDIDATE.items() if k != "cv_pt"},
        "curriculos": {"cv_pt": CANDIDATE["cv_pt"], "cv_en": None},
    }
    perfil = dict(VAGA_FILE["perfil_vaga"])
    perfil["nivel_profissional"] = perfil.pop("nivel profissional")
    api_vaga = {"infos_basicas": VAGA_FILE["informacoes_basicas"], "perfil": perfil}
    assert payload_from_records(api_candidate, api_vaga) == payload_from_records(
        CANDIDATE, VAGA_FILE
    )


def test_featurize_is_deterministic_and_shaped() -> None:
    payload = payload_from_records(CANDIDATE, VAGA_FILE)
    first, second = featurize([payload, payload]), featurize([payload])
    assert list(first.columns) == list(FEATURES)
    assert_frame_equal(first.iloc[[1]].reset_index(drop=True), second)
    row = second.iloc[0]
    assert row["same_city"] == 1.0
    assert row["seniority_candidate"] == 3.0 and row["seniority_vaga"] == 2.0
    assert row["seniority_over"] == 1.0 and row["seniority_under"] == 0.0
    assert row["english_short"] == 0.0
    assert row["skill_coverage"] == 0.5  # Java yes, Kafka no
    assert row["years_experience"] == 10.0
    assert row["contrato_clt"] == 1.0


def test_missing_fields_count_as_empty() -> None:
    frame = featurize([{}, {"cv_candidato": None, "ingles": 3}, MatchPayload()])
    assert len(frame) == 3
    assert_frame_equal(frame.iloc[[0]], frame.iloc[[2]].set_axis([0]))
    assert math.isnan(frame.at[0, "skill_coverage"])
    assert frame.at[1, "english_candidate"] != frame.at[1, "english_candidate"]  # "3" is no level


def test_protected_fields_do_not_change_the_features() -> None:
    payload = dict(SEED_MATCH_EXAMPLE)
    other = {**payload, **{name: "outro valor" for name in IGNORED_FIELDS}}
    assert_frame_equal(featurize([payload]), featurize([other]))


def test_db_api_and_file_records_give_identical_features(
    match_data: MatchData, training_set: TrainingSet
) -> None:
    """No train/serve skew: the bulk SQL path, the API's services and the raw files agree."""
    applicants = json.loads((match_data.folder / "applicants.json").read_text("utf-8"))
    vagas = json.loads((match_data.folder / "vagas.json").read_text("utf-8"))
    rows = list(range(0, len(training_set), max(1, len(training_set) // 25)))
    api_payloads, file_payloads, posted = [], [], []
    with Session(match_data.engine) as session:
        for index in rows:
            vaga, candidate = training_set.keys[index]
            api = payload_from_records(
                get_candidato_details(session=session, codigo_profissional=candidate).model_dump(),
                get_vaga_sections(session=session, codigo_vaga=vaga).model_dump(),
            )
            api_payloads.append(api)
            file_payloads.append(payload_from_records(applicants[str(candidate)], vagas[str(vaga)]))
            # What a client posting the same values to /predict sends.
            posted.append(MatchPayload.model_validate(json.loads(json.dumps(api))))
    training_payloads = [training_set.payloads[i] for i in rows]
    assert api_payloads == training_payloads
    assert file_payloads == training_payloads
    expected = featurize(training_payloads)
    assert_frame_equal(featurize(api_payloads), expected)
    assert_frame_equal(featurize(posted), expected)


@pytest.mark.parametrize(
    ("text", "level"),
    [("Avançado", 3), ("fluente", 4), ("Técnico", 2), ("Nenhum", 0), ("", None), ("-", None)],
)
def test_language_scale(text: str, level: float | None) -> None:
    found = tx.language_level(text)
    assert (math.isnan(found) and level is None) or found == level


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Gerente de Projetos Pleno", 2),  # the level comes last in titles
        ("Desenvolvedor Java Sênior", 3),
        ("Analista SAP", None),  # a role, not a level
        ("Técnico de Nível Médio", 0),
    ],
)
def test_seniority_in_titles(title: str, level: float | None) -> None:
    found = tx.seniority_level(title)
    assert (math.isnan(found) and level is None) or found == level


def test_requirement_parts() -> None:
    text = "Requisitos: Java, Spring Boot e SQL. Desejável: Kafka\n\nComportamentais: proatividade"
    parts = requirement_phrases(text)
    assert parts == {
        "required": ["java", "spring boot", "sql"],
        "nice": ["kafka"],
        "soft": ["proatividade"],
    }


def test_featurize_of_many_rows_matches_one_by_one(training_set: TrainingSet) -> None:
    payloads = training_set.payloads[:40]
    together = featurize(payloads)
    apart = pd.concat([featurize([p]) for p in payloads], ignore_index=True)
    assert_frame_equal(together, apart)
