"""Build, publish, load, incremental re-embedding, evaluation, the holder in service."""

import shutil
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import text

from talentmatch.core.errors import ServiceUnavailable
from talentmatch.db.engines import make_engine
from talentmatch.recommending.build import build
from talentmatch.recommending.encoder import (
    PACKAGED_MODEL,
    Encoder,
    EncoderUnavailable,
    check_probe,
    resolve_model,
)
from talentmatch.recommending.index import METHODS
from talentmatch.recommending.pipeline import KIND, load_recommender, train_and_publish
from talentmatch.recommending.serving import RecommenderServing
from talentmatch.registry import ModelRegistry
from talentmatch.storage import LocalObjectStore
from tests.conftest import make_settings
from tests.recommending.fixtures import TEST_MAX_TOKENS, RecData


def _copy(rec_data: RecData, tmp_path: Path) -> tuple[str, ModelRegistry]:
    """A private copy of the database and a registry holding the session's recommender."""
    target = tmp_path / "systemDB.db"
    shutil.copy2(rec_data.folder / "systemDB.db", target)
    registry = ModelRegistry(LocalObjectStore(tmp_path / "store"), tmp_path / "cache")
    rec_data.publish_into(registry, KIND)
    return f"sqlite:///{target}", registry


def test_the_packaged_encoder_loads_offline_and_unknown_names_fail_clearly() -> None:
    assert (Path(resolve_model(PACKAGED_MODEL)) / "model.safetensors").is_file()
    with pytest.raises(EncoderUnavailable, match="arquivos locais"):
        Encoder("no-such-org/no-such-model-xyz", max_tokens=16)


def test_a_version_holds_both_sides_and_loads_back(rec_data: RecData) -> None:
    manifest = rec_data.manifest
    counts = {}
    with rec_data.engine.connect() as connection:
        for table, name in (("vaga", "vagas"), ("candidato", "candidatos")):
            counts[name] = connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
    assert manifest["sizes"] == counts
    assert {f"{side}.{part}" for side in counts for part in ("codes.npy", "vectors.npy")} <= set(
        manifest["files"]
    )
    assert manifest["encoder"]["name"] == PACKAGED_MODEL
    assert manifest["encoder"]["max_tokens"] == TEST_MAX_TOKENS
    assert manifest["index"]["kind"] == "exact"
    loaded = load_recommender(rec_data.registry)
    assert loaded.version == manifest["version"]
    assert len(loaded.vagas) == counts["vagas"] and len(set(loaded.vagas.codes.tolist())) == len(
        loaded.vagas
    )
    norms = np.linalg.norm(loaded.candidatos.vectors, axis=1)
    assert np.allclose(norms, 1.0, atol=1e-4)


def test_the_method_is_chosen_by_outcomes_on_held_out_vagas(rec_data: RecData) -> None:
    evaluation = rec_data.manifest["evaluation"]
    assert evaluation["selected_by"] == "outcomes"
    assert evaluation["held_out_of_match_model"] is True
    assert set(evaluation["methods"]) == set(METHODS)
    assert evaluation["default_method"] == rec_data.manifest["default_method"]
    assert evaluation["hybrid_weight"] == rec_data.manifest["hybrid_weight"]
    queries = evaluation["queries"]["vaga_to_candidatos"]
    assert queries["validation"] >= 5 and queries["test"] >= 5
    chance = evaluation["random"]["vaga_to_candidatos"]
    for figures in evaluation["methods"].values():
        row = figures["vaga_to_candidatos"]
        assert set(row) == {"mrr", "recall_at_5", "recall_at_10", "ndcg_at_10"}
        assert all(0 <= value <= 1 for value in row.values())
    # The match model re-ranks the hired candidates up, on vagas it never trained on.
    reranked = evaluation["methods"]["reranked"]["vaga_to_candidatos"]
    assert reranked["mrr"] > chance["mrr"] and reranked["ndcg_at_10"] > chance["ndcg_at_10"]


def test_the_generator_truth_is_only_a_report(rec_data: RecData) -> None:
    report = rec_data.manifest["ground_truth_evaluation"]
    assert report["used_to_choose"] is False
    assert set(report["methods"]) == set(METHODS)
    for direction in ("vaga_to_candidatos", "candidato_to_vagas"):
        chance = report["random"][direction]["ndcg_at_10"]
        for method, figures in report["methods"].items():
            assert 0 <= figures[direction]["recall_at_10"] <= 1
            assert figures[direction]["ndcg_at_10"] > chance, (method, direction)


def test_only_changed_texts_are_encoded_again(rec_data: RecData, tmp_path: Path) -> None:
    url, registry = _copy(rec_data, tmp_path)
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            code = connection.execute(text("SELECT min(codigo_vaga) FROM vaga")).scalar()
            connection.execute(
                text(
                    "UPDATE vaga_informacoes_basicas SET titulo_vaga = 'Cozinheiro' "
                    "WHERE codigo_vaga = :code"
                ),
                {"code": code},
            )
        recommender, _, stats = build(engine, registry, rec_data.encoder)
    finally:
        engine.dispose()
    assert stats["vagas"]["encoded"] == 1
    assert stats["vagas"]["reused"] == len(recommender.vagas) - 1
    assert stats["candidatos"]["encoded"] == 0
    before = load_recommender(registry)
    row = before.vagas.positions[code]
    assert not np.allclose(before.vagas.vectors[row], recommender.vagas.vectors[row])
    other = (row + 1) % len(before.vagas)
    assert np.array_equal(before.vagas.vectors[other], recommender.vagas.vectors[other])


def test_another_encoder_setting_encodes_everything(rec_data: RecData, tmp_path: Path) -> None:
    url, registry = _copy(rec_data, tmp_path)
    engine = make_engine(url)
    other = Encoder(PACKAGED_MODEL, max_tokens=TEST_MAX_TOKENS // 2, batch_size=64)
    try:
        manifest = train_and_publish(engine, registry, other)
    finally:
        engine.dispose()
    build_stats = manifest["build"]
    assert build_stats["vagas"]["reused"] == 0 and build_stats["candidatos"]["reused"] == 0
    # No match model given: `reranked` is not judged; the others are, by outcomes.
    assert manifest["ground_truth_evaluation"] is None
    assert set(manifest["evaluation"]["methods"]) == {"embeddings", "lexical", "hybrid"}
    assert manifest["default_method"] == manifest["evaluation"]["default_method"]


def test_vectors_of_another_model_are_refused(rec_data: RecData) -> None:
    probe = list(rec_data.manifest["encoder"]["probe"])
    check_probe(rec_data.encoder, probe)
    with pytest.raises(EncoderUnavailable):
        check_probe(rec_data.encoder, [-value for value in probe])


def test_the_holder_serves_the_current_version_and_503s_without_one(
    rec_data: RecData, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path)
    empty = RecommenderServing(
        ModelRegistry(LocalObjectStore(tmp_path / "empty"), tmp_path / "c1"), settings
    )
    empty.load()
    with pytest.raises(ServiceUnavailable, match="talentmatch train recommender"):
        empty.require()
    serving = RecommenderServing(rec_data.registry, settings)
    serving.load()
    current = serving.require()
    assert current.recommender.version == rec_data.manifest["version"]
    assert current.method == rec_data.manifest["default_method"]
    assert serving.reload() == current.recommender.version
    assert serving.current is current  # already the current version: nothing reloaded
    assert [v["in_service"] for v in serving.versions()][-1] is True
