"""The object store and the job queue's wake-up the application created at start-up."""

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from talentmatch.storage import ObjectStore

Wake = Callable[[], None]


def get_store(request: Request) -> ObjectStore:
    """The configured object store."""
    store: ObjectStore = request.app.state.store
    return store


def _nothing() -> None:
    """No worker in this process: a `talentmatch worker` polls the queue."""


def get_wake(request: Request) -> Wake:
    """Tells this process's worker (JOBS_IN_PROCESS) that a job was queued; else nothing."""
    worker = getattr(request.app.state, "jobs", None)
    return worker.wake if worker is not None else _nothing


StoreDep = Annotated[ObjectStore, Depends(get_store)]
WakeDep = Annotated[Wake, Depends(get_wake)]
