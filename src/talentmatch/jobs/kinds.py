"""The kinds of background work, registered by the packages that do it.

`jobs/` runs and stores jobs but knows no kind's work: `decision.jobs` registers imports and
exports, `drift.jobs` drift reports, and the process that runs jobs composes them
(`talentmatch.worker.job_kinds`). The names of the kinds are the public vocabulary of the API
(`JobKind`, listed in the OpenAPI schema); what each one does lives with its package.
"""

from collections.abc import Callable, Iterable

from talentmatch.jobs.models import Job, JobKind
from talentmatch.jobs.runner import JobFunction

Resume = Callable[[Job], JobFunction | None]


class JobKinds:
    """Kind -> how a worker builds the body of a queued job of that kind from its row."""

    def __init__(self) -> None:
        self._resume: dict[JobKind, Resume] = {}

    def register(self, kinds: Iterable[JobKind], resume: Resume) -> None:
        """Build jobs of `kinds` with `resume`; a kind registered twice is a bug."""
        for kind in kinds:
            if kind in self._resume:
                raise ValueError(f"job kind {kind.value} registered twice")
            self._resume[kind] = resume

    @property
    def registered(self) -> frozenset[JobKind]:
        """The kinds this process can run."""
        return frozenset(self._resume)

    def resume(self, job: Job) -> JobFunction | None:
        """The body of a stored job; None when its kind is not registered or it is unreadable."""
        resume = self._resume.get(job.kind)
        return resume(job) if resume is not None else None
