"""Property-based: random *valid* Decision records (every section of DATA.md, random texts
and value sets, random missingness per field, random status mixes) through the whole path:
import → train both models → publish → load → predict (payload, ids, batch) → recommend
both ways → drift. Every example ends in a model or in the clear refusal, never a crash.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from talentmatch.app import create_app
from talentmatch.matching.pipeline import KIND as MATCH
from talentmatch.matching.splits import NotEnoughData
from talentmatch.recommending.build import NothingToIndex
from talentmatch.recommending.encoder import Encoder
from talentmatch.recommending.pipeline import KIND as RECOMMENDER
from tests.conftest import login, make_settings
from tests.databases import PostgresBackend, SqliteBackend
from tests.helpers import wait_for_job
from tests.ml_robustness.conftest import import_world, train_both
from tests.ml_robustness.world import (
    ACADEMIC,
    AREAS,
    CITIES,
    IN_PROGRESS,
    LANGUAGE_LEVELS,
    LEVELS,
    NEGATIVE,
    POSITIVE,
    SKILLS,
    applicant,
    vaga,
)

EXAMPLES = 12
URL = "/api/v1/inferencias"
DRIFT_MIN_ROWS = 8
WORDS = (*SKILLS, *CITIES, "requisitos", "diferenciais", "anos", "de", "experiência", "inglês")
CANDIDATES = 50
# Weights of (positive, negative, in progress, unknown) statuses beside the random mixes.
EXTREME_MIXES = ((0, 0, 1, 0), (0, 1, 0, 0), (1, 0, 1, 0), (0, 0, 1, 1), (1, 1, 0, 0))
UNKNOWN_STATUSES = ("Em espera", "Contratado (retroativo)", "aprovado")

# Printable text of any script, no control characters (PostgreSQL stores no NUL).
free_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=40)
prose = st.lists(st.sampled_from(WORDS) | free_text, max_size=25).map(" ".join)


def value(options: tuple[str, ...]) -> st.SearchStrategy[str | None]:
    """A field's value: from its value set, free text, empty, or absent (None)."""
    return st.sampled_from(options) | free_text | st.just("") | st.none()


# (section, key) -> its strategy; the rest of each record keeps the builder's values.
APPLICANT_FIELDS: dict[tuple[str, str], st.SearchStrategy[str | None]] = {
    ("infos_basicas", "local"): value(CITIES),
    ("informacoes_pessoais", "pcd"): value(("Sim", "Não")),
    ("informacoes_profissionais", "titulo_profissional"): value(
        tuple(f"Analista {s}" for s in SKILLS)
    ),
    ("informacoes_profissionais", "area_atuacao"): value(("TI", "Administrativa", "Comercial")),
    ("informacoes_profissionais", "conhecimentos_tecnicos"): value(SKILLS) | prose,
    ("informacoes_profissionais", "nivel_profissional"): value(LEVELS),
    ("informacoes_profissionais", "certificacoes"): value(("AWS Certified", "ITIL")),
    ("formacao_e_idiomas", "nivel_academico"): value(ACADEMIC),
    ("formacao_e_idiomas", "nivel_ingles"): value(LANGUAGE_LEVELS),
    ("formacao_e_idiomas", "nivel_espanhol"): value(LANGUAGE_LEVELS),
    ("formacao_e_idiomas", "outro_idioma"): value(("Alemão - Avançado", "-")),
    ("", "cv_pt"): prose | st.just(""),
}
VAGA_FIELDS: dict[tuple[str, str], st.SearchStrategy[str | None]] = {
    ("informacoes_basicas", "titulo_vaga"): value(tuple(f"Desenvolvedor {s}" for s in SKILLS)),
    ("informacoes_basicas", "tipo_contratacao"): value(
        ("CLT Full", "PJ/Autônomo, CLT Full", "Hunting", "Estagiário", "Cooperado")
    ),
    ("perfil_vaga", "pais"): value(("Brasil", "Portugal")),
    ("perfil_vaga", "cidade"): value(CITIES),
    ("perfil_vaga", "vaga_especifica_para_pcd"): value(("Sim", "Não")),
    ("perfil_vaga", "nivel profissional"): value(LEVELS),
    ("perfil_vaga", "nivel_ingles"): value(LANGUAGE_LEVELS),
    ("perfil_vaga", "nivel_espanhol"): value(LANGUAGE_LEVELS),
    ("perfil_vaga", "areas_atuacao"): value(AREAS),
    ("perfil_vaga", "competencia_tecnicas_e_comportamentais"): value(SKILLS) | prose,
}


def fields(strategies: dict[tuple[str, str], st.SearchStrategy[str | None]]) -> st.SearchStrategy:
    return st.fixed_dictionaries(dict(strategies))


def place(record: dict[str, Any], values: dict[tuple[str, str], str | None]) -> dict[str, Any]:
    """Set each field; None removes the key (a field some files never fill)."""
    for (section, key), item in values.items():
        target = record if section == "" else record[section]
        if item is None:
            target.pop(key, None)
        else:
            target[key] = item
    return record


@st.composite
def decision_files(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    """The three files of a small random data set."""
    import random

    rng = random.Random(draw(st.integers(0, 2**16)))
    n_vagas = draw(st.integers(1, 6))
    size = n_vagas + CANDIDATES
    codes = draw(st.lists(st.integers(1, 2_147_483_647), min_size=size, max_size=size, unique=True))
    vaga_codes, candidate_codes = codes[:n_vagas], codes[n_vagas:]
    # The mix of outcomes: weights of positive, negative, in progress, unknown statuses.
    weights = draw(
        st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(0, 3), st.integers(0, 2))
        | st.sampled_from(EXTREME_MIXES)
    )
    statuses = (POSITIVE, NEGATIVE, IN_PROGRESS, UNKNOWN_STATUSES)
    applicants = {
        str(code): place(
            applicant(code, rng, rng.sample(SKILLS, 3), ""), draw(fields(APPLICANT_FIELDS))
        )
        for code in candidate_codes
    }
    vagas: dict[str, Any] = {}
    prospects: dict[str, Any] = {}
    for code in vaga_codes:
        vagas[str(code)] = place(
            vaga(code, rng, rng.sample(SKILLS, 3), ""), draw(fields(VAGA_FIELDS))
        )
        members = rng.sample(candidate_codes, draw(st.integers(0, 40)))
        prospects[str(code)] = {
            "titulo": "",
            "modalidade": "",
            "prospects": [
                {
                    "nome": "",
                    "codigo": str(member),
                    "situacao_candidado": rng.choice(rng.choices(statuses, weights)[0]),
                    "data_candidatura": "25-03-2021",
                    "ultima_atualizacao": "",
                    "comentario": "",
                    "recrutador": "",
                }
                for member in members
            ],
        }
    return {"applicants": applicants, "vagas": vagas, "prospects": prospects}


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files=decision_files())
def test_any_valid_decision_data_ends_in_a_model_or_a_clear_refusal(
    files: dict[str, dict[str, Any]],
    migrated_template: tuple[str, str],
    db_backend: SqliteBackend | PostgresBackend,
    encoder: Encoder,
) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        urls = (
            db_backend.clone(migrated_template[0], folder, "auth"),
            db_backend.clone(migrated_template[1], folder, "system"),
        )
        try:
            run_full_path(files, folder, urls, encoder)
        finally:
            for url in urls:
                db_backend.drop(url)


def run_full_path(
    files: dict[str, dict[str, Any]], folder: Path, urls: tuple[str, str], encoder: Encoder
) -> None:
    data_dir = folder / "data"
    data_dir.mkdir()
    app_settings = make_settings(
        data_dir,
        auth_database_url=urls[0],
        system_database_url=urls[1],
        drift_min_rows=DRIFT_MIN_ROWS,
    )
    for name, content in files.items():
        (folder / f"{name}.json").write_text(json.dumps(content, ensure_ascii=False), "utf-8")
    imported = import_world(app_settings, folder)
    assert imported["candidatos"][1] == imported["vagas"][1] == 0, imported  # all valid
    trained = train_both(app_settings, encoder)
    for kind, outcome in trained.items():
        if isinstance(outcome, Exception):
            assert isinstance(outcome, NotEnoughData | NothingToIndex), outcome
            assert "\n" not in outcome.message
        else:
            assert outcome["kind"] == kind
    if isinstance(trained[MATCH], NotEnoughData):
        assert trained[MATCH].message.startswith("o treino do modelo de match precisa de")
        assert "prospects finalizados" in trained[MATCH].message
    with TestClient(create_app(app_settings)) as client:
        check_served(client, files, trained)


def check_served(
    client: TestClient, files: dict[str, dict[str, Any]], trained: dict[str, object]
) -> None:
    headers, admin = login(client, "recrutador"), login(client, "admin")
    has_match = not isinstance(trained[MATCH], Exception)
    has_recommender = not isinstance(trained[RECOMMENDER], Exception)
    event(f"match: {'model' if has_match else 'refusal'}")
    event(f"recommender: {'model' if has_recommender else 'refusal'}")
    vaga_code = int(next(iter(files["vagas"])))
    candidate_code = int(next(iter(files["applicants"])))
    pair = {"codigo_vaga": vaga_code, "codigo_profissional": candidate_code}
    payload = {"cv_candidato": "Python", "titulo_vaga": "Desenvolvedor Python"}
    answers = [
        client.post(f"{URL}/matchModel/predict", json=payload, headers=headers),
        client.post(f"{URL}/matchModel/predict-ids", json=pair, headers=headers),
        client.post(
            f"{URL}/matchModel/predict-batch",
            json={"pairs": [pair] * DRIFT_MIN_ROWS},
            headers=headers,
        ),
    ]
    for answer in answers:
        assert answer.status_code == (200 if has_match else 503), answer.text
    if has_match:
        probability = answers[0].json()["match_probability"]
        assert 0 <= probability <= 100
    recommendations = [
        client.get(f"/api/v1/vagas/{vaga_code}/recomendacoes", headers=headers),
        client.get(f"/api/v1/candidatos/{candidate_code}/recomendacoes", headers=headers),
        client.post(
            f"{URL}/recommendationModel/predict", json={"cv_candidato": "Python"}, headers=headers
        ),
    ]
    for answer in recommendations:
        assert answer.status_code == (200 if has_recommender else 503), answer.text
    started = client.post(f"{URL}/driftReport/run", headers=admin)
    if not has_match:
        assert started.status_code == 503, started.text
        return
    assert started.status_code == 200, started.text
    job = wait_for_job(client, started.json()["job_id"], admin, timeout=120)
    assert job["status"] == "succeeded", job
