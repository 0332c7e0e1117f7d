"""Replicas converge on one recommender version, and a hot-swapped version still forgets the
anonymised candidates. Two applications in this process (each with its own model cache) on
the same databases and the same object store, polling CURRENT every 0.3 s."""

import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from talentmatch.features.text import tokens
from talentmatch.recommending.pipeline import KIND
from talentmatch.registry import MAIN_ARTIFACT, ModelRegistry
from talentmatch.storage import LocalObjectStore
from tests.conftest import login
from tests.recommending.fixtures import MATCH, RECOMMENDER, RecData

MODELS = "/api/v1/inferencias/recommendationModel"
DEADLINE_S = 90


def _replica(settings: Settings, name: str) -> TestClient:
    return TestClient(
        create_app(
            settings.model_copy(
                update={
                    "recommender_method": "reranked",
                    "model_poll_interval_s": 0.3,
                    "model_retry_interval_s": 0.3,
                    "model_cache_dir": settings.data_dir / f"cache-{name}",
                }
            )
        )
    )


def _wait_until(what: Callable[[], Any], expected: Any) -> None:
    deadline = time.monotonic() + DEADLINE_S
    seen = what()
    while seen != expected:
        assert time.monotonic() < deadline, f"still {seen!r}, expected {expected!r}"
        time.sleep(0.1)
        seen = what()


def _versions(client: TestClient, headers: dict[str, str]) -> tuple[str | None, str | None]:
    body = client.get(MODELS, headers=headers).json()
    return body["in_service"], body["current"]


def _name_terms(client: TestClient, vaga: int, code: int, headers: dict[str, str]) -> set[str]:
    """The common terms of candidate `code` in vaga `vaga`'s ranking."""
    response = client.get(f"/api/v1/vagas/{vaga}/recomendacoes", params={"k": 100}, headers=headers)
    assert response.status_code == 200, response.text
    found = [i for i in response.json()["data"] if i["codigo_profissional"] == code]
    return set(found[0]["common_terms"]) if found else set()


def test_replicas_follow_a_recommender_reload_and_forget_the_anonymised(
    settings: Settings, rec_data: RecData
) -> None:
    rec_data.import_into(settings.resolved_system_database_url)
    registry = ModelRegistry(LocalObjectStore(settings.data_dir / "storage"), settings.data_dir)
    older = rec_data.publish_into(registry, MATCH, RECOMMENDER)[RECOMMENDER]
    newer = rec_data.publish_into(registry, RECOMMENDER)[RECOMMENDER]
    with ExitStack() as stack:
        a = stack.enter_context(_replica(settings, "a"))
        b = stack.enter_context(_replica(settings, "b"))
        admin, reader = login(a, "admin"), login(b, "recrutador")
        assert _versions(a, admin) == _versions(b, reader) == (newer, newer)

        # A candidate whose name is in the recommender's words, and a vaga that names them.
        vocabulary = a.app.state.recommender.current.recommender.lexicon.vocabulary  # type: ignore[attr-defined]
        for code in [row["codigo_profissional"] for row in _candidates(a, admin)]:
            nome = a.get(f"/api/v1/candidatos/{code}/dados-pessoais", headers=admin).json()
            words = {w for w in tokens(nome["infos_basicas"]["nome"]) if w in vocabulary}
            if words:
                break
        vaga = {
            "codigo_vaga": 999003,
            "infos_basicas": {"titulo_vaga": "Indicação"},
            "perfil_vaga": {"principais_atividades": " ".join(sorted(words) * 3)},
        }
        assert a.post("/api/v1/vagas/create", json=vaga, headers=admin).status_code == 200
        assert words & _name_terms(a, 999003, code, admin)  # the name is there before
        assert a.post(f"/api/v1/candidatos/{code}/anonimizar", headers=admin).status_code == 200

        # A rollback on A: B swaps to it by itself, with the anonymised person emptied.
        rolled = a.post(f"{MODELS}/reload", json={"version": older}, headers=admin)
        assert rolled.status_code == 200, rolled.text
        assert _versions(a, admin) == (older, older)
        _wait_until(lambda: _versions(b, reader), (older, older))
        assert not words & _name_terms(b, 999003, code, reader)
        assert not words & _name_terms(a, 999003, code, admin)

        # A damaged version (published, never CURRENT, its file overwritten in the store):
        # refused with 409, CURRENT and both replicas unchanged.
        damaged = _publish_damaged(rec_data, registry)
        refused = a.post(f"{MODELS}/reload", json={"version": damaged}, headers=admin)
        assert refused.status_code == 409, refused.text
        assert registry.current_version(KIND) == older
        assert _versions(a, admin) == (older, older)
        assert _versions(b, reader) == (older, older)


def _candidates(client: TestClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    page = client.get("/api/v1/candidatos/list", params={"limit": 1000}, headers=headers)
    return list(page.json()["data"])


def _publish_damaged(rec_data: RecData, registry: ModelRegistry) -> str:
    """A copy of the recommender published (not CURRENT), then one file overwritten."""
    loaded = rec_data.registry.fetch(KIND)
    skip = {"version", "files", "created_at", "kind", "artifact_sha256"}
    manifest = {key: value for key, value in loaded.manifest.items() if key not in skip}
    files = {name: path.read_bytes() for name, path in loaded.files.items()}
    version = registry.publish_files(KIND, files, manifest, make_current=False)
    name = MAIN_ARTIFACT if MAIN_ARTIFACT in files else sorted(files)[0]
    registry.store.write_bytes(f"models/{KIND}/{version}/{name}", b"damaged")
    return version
