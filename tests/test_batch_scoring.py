"""Batch scoring of stored pairs: the answers of single predictions, in a number of SQL
statements that does not grow with the batch (counted on the test's own engine)."""

import copy
import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, func, select
from sqlmodel import col

from talentmatch.features.prediction_log import PredictionLog
from tests.conftest import login
from tests.fixtures.decision_examples import APPLICANT, VAGA
from tests.test_inferencias import api, model_version, trained_model  # noqa: F401
from tests.test_monitoring import metric_value

URL = "/api/v1/inferencias/matchModel"
AREAS = ("TI - SAP", "TI - Desenvolvimento", "Administrativa", "Comercial")


@pytest.fixture
def stored(api: TestClient) -> tuple[list[int], list[int]]:  # noqa: F811
    """30 candidates and 8 vagas that differ in what the model reads."""
    headers = login(api, "recrutador")
    candidates, vagas = list(range(101, 131)), list(range(501, 509))
    for number, code in enumerate(candidates):
        record = copy.deepcopy(APPLICANT)
        record["infos_basicas"]["codigo_profissional"] = str(code)
        record["informacoes_profissionais"]["area_atuacao"] = AREAS[number % len(AREAS)]
        record["informacoes_profissionais"]["conhecimentos_tecnicos"] = f"SAP, Java {number}"
        record["formacao_e_idiomas"]["nivel_ingles"] = ("Básico", "Fluente")[number % 2]
        answer = api.post("/api/v1/candidatos/create", json=record, headers=headers)
        assert answer.status_code == 200, answer.text
    for number, code in enumerate(vagas):
        vaga = copy.deepcopy(VAGA)
        vaga["perfil_vaga"]["areas_atuacao"] = AREAS[number % len(AREAS)]
        answer = api.post(
            "/api/v1/vagas/create", json={"codigo_vaga": code, **vaga}, headers=headers
        )
        assert answer.status_code in (200, 201), answer.text
    return candidates, vagas


@pytest.fixture
def statements(api: TestClient) -> Iterator[list[str]]:  # noqa: F811
    """Every SQL statement the system engine runs while the test reads the list."""
    seen: list[str] = []
    engine = api.app.state.databases.system  # type: ignore[attr-defined]

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        # The in-process job worker polls the queue on its own threads (talentmatch-loop...):
        # not the request's statements.
        if not threading.current_thread().name.startswith("talentmatch-"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def _count_logged(api: TestClient) -> int:  # noqa: F811
    engine = api.app.state.databases.system  # type: ignore[attr-defined]
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(PredictionLog)).scalar())


def _counted(api: TestClient, version: str) -> float:  # noqa: F811
    """talentmatch_predictions_total of the batch endpoint for `version`."""
    sample = (
        f'talentmatch_predictions_total{{model_kind="match",model_version="{version}",'
        'source="batch"}'
    )
    return metric_value(api.get("/metrics").text, sample, missing=0.0)


def _last_logged(api: TestClient, count: int) -> list[tuple[str, float]]:  # noqa: F811
    """(source, probability in percent) of the last `count` logged predictions, oldest first."""
    engine = api.app.state.databases.system  # type: ignore[attr-defined]
    with engine.connect() as connection:
        rows = connection.execute(
            select(col(PredictionLog.source), col(PredictionLog.probability))
            .order_by(col(PredictionLog.id).desc())
            .limit(count)
        ).all()
    return [(source, round(probability * 100, 2)) for source, probability in reversed(rows)]


def test_a_batch_answers_what_single_predictions_answer_in_bounded_queries(
    api: TestClient,  # noqa: F811
    model_version: str,  # noqa: F811
    stored: tuple[list[int], list[int]],
    statements: list[str],
) -> None:
    headers = login(api, "recrutador")
    candidates, vagas = stored
    pairs = [
        {"codigo_profissional": candidate, "codigo_vaga": vaga}
        for candidate in candidates
        for vaga in vagas
    ]  # 240 pairs
    logged = _count_logged(api)
    counted = _counted(api, model_version)
    counts = {}
    answers = {}
    for size in (3, len(pairs)):
        statements.clear()
        body = api.post(f"{URL}/predict-batch", json={"pairs": pairs[:size]}, headers=headers)
        assert body.status_code == 200, body.text
        counts[size] = len(statements)
        answers[size] = body.json()["data"]
    # A batch 80 times larger runs the same statements: no query per pair.
    assert counts[3] == counts[len(pairs)], statements
    assert counts[len(pairs)] <= 6, statements
    assert _count_logged(api) == logged + 3 + len(pairs)  # every prediction logged
    assert _counted(api, model_version) == counted + 3 + len(pairs)  # and counted in /metrics
    batch = answers[len(pairs)]
    # One log row per pair, in the batch's order, with what the answer said.
    assert _last_logged(api, len(pairs)) == [("batch", row["match_probability"]) for row in batch]
    assert [(row["codigo_profissional"], row["codigo_vaga"]) for row in batch] == [
        (pair["codigo_profissional"], pair["codigo_vaga"]) for pair in pairs
    ]
    assert len({row["match_probability"] for row in batch}) > 1  # the pairs do differ
    for pair, row in list(zip(pairs, batch, strict=True))[::7]:
        statements.clear()
        single = api.post(f"{URL}/predict-ids", json=pair, headers=headers)
        assert single.status_code == 200, single.text
        assert len(statements) == counts[3]
        expected = {k: single.json()[k] for k in ("match_probability", "is_match", "model_version")}
        assert {k: row[k] for k in expected} == expected, pair
