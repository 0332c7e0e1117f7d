"""The models learn on a world we did not build them on (tests/worlds/other_world.py).

The files go through the real command line: `talentmatch db upgrade`, `import`, `train
match`, `train recommender`, with no ground truth given, as a user with real Decision files
would run them. The figures asserted are the data's own outcomes on held-out vagas; the
world's oracle is only used to check the model is in the right league.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from talentmatch.cli import app
from talentmatch.core.config import get_settings
from talentmatch.evaluation.metrics import ranking_metrics
from talentmatch.matching.pipeline import KIND as MATCH
from talentmatch.recommending.pipeline import KIND as RECOMMENDER
from talentmatch.registry import ModelRegistry
from talentmatch.storage import LocalObjectStore
from tests.recommending.fixtures import TEST_MAX_TOKENS
from tests.worlds.other_world import IN_PROGRESS, POSITIVE, World, write_world

SIZE = {"candidates": 1200, "vagas": 350, "prospects": 4000, "seed": 3}
runner = CliRunner()


@dataclass(frozen=True)
class Trained:
    world: World
    match: dict[str, Any]
    recommender: dict[str, Any]
    outputs: dict[str, str]


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result.output


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Trained]:
    data_dir = tmp_path_factory.mktemp("other_world")
    files = data_dir / "files"
    world = write_world(files, **SIZE)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ENV", "development")
        patch.setenv("DATA_DIR", str(data_dir))
        patch.setenv("EMBEDDING_MAX_TOKENS", str(TEST_MAX_TOKENS))
        patch.delenv("SYSTEM_DATABASE_URL", raising=False)
        patch.delenv("STORAGE_URL", raising=False)
        get_settings.cache_clear()
        try:
            outputs = {
                "upgrade": _run("db", "upgrade"),
                "import": _run("import", str(files)),
                "match": _run("train", "match"),
                "recommender": _run("train", "recommender"),
            }
        finally:
            get_settings.cache_clear()
    registry = ModelRegistry(LocalObjectStore(data_dir / "storage"), data_dir / "model-cache")
    yield Trained(
        world=world,
        match=registry.manifest(MATCH, registry.current_version(MATCH)),
        recommender=registry.manifest(RECOMMENDER, registry.current_version(RECOMMENDER)),
        outputs=outputs,
    )


def test_the_files_are_valid_decision_files(trained: Trained) -> None:
    stats = trained.match["data_stats"]
    finished = sum(1 for *_, status in trained.world.prospects if status not in IN_PROGRESS)
    # Every finished prospect was imported and labelled (none lost, none unknown).
    assert stats["rows"] == finished
    assert stats["positives"] == sum(
        1 for *_, status in trained.world.prospects if status in POSITIVE
    )


def test_the_match_model_learns_the_other_hidden_rule(trained: Trained) -> None:
    metrics = trained.match["metrics"]
    assert metrics["roc_auc"] > 0.62
    assert metrics["brier"] < metrics["brier_base_rate"]
    ranking = trained.match["ranking"]
    assert ranking["vagas"] >= 10
    assert ranking["model"]["mrr"] > ranking["random"]["mrr"] + 0.05
    assert ranking["model"]["ndcg_at_10"] > ranking["random"]["ndcg_at_10"]
    assert "oracle" not in ranking  # no ground truth was given
    assert "Contratados entre os prospects" in trained.outputs["match"]


def test_the_model_is_in_the_oracles_league(trained: Trained) -> None:
    # The oracle's ROC-AUC on every finished prospect bounds what any model can reach.
    labels, truth = [], []
    for vaga, candidato, status in trained.world.prospects:
        if status in IN_PROGRESS:
            continue
        labels.append(int(status in POSITIVE))
        truth.append(trained.world.oracle(candidato, vaga))
    oracle = ranking_metrics(np.asarray(labels), np.asarray(truth))["roc_auc"]
    assert trained.match["metrics"]["roc_auc"] <= oracle + 0.05
    assert trained.match["metrics"]["roc_auc"] > 0.5 + (oracle - 0.5) / 3


def test_the_recommender_is_chosen_by_outcomes_and_ranks_hires_up(trained: Trained) -> None:
    evaluation = trained.recommender["evaluation"]
    assert evaluation["selected_by"] == "outcomes", evaluation.get("skipped")
    assert trained.recommender["ground_truth_evaluation"] is None
    assert trained.recommender["default_method"] == evaluation["default_method"]
    chance = evaluation["random"]["vaga_to_candidatos"]
    chosen = evaluation["methods"][evaluation["default_method"]]["vaga_to_candidatos"]
    assert chosen["mrr"] > chance["mrr"]
    reranked = evaluation["methods"]["reranked"]["vaga_to_candidatos"]
    assert reranked["ndcg_at_10"] > chance["ndcg_at_10"]
    assert "Avaliação por desfechos" in trained.outputs["recommender"]
