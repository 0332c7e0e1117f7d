"""Liveness and readiness at the root, for the load balancer."""

from pathlib import Path

from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from tests.conftest import PASSWORD


def test_health_is_open_and_ok(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_when_both_databases_answer(client: TestClient) -> None:
    response = client.get("/ready")
    assert response.status_code == 200
    assert response.json()["checks"] == {"auth_database": "ok", "system_database": "ok"}


def test_not_ready_when_a_database_is_unreachable(settings: Settings, tmp_path: Path) -> None:
    folder_in_the_way = tmp_path / "systemDB.db"
    folder_in_the_way.mkdir()  # a folder where the database file should be: cannot open
    settings = settings.model_copy(update={"system_database_url": f"sqlite:///{folder_in_the_way}"})
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        response = client.get("/ready")
        assert response.status_code == 503
        assert response.json()["checks"]["system_database"] == "unavailable"
        assert response.json()["checks"]["auth_database"] == "ok"
        assert client.get("/health").status_code == 200
        token = client.post(
            "/api/v1/usuarios/login", data={"username": "leitor", "password": PASSWORD}
        ).json()["access_token"]
        listing = client.get(
            "/api/v1/candidatos/list", headers={"Authorization": f"Bearer {token}"}
        )
        assert listing.status_code == 503
        assert "indisponível" in listing.json()["detail"]
