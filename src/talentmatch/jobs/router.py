"""/jobs: status and cancellation of imports, exports and drift reports (admin only: api.py
includes this router behind the admin check, so that the job infrastructure imports nothing
above layer 1)."""

from typing import Annotated

from fastapi import APIRouter, Path

from talentmatch.core.dependencies import PageDep
from talentmatch.db.dependencies import SystemSessionDep
from talentmatch.jobs import service
from talentmatch.jobs.models import JobPublic, JobsPage

router = APIRouter(prefix="/jobs", tags=["jobs"])


@router.get("", response_model=JobsPage)
def list_jobs(session: SystemSessionDep, page: PageDep) -> JobsPage:
    """Jobs, newest first, with status, progress and counts."""
    total, jobs = service.list_jobs(session=session, offset=page.offset, limit=page.limit)
    return JobsPage(
        total=total,
        offset=page.offset,
        limit=page.limit,
        data=[JobPublic.from_job(job) for job in jobs],
    )


@router.get("/{job_id}", response_model=JobPublic)
def get_job(job_id: Annotated[str, Path(max_length=64)], session: SystemSessionDep) -> JobPublic:
    """One job: status, progress (done/total), counts, the first errors with their keys."""
    return JobPublic.from_job(service.get_job(session=session, job_id=job_id))


@router.post(
    "/{job_id}/cancel",
    response_model=JobPublic,
    responses={409: {"description": "O job já terminou"}},
)
def cancel_job(job_id: Annotated[str, Path(max_length=64)], session: SystemSessionDep) -> JobPublic:
    """Cancel a job: a queued one at once (`cancelled`); a running one stops at its next
    progress report and ends `cancelled` (`cancel_requested` until then); 409 if finished."""
    return JobPublic.from_job(service.cancel(session=session, job_id=job_id))
