"""Where the tests' databases live: SQLite files, or a real PostgreSQL server.

With TEST_POSTGRES_URL set (see bin/with-postgres) every database of the suite is a
PostgreSQL database on that server; otherwise an SQLite file. Either way a test gets a
fresh copy of databases built by the migrations: a file copy, or CREATE DATABASE ...
TEMPLATE on PostgreSQL.
"""

import itertools
import os
import shutil
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL")
_names = itertools.count()


class SqliteBackend:
    """Databases as SQLite files in a folder."""

    name = "sqlite"

    def create(self, folder: Path, name: str) -> str:
        """The URL of a new, empty database called `name`."""
        return f"sqlite:///{folder / f'{name}.db'}"

    def clone(self, template_url: str, folder: Path, name: str) -> str:
        """A new database with the template's content."""
        source = Path(make_url(template_url).database or "")
        target = folder / f"{name}.db"
        shutil.copy2(source, target)
        return f"sqlite:///{target}"

    def drop(self, url: str) -> None:
        """Nothing to do: the folder is a pytest temporary directory."""


class PostgresBackend:
    """Databases on the PostgreSQL server of TEST_POSTGRES_URL."""

    name = "postgresql"

    def __init__(self, admin_url: str) -> None:
        self.admin_url = make_url(admin_url)
        self.admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        self.prefix = f"t{uuid.uuid4().hex[:6]}"

    def _new_name(self, name: str) -> str:
        return f"{self.prefix}_{name.lower()}_{next(_names)}"

    def create(self, folder: Path, name: str) -> str:
        database = self._new_name(name)
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
        return self.admin_url.set(database=database).render_as_string(hide_password=False)

    def clone(self, template_url: str, folder: Path, name: str) -> str:
        database = self._new_name(name)
        template = make_url(template_url).database
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{database}" TEMPLATE "{template}"'))
        return self.admin_url.set(database=database).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        database = make_url(url).database
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))


def backend() -> SqliteBackend | PostgresBackend:
    """The backend this test run uses."""
    if POSTGRES_ADMIN_URL:
        return PostgresBackend(POSTGRES_ADMIN_URL)
    return SqliteBackend()
