"""Property-based fuzzing of every operation of the app's own OpenAPI schema (schemathesis).

The app runs on this test's databases with the small generated data set imported and both
models published (the match model and the recommender, answering by the lexical method so
that no request loads the sentence encoder), as an admin. Each operation gets a few positive
and a few negative cases, derandomized, plus cases whose path parameters name stored records
(random codes would almost always be 404). Every answer must be no 5xx
(`not_a_server_error`), match its documented schema (`response_schema_conformance`) and
have a documented status (`status_code_conformance`).

Nothing is excluded: the operations that start background jobs (imports of random file keys,
exports, the drift report) and those that reload models run as well; they answer at once and
the jobs they start are stopped with the app. Both backends generate the same cases.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

import hypothesis.strategies as st
import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.generation import GenerationMode
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from talentmatch.registry import ModelRegistry
from talentmatch.storage import LocalObjectStore
from tests.conftest import PASSWORD
from tests.recommending.fixtures import MATCH, RECOMMENDER, RecData, encoder, rec_data

__all__ = ["encoder", "rec_data"]  # session fixtures shared with tests/recommending

# Per operation and generation mode (FUZZ_MAX_EXAMPLES=100 for a longer local run).
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "10"))
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


def _known_codes(session: Any, headers: dict[str, str]) -> dict[str, list[Any]]:
    """Stored codes, by the names path parameters use."""

    def codes(path: str, key: str) -> list[int]:
        answer = session.get(path, params={"limit": 5}, headers=headers)
        assert answer.status_code == 200, answer.text
        return [row[key] for row in answer.json()["data"] if row.get("username") != "admin"]

    vagas = codes("/api/v1/prospects/list", "codigo_vaga")
    candidatos = codes("/api/v1/prospects/list", "codigo_candidato")
    users = codes("/api/v1/usuarios/list", "id")
    return {
        "codigo_vaga": vagas,
        "codigo_profissional": codes("/api/v1/candidatos/list", "codigo_profissional"),
        "codigo_candidato": candidatos,
        "user_id": users,  # not the admin running the fuzz
        "job_id": ["0" * 32],
    }


def _strategy(operation: Any, mode: GenerationMode, known: dict[str, list[Any]]) -> Any:
    free = operation.as_strategy(generation_mode=mode)
    names = [p.name for p in operation.path_parameters]
    if not names or mode is GenerationMode.NEGATIVE:
        return free
    return st.one_of(
        free,
        st.fixed_dictionaries({name: st.sampled_from(known[name]) for name in names}).flatmap(
            lambda values: operation.as_strategy(generation_mode=mode, path_parameters=values)
        ),
    )


def _run(operation: Any, strategy: Any, call: Callable[[Any], None]) -> None:
    @hypothesis_settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def fuzz(case: Any) -> None:
        call(case)

    fuzz()


@pytest.fixture
def fuzz_settings(settings: Settings, rec_data: RecData) -> Settings:
    """The test's databases with the small data set, both models published."""
    rec_data.import_into(settings.resolved_system_database_url)
    registry = ModelRegistry(
        LocalObjectStore(settings.data_dir / "storage"), settings.resolved_model_cache_dir
    )
    rec_data.publish_into(registry, MATCH, RECOMMENDER)
    return settings.model_copy(update={"recommender_method": "lexical"})


def test_every_operation_answers_generated_requests_within_its_schema(
    fuzz_settings: Settings,
) -> None:
    app = create_app(fuzz_settings)
    started = time.monotonic()
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)  # starts the app's lifespan
    try:
        session = asgi.get_client(app)
        login = session.post(
            "http://testserver/api/v1/usuarios/login",
            data={"username": "admin", "password": PASSWORD},
        )
        assert login.status_code == 200, login.text
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        known = _known_codes(_Prefixed(session), headers)
        cases = 0
        failures: list[str] = []

        def call(case: Any) -> None:
            nonlocal cases
            cases += 1
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)

        operations = 0
        for result in schema.get_all_operations():
            assert isinstance(result, Ok), result
            operation = result.ok()
            operations += 1
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                try:
                    _run(operation, _strategy(operation, mode, known), call)
                except Unsatisfiable:
                    pass  # nothing to negate: an operation without parameters or body
                except (Exception, BaseExceptionGroup) as error:  # all failures, not the first
                    failures.append(f"{operation.label} [{mode.value}]: {error}")
    finally:
        asgi.shutdown_lifespans()
    elapsed = time.monotonic() - started
    print(f"\nschemathesis: {cases} cases over {operations} operations in {elapsed:.1f}s")
    assert not failures, "\n\n".join(failures)
    assert operations > 30


class _Prefixed:
    """The schemathesis ASGI session with the test server's base URL filled in."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.session.get(f"http://testserver{path}", **kwargs)
