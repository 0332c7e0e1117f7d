"""The match model through the HTTP API: predictions, explanations, versions, the log."""

from typing import Any

import pytest
from alembic import command
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from talentmatch.db.engines import make_engine
from talentmatch.db.migrate import alembic_config
from talentmatch.decision.importer import Entity, import_file
from talentmatch.features.featurize import FEATURES
from talentmatch.features.schema import SEED_MATCH_EXAMPLE
from talentmatch.generator import generate_dataset, load_ground_truth
from talentmatch.matching.pipeline import KIND, train_and_publish
from talentmatch.registry import ModelRegistry
from talentmatch.storage import LocalObjectStore
from tests.conftest import login
from tests.fixtures.decision_examples import APPLICANT, APPLICANT_CODE, VAGA, VAGA_CODE
from tests.helpers import VALIDATION_ERROR

URL = "/api/v1/inferencias"


@pytest.fixture(scope="session")
def trained_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, dict[str, Any]]:
    """A match model trained once on a small generated data set: (artifact, manifest)."""
    folder = tmp_path_factory.mktemp("inferencias")
    generate_dataset(folder, candidates=600, vagas=200, prospects=2000, seed=5)
    url = f"sqlite:///{folder / 'systemDB.db'}"
    command.upgrade(alembic_config("system", url), "head")
    engine = make_engine(url)
    for entity in Entity:
        import_file(
            entity, store=LocalObjectStore(folder), key=f"{entity.file_name}.json", engine=engine
        )
    registry = ModelRegistry(LocalObjectStore(folder / "store"), folder / "cache")
    truth = load_ground_truth(folder)
    train_and_publish(engine, registry, oracle=lambda c, v: truth.propensity(str(c), str(v)))
    engine.dispose()
    return registry.load(KIND)


def publish(settings: Settings, trained: tuple[bytes, dict[str, Any]]) -> str:
    """Publish the trained artifact in this test's object store; its version."""
    registry = ModelRegistry(
        LocalObjectStore(settings.data_dir / "storage"), settings.resolved_model_cache_dir
    )
    artifact, manifest = trained
    extra = {k: v for k, v in manifest.items() if k not in {"version", "files", "created_at"}}
    return registry.publish(KIND, artifact, extra)


@pytest.fixture
def model_version(settings: Settings, trained_model: tuple[bytes, dict[str, Any]]) -> str:
    return publish(settings, trained_model)


@pytest.fixture
def api(settings: Settings, model_version: str):
    """A client on an app started after a model was published (so it loads it at start-up)."""
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def pair(api: TestClient) -> tuple[int, int]:
    admin = login(api, "admin")
    api.post("/api/v1/candidatos/create", json=APPLICANT, headers=admin)
    api.post("/api/v1/vagas/create", json={"codigo_vaga": VAGA_CODE, **VAGA}, headers=admin)
    return int(APPLICANT_CODE), int(VAGA_CODE)


def test_without_a_model_predictions_are_503_with_a_clear_message(
    client: TestClient, recrutador: dict[str, str]
) -> None:
    response = client.post(f"{URL}/matchModel/predict", json=SEED_MATCH_EXAMPLE, headers=recrutador)
    assert response.status_code == 503
    assert "talentmatch train match" in response.json()["detail"]
    models = client.get(f"{URL}/models", headers=recrutador).json()
    assert models == {"kind": "match", "in_service": None, "current": None, "data": []}


def test_the_seed_example_gets_a_percentage(api: TestClient, model_version: str) -> None:
    headers = login(api, "recrutador")
    response = api.post(f"{URL}/matchModel/predict", json=SEED_MATCH_EXAMPLE, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert 0 <= body["match_probability"] <= 100
    assert body["model_version"] == model_version
    assert body["explanation"] is None


def test_missing_fields_count_as_empty(api: TestClient) -> None:
    headers = login(api, "recrutador")
    response = api.post(f"{URL}/matchModel/predict", json={}, headers=headers)
    assert response.status_code == 200
    partial = {"titulo_profissional": "Desenvolvedor Python", "titulo_vaga": "Dev Python"}
    assert api.post(f"{URL}/matchModel/predict", json=partial, headers=headers).status_code == 200


def test_invalid_payloads_are_a_validation_error(api: TestClient) -> None:
    headers = login(api, "recrutador")
    for body in ({"cidade": ["a", "list"]}, {"sexo": "x" * 20_000}, [SEED_MATCH_EXAMPLE]):
        response = api.post(f"{URL}/matchModel/predict", json=body, headers=headers)
        assert response.status_code == VALIDATION_ERROR, body


def test_a_better_fit_scores_higher(api: TestClient) -> None:
    headers = login(api, "recrutador")
    fit = {
        **SEED_MATCH_EXAMPLE,
        "competencia_tecnicas_e_comportamentais": "Python, FastAPI, SQLAlchemy, AWS",
        "cv_candidato": "Desenvolvedor backend sênior: Python, FastAPI, SQLAlchemy, AWS, Docker.",
    }
    misfit = {
        **fit,
        "conhecimentos_tecnicos": "Cozinha industrial, confeitaria",
        "titulo_profissional": "Cozinheiro",
        "cv_candidato": "Cozinheiro com experiência em restaurantes.",
        "ingles": "Nenhum",
        "cidade": "Manaus",
    }
    scores = [
        api.post(f"{URL}/matchModel/predict", json=body, headers=headers).json()
        for body in (fit, misfit)
    ]
    assert scores[0]["match_probability"] > scores[1]["match_probability"]


def test_explanations_name_the_features_that_moved_the_score(api: TestClient) -> None:
    headers = login(api, "recrutador")
    response = api.post(
        f"{URL}/matchModel/predict",
        params={"explain": "true"},
        json=SEED_MATCH_EXAMPLE,
        headers=headers,
    )
    explanation = response.json()["explanation"]
    assert 0 < len(explanation) <= 5
    assert all(item["feature"] in FEATURES and item["description"] for item in explanation)
    contributions = [abs(item["contribution"]) for item in explanation]
    assert contributions == sorted(contributions, reverse=True)


def test_stored_pairs_score_like_their_payload(api: TestClient, pair: tuple[int, int]) -> None:
    """No train/serve skew: the payload built from the database is the one the model sees."""
    headers = login(api, "recrutador")
    codigo_profissional, codigo_vaga = pair
    by_ids = api.post(
        f"{URL}/matchModel/predict-ids",
        json={"codigo_profissional": codigo_profissional, "codigo_vaga": codigo_vaga},
        headers=headers,
    ).json()
    profissionais = APPLICANT["informacoes_profissionais"]
    idiomas = APPLICANT["formacao_e_idiomas"]
    perfil = VAGA["perfil_vaga"]
    as_payload = {
        "sexo": APPLICANT["informacoes_pessoais"]["sexo"],
        "estado_civil": APPLICANT["informacoes_pessoais"]["estado_civil"],
        "pcd": APPLICANT["informacoes_pessoais"]["pcd"],
        "vaga_especifica_para_pcd": perfil["vaga_especifica_para_pcd"],
        "pais_vaga": perfil["pais"],
        "nivel_academico": idiomas["nivel_academico"],
        "tipo_contratacao": VAGA["informacoes_basicas"]["tipo_contratacao"],
        "cidade": APPLICANT["infos_basicas"]["local"],
        "cidade_vaga": perfil["cidade"],
        "nivel_profissional": profissionais["nivel_profissional"],
        "nivel_profissional_vaga": perfil["nivel profissional"],
        "ingles": idiomas["nivel_ingles"],
        "espanhol": idiomas["nivel_espanhol"],
        "outros_idiomas": idiomas["outro_idioma"],
        "nivel_ingles_vaga": perfil["nivel_ingles"],
        "nivel_espanhol_vaga": perfil["nivel_espanhol"],
        "titulo_profissional": profissionais["titulo_profissional"],
        "titulo_vaga": VAGA["informacoes_basicas"]["titulo_vaga"],
        "conhecimentos_tecnicos": profissionais["conhecimentos_tecnicos"],
        "certificacoes": profissionais["certificacoes"],
        "outras_certificacoes": profissionais["outras_certificacoes"],
        "area_atuacao": profissionais["area_atuacao"],
        "areas_atuacao_vaga": perfil["areas_atuacao"],
        "competencia_tecnicas_e_comportamentais": perfil["competencia_tecnicas_e_comportamentais"],
        "cv_candidato": APPLICANT["cv_pt"],
    }
    by_payload = api.post(f"{URL}/matchModel/predict", json=as_payload, headers=headers).json()
    assert by_ids["match_probability"] == by_payload["match_probability"]
    assert (by_ids["codigo_profissional"], by_ids["codigo_vaga"]) == pair


def test_unknown_pairs_are_404(api: TestClient, pair: tuple[int, int]) -> None:
    headers = login(api, "recrutador")
    for body in (
        {"codigo_profissional": 999, "codigo_vaga": pair[1]},
        {"codigo_profissional": pair[0], "codigo_vaga": 999},
    ):
        response = api.post(f"{URL}/matchModel/predict-ids", json=body, headers=headers)
        assert response.status_code == 404, body


def test_a_batch_scores_pairs_in_order(api: TestClient, pair: tuple[int, int]) -> None:
    headers = login(api, "recrutador")
    api.post(
        "/api/v1/candidatos/create",
        json={"infos_basicas": {"codigo_profissional": 7, "nome": "Outra"}},
        headers=headers,
    )
    pairs = [
        {"codigo_profissional": pair[0], "codigo_vaga": pair[1]},
        {"codigo_profissional": 7, "codigo_vaga": pair[1]},
        {"codigo_profissional": pair[0], "codigo_vaga": pair[1]},
    ]
    body = api.post(f"{URL}/matchModel/predict-batch", json={"pairs": pairs}, headers=headers)
    assert body.status_code == 200, body.text
    data = body.json()["data"]
    assert [row["codigo_profissional"] for row in data] == [pair[0], 7, pair[0]]
    assert data[0]["match_probability"] == data[2]["match_probability"]
    too_many = {"pairs": pairs * 334}
    response = api.post(f"{URL}/matchModel/predict-batch", json=too_many, headers=headers)
    assert response.status_code == VALIDATION_ERROR


def test_every_prediction_is_logged_without_personal_data(
    api: TestClient, pair: tuple[int, int], model_version: str
) -> None:
    headers = login(api, "recrutador")
    api.post(f"{URL}/matchModel/predict", json=SEED_MATCH_EXAMPLE, headers=headers)
    api.post(
        f"{URL}/matchModel/predict-ids",
        json={"codigo_profissional": pair[0], "codigo_vaga": pair[1]},
        headers=headers,
    )
    log = api.get(f"{URL}/list", headers=headers).json()
    assert log["total"] == 2
    assert [row["source"] for row in log["data"]] == ["ids", "payload"]
    for row in log["data"]:
        assert row["model_version"] == model_version
        assert 0 <= row["probability"] <= 1 and row["latency_ms"] >= 0
        assert set(row["features"]) == set(FEATURES)
        assert all(
            value is None or isinstance(value, int | float) for value in row["features"].values()
        )
    filtered = api.get(f"{URL}/list", params={"model_version": "other"}, headers=headers).json()
    assert filtered["total"] == 0
    future = api.get(f"{URL}/list", params={"since": "2999-01-01T00:00:00Z"}, headers=headers)
    assert future.json()["total"] == 0


def test_versions_are_listed_with_their_metrics(api: TestClient, model_version: str) -> None:
    models = api.get(f"{URL}/models", headers=login(api, "leitor")).json()
    assert models["in_service"] == model_version
    (version,) = models["data"]
    assert version["version"] == model_version and version["in_service"] and version["current"]
    for metric in ("roc_auc", "pr_auc", "brier", "f1", "precision", "recall", "oracle_roc_auc"):
        assert 0 <= version["metrics"][metric] <= 1, metric
    assert version["label_mapping"]
    assert version["features"] == list(FEATURES)
    # Where each held-out vaga's hires land among its prospects (or why that was skipped).
    ranking = version["ranking"]
    assert "skipped" in ranking or 0 <= ranking["model"]["mrr"] <= 1


def test_reload_switches_versions_without_a_restart(
    api: TestClient,
    settings: Settings,
    trained_model: tuple[bytes, dict[str, Any]],
    model_version: str,
) -> None:
    admin = login(api, "admin")
    newer = publish(settings, trained_model)
    assert api.get(f"{URL}/models", headers=admin).json()["in_service"] == model_version
    reloaded = api.post(f"{URL}/models/reload", headers=admin).json()
    assert reloaded["in_service"] == newer
    prediction = api.post(f"{URL}/matchModel/predict", json={}, headers=admin).json()
    assert prediction["model_version"] == newer
    back = api.post(f"{URL}/models/reload", json={"version": model_version}, headers=admin)
    assert back.json()["in_service"] == model_version
    missing = api.post(
        f"{URL}/models/reload", json={"version": "20990101T000000Z-deadbeef"}, headers=admin
    )
    assert missing.status_code == 404
    assert api.get(f"{URL}/models", headers=admin).json()["in_service"] == model_version
