"""Recommendations through the HTTP API: vagas for a profile or a candidate, candidates for a
vaga, on a small generated data set with a recommender and a match model published."""

from collections.abc import Iterator

import numpy as np
import pytest
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from talentmatch.features.text import tokens
from talentmatch.recommending.schemas import SEED_RECOMMENDATION_EXAMPLE
from talentmatch.registry import ModelRegistry
from talentmatch.storage import LocalObjectStore
from tests.conftest import login
from tests.helpers import VALIDATION_ERROR
from tests.recommending.fixtures import MATCH, RECOMMENDER, SMALL, RecData, encoder, rec_data

__all__ = ["encoder", "rec_data"]  # session fixtures shared with tests/recommending

PREDICT = "/api/v1/inferencias/recommendationModel/predict"


def _registry(settings: Settings) -> ModelRegistry:
    return ModelRegistry(
        LocalObjectStore(settings.data_dir / "storage"), settings.resolved_model_cache_dir
    )


def _start(
    settings: Settings, rec_data: RecData, *kinds: str, method: str = "reranked"
) -> Iterator[TestClient]:
    rec_data.import_into(settings.resolved_system_database_url)
    rec_data.publish_into(_registry(settings), *kinds)
    # Whatever the small evaluation picked as default: these tests exercise the re-ranking.
    settings = settings.model_copy(update={"recommender_method": method})
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def api(settings: Settings, rec_data: RecData) -> Iterator[TestClient]:
    """An app started after the data was loaded and both models were published."""
    yield from _start(settings, rec_data, MATCH, RECOMMENDER)


@pytest.fixture
def api_without_match(settings: Settings, rec_data: RecData) -> Iterator[TestClient]:
    """The same, with a recommender but no match model in service."""
    yield from _start(settings, rec_data, RECOMMENDER)


@pytest.fixture
def api_embeddings(settings: Settings, rec_data: RecData) -> Iterator[TestClient]:
    """The same, answering by embeddings alone (the encoder is loaded at start-up)."""
    yield from _start(settings, rec_data, MATCH, RECOMMENDER, method="embeddings")


def _codes(client: TestClient, resource: str, headers: dict[str, str]) -> list[int]:
    key = "codigo_vaga" if resource == "vagas" else "codigo_profissional"
    page = client.get(f"/api/v1/{resource}/list", params={"limit": 1000}, headers=headers)
    return [row[key] for row in page.json()["data"]]


def test_without_a_recommender_every_route_is_503_with_a_clear_message(
    client: TestClient, recrutador: dict[str, str]
) -> None:
    for method, path, body in (
        ("POST", PREDICT, SEED_RECOMMENDATION_EXAMPLE),
        ("GET", "/api/v1/vagas/1/recomendacoes", None),
        ("GET", "/api/v1/candidatos/1/recomendacoes", None),
    ):
        response = client.request(method, path, json=body, headers=recrutador)
        assert response.status_code == 503, path
        assert "talentmatch train recommender" in response.json()["detail"]
    versions = client.get("/api/v1/inferencias/recommendationModel", headers=recrutador).json()
    assert versions == {
        "kind": "recommender",
        "in_service": None,
        "current": None,
        "method": None,
        "data": [],
    }


def test_the_seed_example_gets_distinct_vagas_best_first(api: TestClient) -> None:
    headers = login(api, "recrutador")
    response = api.post(PREDICT, json=SEED_RECOMMENDATION_EXAMPLE, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    data = body["data"]
    assert len(data) == 5
    codes = [item["codigo_vaga"] for item in data]
    assert len(set(codes)) == len(codes)
    assert set(codes) <= set(_codes(api, "vagas", headers))
    for item in data:  # the seed's four fields, filled from the stored vaga
        assert item["titulo_vaga"] and item["competencia_tecnicas_e_comportamentais"]
        assert "areas_atuacao_vaga" in item
    scores = [item["score"] for item in data]
    assert scores == sorted(scores, reverse=True)
    assert body["recommender_version"]
    if body["ranked_by"] == "match_model":
        assert all(0 <= item["match_probability"] <= 100 for item in data)


def test_k_is_configurable_and_bounded(api: TestClient) -> None:
    headers = login(api, "recrutador")
    for k, expected in ((1, 1), (12, 12), (100, min(100, SMALL["vagas"]))):
        response = api.post(
            PREDICT, params={"k": k}, json=SEED_RECOMMENDATION_EXAMPLE, headers=headers
        )
        assert response.status_code == 200
        codes = [item["codigo_vaga"] for item in response.json()["data"]]
        assert len(codes) == expected and len(set(codes)) == expected
    for k in (0, 101, "x"):
        for method, path in (
            ("POST", PREDICT),
            ("GET", f"/api/v1/vagas/{_codes(api, 'vagas', headers)[0]}/recomendacoes"),
            ("GET", f"/api/v1/candidatos/{_codes(api, 'candidatos', headers)[0]}/recomendacoes"),
        ):
            response = api.request(
                method, path, params={"k": k}, json=SEED_RECOMMENDATION_EXAMPLE, headers=headers
            )
            assert response.status_code == VALIDATION_ERROR, (path, k)


def test_a_vaga_ranks_candidates_with_scores_and_reasons(
    api: TestClient, rec_data: RecData
) -> None:
    headers = login(api, "recrutador")
    vaga = _codes(api, "vagas", headers)[3]
    response = api.get(f"/api/v1/vagas/{vaga}/recomendacoes", params={"k": 8}, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["codigo_vaga"] == vaga and body["titulo_vaga"]
    assert body["ranked_by"] == "match_model" and body["match_model_version"]
    data = body["data"]
    assert len(data) == 8 and len({item["codigo_profissional"] for item in data}) == 8
    probabilities = [item["match_probability"] for item in data]
    assert probabilities == sorted(probabilities, reverse=True)
    assert [item["score"] for item in data] == probabilities
    for item in data:
        assert item["nome"] and item["reasons"] is not None
        assert all(reason["feature"] and reason["description"] for reason in item["reasons"])
        assert -1 <= item["similarity"]["lexical"] <= 1
    # Better than chance against the generator's truth: the top 8 beat the average candidate.
    truth = rec_data.truth
    top = np.mean([truth.propensity(str(i["codigo_profissional"]), str(vaga)) for i in data])
    everyone = np.mean(
        [truth.propensity(str(c), str(vaga)) for c in _codes(api, "candidatos", headers)]
    )
    assert top > everyone


def test_without_a_match_model_candidates_are_ranked_by_similarity_and_it_says_so(
    api_without_match: TestClient,
) -> None:
    headers = login(api_without_match, "recrutador")
    vaga = _codes(api_without_match, "vagas", headers)[0]
    body = api_without_match.get(f"/api/v1/vagas/{vaga}/recomendacoes", headers=headers).json()
    assert body["ranked_by"] == "similarity" and body["match_model_version"] is None
    assert body["method"] in ("hybrid", "lexical")
    assert "talentmatch train match" in body["message"]
    data = body["data"]
    assert len(data) == 10
    assert all(item["match_probability"] is None and item["reasons"] is None for item in data)
    scores = [item["score"] for item in data]
    assert scores == sorted(scores, reverse=True)


def test_a_candidate_gets_vagas(api: TestClient) -> None:
    headers = login(api, "recrutador")
    candidate = _codes(api, "candidatos", headers)[5]
    response = api.get(f"/api/v1/candidatos/{candidate}/recomendacoes", headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["codigo_profissional"] == candidate
    codes = [item["codigo_vaga"] for item in body["data"]]
    assert len(codes) == 5 and len(set(codes)) == 5
    scores = [item["score"] for item in body["data"]]
    assert scores == sorted(scores, reverse=True)


def test_unknown_codes_are_404(api: TestClient) -> None:
    headers = login(api, "recrutador")
    for path in ("/api/v1/vagas/999999/recomendacoes", "/api/v1/candidatos/999999/recomendacoes"):
        response = api.get(path, headers=headers)
        assert response.status_code == 404
        assert "999999" in response.json()["detail"]


def test_a_vaga_created_after_the_build_is_searched_with_its_own_text(api: TestClient) -> None:
    headers = login(api, "recrutador")
    vaga = {
        "codigo_vaga": 999001,
        "infos_basicas": {"titulo_vaga": "Desenvolvedor Python Django"},
        "perfil_vaga": {"competencia_tecnicas_e_comportamentais": "Python, Django, PostgreSQL"},
    }
    assert api.post("/api/v1/vagas/create", json=vaga, headers=headers).status_code == 200
    response = api.get("/api/v1/vagas/999001/recomendacoes", params={"k": 3}, headers=headers)
    assert response.status_code == 200
    assert len(response.json()["data"]) == 3
    recommended = api.post(
        PREDICT, params={"k": 50}, json=SEED_RECOMMENDATION_EXAMPLE, headers=headers
    )
    assert 999001 not in [item["codigo_vaga"] for item in recommended.json()["data"]]


def test_versions_show_the_evaluation_and_reload_keeps_serving(api: TestClient) -> None:
    reader = login(api, "leitor")
    body = api.get("/api/v1/inferencias/recommendationModel", headers=reader).json()
    assert body["in_service"] and body["method"]
    (version,) = body["data"]
    assert version["in_service"] and version["current"]
    assert "probe" not in version["encoder"]
    assert set(version["evaluation"]["methods"]) == {"embeddings", "lexical", "hybrid", "reranked"}
    # Chosen by the data's outcomes on held-out vagas; the generator's truth only reported.
    assert version["evaluation"]["selected_by"] == "outcomes"
    assert "mrr" in version["evaluation"]["methods"]["reranked"]["vaga_to_candidatos"]
    assert version["ground_truth_evaluation"]["used_to_choose"] is False
    admin = login(api, "admin")
    reloaded = api.post("/api/v1/inferencias/recommendationModel/reload", headers=admin).json()
    assert reloaded["in_service"] == body["in_service"]
    unknown = {"version": "20990101T000000Z-00000000"}
    response = api.post(
        "/api/v1/inferencias/recommendationModel/reload", json=unknown, headers=admin
    )
    assert response.status_code == 404


def test_embeddings_alone_encode_the_posted_profile(api_embeddings: TestClient) -> None:
    headers = login(api_embeddings, "recrutador")
    response = api_embeddings.post(PREDICT, json=SEED_RECOMMENDATION_EXAMPLE, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["method"] == "embeddings" and body["ranked_by"] == "similarity"
    similarities = [item["similarity"]["embeddings"] for item in body["data"]]
    assert similarities == sorted(similarities, reverse=True)
    assert [item["score"] for item in body["data"]] == pytest.approx(similarities, abs=1e-3)
    assert all(-1 <= value <= 1 for value in similarities)


def _name_ranking(api: TestClient, vaga: int, code: int, headers: dict[str, str]) -> list[str]:
    """The common terms of candidate `code` in vaga `vaga`'s ranking ([] when absent)."""
    response = api.get(f"/api/v1/vagas/{vaga}/recomendacoes", params={"k": 100}, headers=headers)
    assert response.status_code == 200, response.text
    found = [i for i in response.json()["data"] if i["codigo_profissional"] == code]
    return list(found[0]["common_terms"]) if found else []


def test_an_anonymised_person_leaves_the_recommender_at_once_and_after_a_restart(
    api: TestClient, settings: Settings
) -> None:
    # Issue 13 item 6: the index still held the name, and a vaga naming the person got it back
    # among the candidate's common terms.
    admin, headers = login(api, "admin"), login(api, "recrutador")
    vocabulary = api.app.state.recommender.current.recommender.lexicon.vocabulary  # type: ignore[attr-defined]
    for code in _codes(api, "candidatos", headers):
        nome = api.get(f"/api/v1/candidatos/{code}/dados-pessoais", headers=admin).json()
        words = [w for w in tokens(nome["infos_basicas"]["nome"]) if w in vocabulary]
        if words:
            break
    vaga = {
        "codigo_vaga": 999002,
        "infos_basicas": {"titulo_vaga": "Indicação"},
        "perfil_vaga": {"principais_atividades": " ".join(words * 3)},
    }
    assert api.post("/api/v1/vagas/create", json=vaga, headers=headers).status_code == 200
    assert set(words) & set(_name_ranking(api, 999002, code, headers))  # the leak, before

    assert api.post(f"/api/v1/candidatos/{code}/anonimizar", headers=admin).status_code == 200
    assert not set(words) & set(_name_ranking(api, 999002, code, headers))
    with TestClient(
        create_app(settings.model_copy(update={"recommender_method": "reranked"}))
    ) as again:
        assert not set(words) & set(_name_ranking(again, 999002, code, login(again, "recrutador")))
