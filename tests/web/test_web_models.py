"""The models and drift pages through HTTP: the versions with their metrics and which is in
service, the reload (admin, CSRF), the drift summary drawn on the server and Evidently's page."""

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from talentmatch.drift import storage as drift_storage
from talentmatch.storage import LocalObjectStore
from tests.conftest import PASSWORD, make_settings
from tests.drift.test_drift_html import SUMMARY
from tests.test_inferencias import publish, trained_model
from tests.web.helpers import csrf_of, web_login

__all__ = ["trained_model"]
API = "/api/v1"


@pytest.fixture
def quiet_settings(settings: Settings) -> Settings:
    """No polling of CURRENT: only a reload changes what this replica serves."""
    return make_settings(
        settings.data_dir,
        auth_database_url=settings.auth_database_url,
        system_database_url=settings.system_database_url,
        model_poll_interval_s=0,
    )


def open_as(settings: Settings, username: str) -> TestClient:
    client = TestClient(create_app(settings))
    client.__enter__()
    assert web_login(client, username, PASSWORD).status_code == 303
    return client


@pytest.fixture
def clients(quiet_settings: Settings) -> Iterator[dict[str, TestClient]]:
    opened = {name: open_as(quiet_settings, name) for name in ("leitor", "recrutador", "admin")}
    yield opened
    for client in opened.values():
        client.__exit__(None, None, None)


def served(client: TestClient, admin_token: dict[str, str]) -> Any:
    return client.get(f"{API}/inferencias/models", headers=admin_token).json()["in_service"]


def test_models_page_shows_the_version_in_service_and_an_admin_reloads_current(
    quiet_settings: Settings, trained_model: tuple[bytes, dict[str, Any]]
) -> None:
    first = publish(quiet_settings, trained_model)
    leitor = open_as(quiet_settings, "leitor")
    admin = open_as(quiet_settings, "admin")
    try:
        page = leitor.get("/app/modelos")
        assert page.status_code == 200
        assert f'<details class="versao" open data-version="{first}">' in page.text
        assert "em serviço" in page.text and "roc_auc" in page.text
        assert "Recarregar" not in page.text  # a leitor sees the summaries, no controls
        second = publish(quiet_settings, trained_model)  # CURRENT moves; nothing reloads yet
        page = admin.get("/app/modelos")
        assert f"<dd data-current><code>{second}</code>" in page.text
        assert f"<dd data-in-service><code>{first}</code>" in page.text
        token = csrf_of(page.text)
        forged = leitor.post(
            "/app/modelos/recarregar",
            data={"kind": "match", "csrf_token": csrf_of(leitor.get("/app/modelos").text)},
        )
        assert forged.status_code == 403
        for bad in ({}, {"csrf_token": "outro"}):
            assert (
                admin.post("/app/modelos/recarregar", data={"kind": "match", **bad}).status_code
                == 403
            )
        assert f"<dd data-in-service><code>{first}</code>" in admin.get("/app/modelos").text
        done = admin.post(
            "/app/modelos/recarregar",
            data={"kind": "match", "csrf_token": token},
            follow_redirects=False,
        )
        assert done.status_code == 303 and done.headers["location"] == "/app/modelos#match"
        page = admin.get("/app/modelos")
        assert f"Modelo em serviço: {second}." in page.text
        assert f"<dd data-in-service><code>{second}</code>" in page.text
        # The recommender (none published) reloads to nothing, without an error.
        none = admin.post(
            "/app/modelos/recarregar", data={"kind": "recommender", "csrf_token": token}
        )
        assert none.status_code == 200 and "Recomendador em serviço: nenhum." in none.text
    finally:
        leitor.__exit__(None, None, None)
        admin.__exit__(None, None, None)


def test_drift_page_shows_the_verdict_and_fields_to_every_role(
    clients: dict[str, TestClient], quiet_settings: Settings
) -> None:
    missing = clients["leitor"].get("/app/drift")
    assert missing.status_code == 200 and "data-no-drift" in missing.text
    assert clients["leitor"].get("/app/drift/relatorio").status_code == 404
    store = LocalObjectStore(quiet_settings.data_dir / "storage")
    report_id = drift_storage.new_report_id(datetime(2026, 12, 2, tzinfo=UTC))
    drift_storage.save_report(
        store,
        report_id,
        html="<!DOCTYPE html><script>draw()</script>",
        evidently_json="{}",
        summary={**SUMMARY, "report_id": report_id},
    )
    for client in clients.values():
        page = client.get("/app/drift")
        assert page.status_code == 200
        assert 'data-drift-verdict="drift"' in page.text and "Drift detectado" in page.text
        assert "1 de 2 features com drift (50.0%; limite 30.0%)" in page.text
        assert (
            "<code>skill_coverage</code>" in page.text and "não comparada: constante" in page.text
        )
        assert "<svg" in page.text and "style=" not in page.text  # the page's CSP: no inline style
        assert "script-src 'self'" in page.headers["content-security-policy"]
        full = client.get("/app/drift/relatorio")
        assert full.status_code == 200 and full.text == "<!DOCTYPE html><script>draw()</script>"
        assert "script-src 'unsafe-inline'" in full.headers["content-security-policy"]
        assert full.headers["cache-control"] == "no-store"
