"""The background work a process can run: every package's job kinds, composed in one place."""

from sqlalchemy import Engine

from talentmatch import retention
from talentmatch.core.config import Settings
from talentmatch.decision import jobs as decision_jobs
from talentmatch.drift import jobs as drift_jobs
from talentmatch.jobs.kinds import JobKinds
from talentmatch.storage import ObjectStore


def job_kinds(*, store: ObjectStore, settings: Settings, engine: Engine) -> JobKinds:
    """Imports and exports of the Decision files, drift reports, and the retention purge."""
    kinds = JobKinds()
    decision_jobs.register(kinds, store=store, settings=settings, engine=engine)
    drift_jobs.register(kinds, store=store, settings=settings, engine=engine)
    retention.register(kinds, settings=settings, engine=engine)
    return kinds
