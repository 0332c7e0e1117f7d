"""The object store and the job runner the application created at start-up."""

from typing import Annotated

from fastapi import Depends, Request

from talentmatch.jobs.runner import JobRunner
from talentmatch.storage import ObjectStore


def get_store(request: Request) -> ObjectStore:
    """The configured object store."""
    store: ObjectStore = request.app.state.store
    return store


def get_runner(request: Request) -> JobRunner:
    """The background job runner of this process."""
    runner: JobRunner = request.app.state.jobs
    return runner


StoreDep = Annotated[ObjectStore, Depends(get_store)]
RunnerDep = Annotated[JobRunner, Depends(get_runner)]
