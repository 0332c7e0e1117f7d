"""Fixtures: real SQLite files built by the migrations, an app per test, users per role."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from talentmatch.db.engines import make_engine
from talentmatch.db.migrate import upgrade_databases
from talentmatch.usuarios.models import Perfil, UsuarioCreate
from talentmatch.usuarios.service import create_user

TEST_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"
PASSWORD = "senha-de-teste-123"
DB_FILES = ("authDB.db", "systemDB.db")


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    """Settings of a test service whose databases live in `data_dir`."""
    values: dict[str, object] = {
        "env": "test",
        "data_dir": data_dir,
        "jwt_secret": TEST_SECRET,
        "auth_database_url": None,
        "system_database_url": None,
        "first_admin_username": None,
        "first_admin_password": None,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both databases migrated from empty once, with one user per role; copied per test."""
    data_dir = tmp_path_factory.mktemp("template")
    settings = make_settings(data_dir)
    upgrade_databases(settings)
    engine = make_engine(settings.resolved_auth_database_url)
    with Session(engine) as session:
        for perfil in Perfil:
            create_user(
                session=session,
                user_in=UsuarioCreate(username=perfil.value, password=PASSWORD, perfil=perfil),
            )
    engine.dispose()
    return data_dir


@pytest.fixture
def data_dir(migrated_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the migrated databases for one test."""
    target = tmp_path / "data"
    target.mkdir()
    for name in DB_FILES:
        shutil.copy2(migrated_template / name, target / name)
    return target


@pytest.fixture
def settings(data_dir: Path) -> Settings:
    return make_settings(data_dir)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """An HTTP client on an app started (lifespan and all) on this test's databases."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    """Authorization headers for `username`, obtained through the login endpoint."""
    response = client.post(
        "/api/v1/usuarios/login", data={"username": username, "password": password}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def admin(client: TestClient) -> dict[str, str]:
    return login(client, "admin")


@pytest.fixture
def recrutador(client: TestClient) -> dict[str, str]:
    return login(client, "recrutador")


@pytest.fixture
def leitor(client: TestClient) -> dict[str, str]:
    return login(client, "leitor")
