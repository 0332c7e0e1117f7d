"""Drift report jobs: checked at request time, computed in background."""

import re
from typing import Any, Final

from sqlalchemy import Engine
from sqlmodel import Session

from talentmatch.core.config import Settings
from talentmatch.drift import service as drift
from talentmatch.drift.reference import REFERENCE_FILE
from talentmatch.jobs import service
from talentmatch.jobs.dependencies import Wake
from talentmatch.jobs.kinds import JobKinds
from talentmatch.jobs.models import Job, JobKind
from talentmatch.jobs.runner import JobFunction, JobOutcome
from talentmatch.registry import ModelRegistry
from talentmatch.registry.kinds import MATCH as KIND
from talentmatch.storage import ObjectStore

# The job's file_key is the reference file it reads, which names the model version.
# Drift reports are short: claimed before queued imports and exports (priority 0).
DRIFT_PRIORITY: Final = 10
_REFERENCE_KEY: Final = re.compile(rf"/{KIND}/(?P<version>[^/]+)/{re.escape(REFERENCE_FILE)}$")


def reference_key(registry: ModelRegistry, version: str) -> str:
    """The object-store key of a version's reference file."""
    return f"{registry.prefix}/{KIND}/{version}/{REFERENCE_FILE}"


def version_from_key(key: str) -> str | None:
    """The model version a drift job's file_key names."""
    found = _REFERENCE_KEY.search(key)
    return found.group("version") if found else None


def _job_report(summary: dict[str, Any]) -> dict[str, Any]:
    return {
        "report_id": summary["report_id"],
        "model_version": summary["model_version"],
        "drifted": summary["drifted"],
        "drift_share": summary["drift_share"],
        "drifted_features": summary["drifted_features"],
        "prediction_drifted": summary["prediction"]["drifted"],
    }


def drift_work(
    *, version: str, registry: ModelRegistry, settings: Settings, engine: Engine
) -> JobFunction:
    """The body of a drift report job for one model version."""

    def work(progress: Any) -> JobOutcome:
        summary = drift.run_drift(
            engine=engine,
            registry=registry,
            store=registry.store,
            version=version,
            window=drift.window_from(settings),
            min_rows=settings.drift_min_rows,
            drift_share=settings.drift_share,
            progress=progress,
        )
        rows = summary["window"]["rows"]
        return JobOutcome(
            values={
                "total": rows,
                "done": rows,
                "output_key": summary["files"]["html"],
                "report": _job_report(summary),
            },
            message="Drift detectado." if summary["drifted"] else "Sem drift.",
        )

    return work


def register(kinds: JobKinds, *, store: ObjectStore, settings: Settings, engine: Engine) -> None:
    """Register drift reports, to resume them after a restart (on the version their key names)."""

    def resume(job: Job) -> JobFunction | None:
        version = version_from_key(job.file_key or "")
        if version is None:
            return None
        registry = ModelRegistry(store, settings.resolved_model_cache_dir)
        return drift_work(version=version, registry=registry, settings=settings, engine=engine)

    kinds.register([JobKind.drift_report], resume)


def start_drift(
    *,
    session: Session,
    wake: Wake,
    registry: ModelRegistry,
    settings: Settings,
    version: str,
    username: str,
) -> str:
    """Queue a drift report on `version`; no reference or too few predictions fail now (409)."""
    drift.check_can_run(
        session=session,
        registry=registry,
        version=version,
        window=drift.window_from(settings),
        min_rows=settings.drift_min_rows,
    )
    job_id = service.create_job(
        session=session,
        kind=JobKind.drift_report,
        created_by=username,
        file_key=reference_key(registry, version),
        priority=DRIFT_PRIORITY,
    ).id
    wake()
    return job_id
