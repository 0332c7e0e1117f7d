"""No train/serve skew: the guarded model scores a pair the same at training, in process,
through `predict` and `predict-ids`; the profile re-ranking reads what it lacks as unknown."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from talentmatch.core.config import Settings
from talentmatch.db.engines import make_engine
from talentmatch.drift.reference import PREDICTION, load_reference
from talentmatch.features.featurize import featurize
from talentmatch.features.payload import VAGA_SOURCES
from talentmatch.matching.dataset import build_training_set
from talentmatch.matching.pipeline import load_model
from talentmatch.recommending.encoder import Encoder
from tests.conftest import login
from tests.ml_robustness.conftest import MATCH, app_registry, import_world, train_both
from tests.ml_robustness.world import World

URL = "/api/v1/inferencias"


def no_years(rng: random.Random, skills: list[str]) -> str:
    return f"Objetivo: desenvolvedor {skills[0]}\nTrabalhei com {', '.join(skills)}."


@pytest.fixture
def served(
    settings: Settings, client: TestClient, encoder: Encoder, tmp_path: Path
) -> tuple[TestClient, dict[str, str]]:
    """Both models trained (two features missing everywhere) and reloaded by the app."""
    world = World(
        vagas=10,
        per_vaga=14,
        cv=no_years,
        drop_applicant=[("formacao_e_idiomas", "nivel_academico")],
    )
    import_world(settings, world.write(tmp_path / "files"))
    trained = train_both(settings, encoder)
    assert not any(isinstance(value, Exception) for value in trained.values()), trained
    admin = login(client, "admin")
    assert client.post(f"{URL}/models/reload", headers=admin).status_code == 200
    assert client.post(f"{URL}/recommendationModel/reload", headers=admin).status_code == 200
    return client, login(client, "recrutador")


def test_a_pair_scores_the_same_at_training_in_process_and_through_the_api(
    served: tuple[TestClient, dict[str, str]], settings: Settings
) -> None:
    client, headers = served
    registry = app_registry(settings)
    model = load_model(registry)
    dropped = registry.fetch(MATCH).manifest["feature_guard"]["dropped"]
    assert {"years_experience", "education"} <= set(dropped)
    assert set(model.features).isdisjoint(dropped)
    # The training rows, in the order the reference stored their training-time probability.
    engine = make_engine(settings.resolved_system_database_url)
    try:
        training_set = build_training_set(engine)
    finally:
        engine.dispose()
    at_training = load_reference(registry.fetch(MATCH))[PREDICTION].to_numpy()
    assert len(at_training) == len(training_set)
    rows = range(0, len(training_set), max(1, len(training_set) // 6))
    pairs = [training_set.keys[i] for i in rows]
    batch = client.post(
        f"{URL}/matchModel/predict-batch",
        json={"pairs": [{"codigo_vaga": v, "codigo_profissional": c} for v, c in pairs]},
        headers=headers,
    )
    assert batch.status_code == 200, batch.text
    for i, answer in zip(rows, batch.json()["data"], strict=True):
        payload = training_set.payloads[i]
        expected = at_training[i]
        assert model.predict_one(payload) == pytest.approx(expected, abs=1e-9)
        by_payload = client.post(f"{URL}/matchModel/predict", json=payload, headers=headers)
        vaga, candidato = training_set.keys[i]
        by_ids = client.post(
            f"{URL}/matchModel/predict-ids",
            json={"codigo_vaga": vaga, "codigo_profissional": candidato},
            headers=headers,
        )
        for response in (by_payload, by_ids):
            assert response.status_code == 200, response.text
            assert response.json()["match_probability"] == pytest.approx(expected * 100, abs=0.006)
        assert answer["match_probability"] == pytest.approx(expected * 100, abs=0.006)


def test_profile_fields_the_body_lacks_are_unknown_as_in_training(
    served: tuple[TestClient, dict[str, str]], settings: Settings
) -> None:
    """nível profissional, área, nível acadêmico are not in the body: the re-ranking scores
    them as training scored a record without them (unknown: NaN features), not as values."""
    client, headers = served
    model = load_model(app_registry(settings))
    profile = {
        "titulo_profissional": "Analista de dados",
        "conhecimentos_tecnicos": "Python, SQL Server, AWS",
        "cidade": "Campinas",
        "ingles": "Avançado",
        "cv_candidato": "Trabalhei com Python e AWS em Campinas.",
    }
    url = f"{URL}/recommendationModel/predict?k=5"
    answer = client.post(url, json=profile, headers=headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["data"] and body["ranked_by"] == "match_model"
    # A field the body cannot carry changes nothing (it is not read, so stays unknown).
    extra = client.post(url, json={**profile, "nivel_academico": "Doutorado"}, headers=headers)
    assert extra.json()["data"] == body["data"]
    engine = make_engine(settings.resolved_system_database_url)
    try:
        training_set = build_training_set(engine)
    finally:
        engine.dispose()
    vagas = {
        vaga: {name: payload[name] for name in VAGA_SOURCES}
        for (vaga, _), payload in zip(training_set.keys, training_set.payloads, strict=True)
    }
    for item in body["data"]:
        # The pair as a payload without the candidate fields the profile lacks.
        absent = {**vagas[item["codigo_vaga"]], **profile}
        expected = model.predict_one(absent) * 100
        assert item["match_probability"] == pytest.approx(expected, abs=0.006)
        row = featurize([absent]).iloc[0]
        for feature in ("education", "same_area"):
            assert math.isnan(row[feature]), feature  # unknown, not a value
        # Training read a stored empty field the same way: "" is unknown too, never a value.
        blank = {**absent, **{name: "" for name in LACKING}}
        assert model.predict_one(blank) == pytest.approx(expected / 100, abs=1e-12)


LACKING = ("nivel_profissional", "area_atuacao", "nivel_academico")
