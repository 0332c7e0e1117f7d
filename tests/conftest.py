"""Fixtures: real SQLite files built by the migrations, an app per test, users per role."""

import os
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
from tests.databases import POSTGRES_ADMIN_URL, PostgresBackend, SqliteBackend, backend

# ENV=test (the suite's mode, without secret checks) is refused unless this marker says the
# test suite runs it; servers the tests start inherit it.
os.environ["TALENTMATCH_TEST_SUITE"] = "1"
# The servers the tests start (ENV=production) run one process unless a test asks for more:
# production's default, one per CPU, would double every server on the suite's 2-core runner.
os.environ.setdefault("SERVER_WORKERS", "1")

TEST_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"
PASSWORD = "senha-de-teste-123"


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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In the PostgreSQL pass, run only the tests that ask for a database, browsers aside.

    `db_backend` is the suite's only way to a PostgreSQL database (servers the tests start get
    their URLs from it too), so a test outside its reach ran identically in the SQLite pass.
    The browser tests drive pages whose database work is the same service calls the web app's
    HTTP tests run on both databases; they run once, in the SQLite pass.
    """
    if not POSTGRES_ADMIN_URL:
        return

    def on_postgres(item: pytest.Item) -> bool:
        asks = "db_backend" in getattr(item, "fixturenames", ())
        return asks and item.get_closest_marker("browser") is None

    kept = [item for item in items if on_postgres(item)]
    dropped = [item for item in items if not on_postgres(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session")
def db_backend() -> Iterator[SqliteBackend | PostgresBackend]:
    """SQLite files, or PostgreSQL when TEST_POSTGRES_URL is set."""
    chosen = backend()
    yield chosen
    if isinstance(chosen, PostgresBackend):
        chosen.admin.dispose()


@pytest.fixture(scope="session")
def migrated_template(
    tmp_path_factory: pytest.TempPathFactory, db_backend: SqliteBackend | PostgresBackend
) -> Iterator[tuple[str, str]]:
    """Both databases migrated from empty once, with one user per role; copied per test."""
    folder = tmp_path_factory.mktemp("template")
    urls = (db_backend.create(folder, "auth"), db_backend.create(folder, "system"))
    settings = make_settings(folder, auth_database_url=urls[0], system_database_url=urls[1])
    upgrade_databases(settings)
    engine = make_engine(urls[0])
    with Session(engine) as session:
        for perfil in Perfil:
            create_user(
                session=session,
                user_in=UsuarioCreate(username=perfil.value, password=PASSWORD, perfil=perfil),
            )
    engine.dispose()
    yield urls
    for url in urls:
        db_backend.drop(url)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """This test's data folder (object store, demo files)."""
    target = tmp_path / "data"
    target.mkdir()
    return target


@pytest.fixture
def database_urls(
    migrated_template: tuple[str, str], db_backend: SqliteBackend | PostgresBackend, tmp_path: Path
) -> Iterator[tuple[str, str]]:
    """Fresh copies of the migrated auth and system databases for one test."""
    urls = (
        db_backend.clone(migrated_template[0], tmp_path, "auth"),
        db_backend.clone(migrated_template[1], tmp_path, "system"),
    )
    yield urls
    for url in urls:
        db_backend.drop(url)


@pytest.fixture
def empty_database_urls(
    db_backend: SqliteBackend | PostgresBackend, tmp_path: Path
) -> Iterator[tuple[str, str]]:
    """Two empty databases, for tests of the migrations themselves."""
    urls = (db_backend.create(tmp_path, "auth"), db_backend.create(tmp_path, "system"))
    yield urls
    for url in urls:
        db_backend.drop(url)


@pytest.fixture
def settings(data_dir: Path, database_urls: tuple[str, str]) -> Settings:
    return make_settings(
        data_dir, auth_database_url=database_urls[0], system_database_url=database_urls[1]
    )


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
