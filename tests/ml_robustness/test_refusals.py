"""Refusals through the real command line (a subprocess): one line, exit status 2, no
traceback, and the published CURRENT untouched; a bug is still a crash."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.matching.dataset import TrainingSet
from talentmatch.matching.splits import NotEnoughData
from talentmatch.matching.train import train_match_model
from tests.conftest import login, make_settings
from tests.databases import PostgresBackend, SqliteBackend
from tests.ml_robustness.conftest import MATCH, RECOMMENDER, Cli
from tests.ml_robustness.world import NEGATIVE, World
from tests.recommending.fixtures import TEST_MAX_TOKENS

BIN = Path(sys.executable).parent


def talentmatch(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "ENV": "development",
        "DATA_DIR": str(data_dir),
        "EMBEDDING_MAX_TOKENS": str(TEST_MAX_TOKENS),
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    for name in ("SYSTEM_DATABASE_URL", "STORAGE_URL"):
        env.pop(name, None)
    return subprocess.run(
        [str(BIN / "talentmatch"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def said(stderr: str) -> list[str]:
    """What the command itself wrote: not the JSON log records, not the encoder's loading bar."""
    return [
        line
        for line in stderr.splitlines()
        if line.strip() and not line.startswith("{") and "Loading weights" not in line
    ]


def test_refusals_exit_2_with_one_line_and_leave_current_alone(
    cli: Cli, system_template: Path
) -> None:
    first = cli.run(World(vagas=10, per_vaga=12))
    assert first.match.exit_code == 0 and first.recommender.exit_code == 0
    before = {kind: first.current(kind) for kind in (MATCH, RECOMMENDER)}
    versions = {kind: len(cli.registry.list_versions(kind)) for kind in (MATCH, RECOMMENDER)}
    # New data with a single outcome: the match model is refused.
    shutil.copy2(system_template, cli.data_dir / "systemDB.db")
    one_class = World(vagas=6, per_vaga=10, status=lambda rng, hired: rng.choice(NEGATIVE))
    folder = one_class.write(cli.data_dir / "one-class")
    assert talentmatch(cli.data_dir, "import", str(folder)).returncode == 0
    match = talentmatch(cli.data_dir, "train", "match")
    assert match.returncode == 2, match.stderr
    assert match.stderr.strip() == (
        "o treino do modelo de match precisa de ao menos 50 prospects finalizados com os dois "
        "desfechos (ao menos 5 de cada) em ao menos 3 vagas; encontrados 60 prospects "
        "finalizados (0 positivos, 60 negativos) em 6 vagas; 0 em andamento ou com status "
        "desconhecido"
    )
    assert "Traceback" not in match.stdout + match.stderr
    # An empty database: the recommender is refused.
    shutil.copy2(system_template, cli.data_dir / "systemDB.db")
    recommender = talentmatch(cli.data_dir, "train", "recommender")
    assert recommender.returncode == 2, recommender.stderr
    assert said(recommender.stderr) == [
        "Sem texto para indexar em vagas e candidatos: importe vagas e candidatos antes."
    ]
    assert "Traceback" not in recommender.stdout + recommender.stderr
    # Nothing half-published.
    assert {kind: cli.registry.current_version(kind) for kind in before} == before
    assert {kind: len(cli.registry.list_versions(kind)) for kind in versions} == versions


def test_an_unexpected_error_in_training_is_not_swallowed() -> None:
    """Only the lack of data is a refusal: a bug (here, rows and labels that disagree)
    surfaces as itself, never as NotEnoughData."""
    rows = 120
    broken = TrainingSet(
        payloads=[42] * rows,  # type: ignore[list-item]  # not payloads: a caller's bug
        labels=np.tile(np.array([0, 1], dtype=np.int8), rows // 2),
        groups=np.repeat(np.arange(12, dtype=np.int64), 10),
        keys=[(0, 0)] * rows,
        fingerprint="broken",
    )
    with pytest.raises(AttributeError) as raised:
        train_match_model(broken)
    assert not isinstance(raised.value, NotEnoughData)


def test_the_api_says_why_there_is_no_model_in_the_refusals_words(
    cli: Cli, migrated_template: tuple[str, str], db_backend: SqliteBackend | PostgresBackend
) -> None:
    one_class = World(vagas=6, per_vaga=10, status=lambda rng, hired: rng.choice(NEGATIVE))
    outcome = cli.run(one_class, recommender=False)
    assert outcome.match.exit_code == 2
    refusal = outcome.match.output.strip()
    auth = db_backend.clone(migrated_template[0], cli.data_dir, "auth")
    settings = make_settings(
        cli.data_dir,
        auth_database_url=auth,
        system_database_url=f"sqlite:///{cli.data_dir / 'systemDB.db'}",
    )
    try:
        with TestClient(create_app(settings)) as client:
            admin = login(client, "admin")
            drift = client.post("/api/v1/inferencias/driftReport/run", headers=admin)
            predict = client.post("/api/v1/inferencias/matchModel/predict", json={}, headers=admin)
            for answer in (drift, predict):
                assert answer.status_code == 503
                assert refusal in answer.json()["detail"]
        # A model published since: the refusal is forgotten.
        cli.invoke("import", str(World(vagas=10, per_vaga=12).write(cli.data_dir / "more")))
        assert cli.invoke("train", "match").exit_code == 0
        with TestClient(create_app(settings)) as client:
            drift = client.post(
                "/api/v1/inferencias/driftReport/run", headers=login(client, "admin")
            )
            assert drift.status_code == 409 and refusal not in drift.json()["detail"]
    finally:
        db_backend.drop(auth)
