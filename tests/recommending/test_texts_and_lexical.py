"""The one way documents are built, the lexical score, the exact index and the metrics."""

import numpy as np
import pytest

from talentmatch.recommending.evaluate import ranking_metrics
from talentmatch.recommending.index import ExactIndex, hybrid, standardise, top_k
from talentmatch.recommending.lexical import Lexicon, common_terms, lexical_scores
from talentmatch.recommending.texts import (
    MAX_TEXT_CHARS,
    candidate_text,
    profile_record,
    text_hash,
    vaga_text,
)
from tests.fixtures.decision_examples import APPLICANT, VAGA


def test_a_vaga_reads_the_same_in_file_and_api_spellings() -> None:
    api = {
        "infos_basicas": VAGA["informacoes_basicas"],
        "perfil": {
            ("nivel_profissional" if key == "nivel profissional" else key): value
            for key, value in VAGA["perfil_vaga"].items()
        },
    }
    text = vaga_text(VAGA)
    assert text == vaga_text(api)
    assert text.splitlines()[0] == VAGA["informacoes_basicas"]["titulo_vaga"]
    assert VAGA["perfil_vaga"]["nivel profissional"] in text


def test_contact_data_never_reaches_a_document() -> None:
    record = {
        "infos_basicas": {"objetivo_profissional": "Dev Python", "local": "Campinas"},
        "cv_pt": "Ana Souza\nana.souza@example.com | (11) 98765-4321 | https://linkedin.com/in/ana"
        "\nPython, Django",
    }
    text = candidate_text(record)
    assert "@" not in text and "98765" not in text and "linkedin" not in text
    assert text.splitlines() == ["Dev Python", "Campinas", "Ana Souza | | Python, Django"]


def test_a_posted_profile_reads_like_a_stored_candidate() -> None:
    profile = {
        "titulo_profissional": "Desenvolvedor Backend",
        "conhecimentos_tecnicos": "Python, FastAPI",
        "certificacoes": "AWS",
        "outras_certificacoes": "Scrum",
        "cidade": "São Paulo",
        "ingles": "Avançado",
        "cv_candidato": "Experiência com APIs",
    }
    stored = {
        "informacoes_profissionais": {
            "titulo_profissional": "Desenvolvedor Backend",
            "conhecimentos_tecnicos": "Python, FastAPI",
            "certificacoes": "AWS",
            "outras_certificacoes": "Scrum",
        },
        "infos_basicas": {"local": "São Paulo"},
        "curriculos": {"cv_pt": "Experiência com APIs"},
    }
    assert candidate_text(profile_record(profile)) == candidate_text(stored)
    assert "Avançado" not in candidate_text(profile_record(profile))


def test_documents_are_capped_and_hashed() -> None:
    text = candidate_text({**APPLICANT, "cv_pt": "palavra " * 5000})
    assert len(text) == MAX_TEXT_CHARS
    assert text_hash(text) == text_hash(candidate_text({**APPLICANT, "cv_pt": "palavra " * 5000}))
    assert text_hash(text) != text_hash(candidate_text(APPLICANT))


DOCS = [
    "Desenvolvedor Python Django PostgreSQL",
    "Analista SAP FI CO",
    "Desenvolvedor Java Spring Kafka",
    "Consultor SAP MM SD",
    "Engenheiro de dados Python Spark Kafka",
    "Analista de testes Selenium Cypress",
]


def test_the_lexicon_weighs_a_query_as_it_weighed_the_corpus() -> None:
    lexicon, weights = Lexicon.fit_transform(DOCS)
    assert abs(weights - lexicon.transform(DOCS)).max() < 1e-6
    again = Lexicon.from_bytes(lexicon.to_bytes())
    assert again.vocabulary == lexicon.vocabulary
    assert np.allclose(again.idf, lexicon.idf)
    documents = weights.tocsc()
    query = lexicon.transform(["vaga de desenvolvedor python com kafka"])
    single = lexical_scores(documents, query)
    batch = lexical_scores(documents, lexicon.transform(["vaga python kafka", "analista SAP"]))
    assert single.shape == (1, len(DOCS)) and batch.shape == (2, len(DOCS))
    assert int(np.argmax(single[0])) == 4  # python and kafka
    assert int(np.argmax(batch[1])) == 1
    assert common_terms(weights[4], query, lexicon.terms)[:2] == ["python", "kafka"]
    assert lexical_scores(documents, lexicon.transform(["xyz"])).max() == 0


def test_top_k_is_best_first_and_stable() -> None:
    scores = np.asarray([0.1, 0.9, 0.5, 0.9, -1.0], dtype=np.float32)
    assert top_k(scores, 3).tolist() == [1, 3, 2]
    assert top_k(scores, 10).tolist() == [1, 3, 2, 0, 4]
    assert top_k(scores, 0).tolist() == []


def test_exact_search_is_cosine_on_normalised_vectors() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(50, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = ExactIndex(vectors)
    positions, scores = index.search(vectors[7], 3)
    assert positions[0] == 7 and scores[0] == pytest.approx(1.0, abs=1e-5)
    assert list(scores) == sorted(scores, reverse=True)


def test_hybrid_weights_standardised_scores() -> None:
    dense = np.asarray([[0.2, 0.4, 0.9]], dtype=np.float32)
    lexical = np.asarray([[0.5, 0.0, 0.1]], dtype=np.float32)
    assert np.allclose(hybrid(dense, lexical, 1.0), standardise(dense))
    assert np.allclose(hybrid(dense, lexical, 0.0), standardise(lexical))
    assert np.allclose(standardise(np.ones((1, 4), dtype=np.float32)), 0)


def test_ranking_metrics() -> None:
    truth = np.asarray([[0.9, 0.8, 0.1, 0.05] + [0.0] * 16])
    perfect = ranking_metrics([np.arange(20)], truth, k=2)
    assert perfect == {"recall_at_2": 1.0, "ndcg_at_2": 1.0}
    reversed_ = ranking_metrics([np.asarray([3, 2])], truth, k=2)
    assert reversed_["recall_at_2"] == 0.0 and 0 < reversed_["ndcg_at_2"] < 0.2
