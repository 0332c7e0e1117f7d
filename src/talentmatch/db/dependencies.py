"""Per-request sessions on the engines the application created at start-up."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from talentmatch.db.engines import Databases


def get_databases(request: Request) -> Databases:
    """The engines created in the application's lifespan."""
    databases: Databases = request.app.state.databases
    return databases


def get_auth_session(request: Request) -> Iterator[Session]:
    """A session on the auth database, closed after the request."""
    with Session(get_databases(request).auth) as session:
        yield session


def get_system_session(request: Request) -> Iterator[Session]:
    """A session on the system database, closed after the request."""
    with Session(get_databases(request).system) as session:
        yield session


AuthSessionDep = Annotated[Session, Depends(get_auth_session)]
SystemSessionDep = Annotated[Session, Depends(get_system_session)]
