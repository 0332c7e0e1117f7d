"""The processes of `talentmatch serve --workers N`: how many CPUs there are, and what the
worker processes share.

With more than one worker, `serve` makes a private folder for its children and names it in
SERVE_DIR_ENV: their Prometheus files live in it, and so does the lock that lets exactly one of
them run the in-process job loop (JOBS_IN_PROCESS). With one worker nothing of this is used.
"""

from __future__ import annotations

import fcntl
import math
import os
from pathlib import Path
from typing import IO, Final

# Set by `serve` for its worker processes only; never a setting of its own.
SERVE_DIR_ENV: Final[str] = "TALENTMATCH_SERVE_DIR"
METRICS_DIR_ENV: Final[str] = "PROMETHEUS_MULTIPROC_DIR"
JOBS_LOCK: Final[str] = "jobs.lock"
_CGROUP_V2_MAX: Final[Path] = Path("/sys/fs/cgroup/cpu.max")
_CGROUP_V1: Final[Path] = Path("/sys/fs/cgroup/cpu")


def _cgroup_quota() -> float | None:
    """The CPUs the container's CPU quota allows (e.g. 1.5), or None without a quota."""
    try:
        quota, _, period = _CGROUP_V2_MAX.read_text().strip().partition(" ")
        if quota != "max":
            return int(quota) / int(period or "100000")
        return None
    except (OSError, ValueError):
        pass
    try:
        quota_us = int((_CGROUP_V1 / "cpu.cfs_quota_us").read_text())
        period_us = int((_CGROUP_V1 / "cpu.cfs_period_us").read_text())
    except (OSError, ValueError):
        return None
    return quota_us / period_us if quota_us > 0 and period_us > 0 else None


def available_cpus() -> int:
    """The CPUs this process may use: its affinity, capped by a cgroup quota (rounded up)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    quota = _cgroup_quota()
    if quota is not None:
        cpus = min(cpus, math.ceil(quota))
    return max(1, cpus)


def serve_dir() -> Path | None:
    """The folder `serve` shares with its worker processes, or None in a lone process."""
    value = os.environ.get(SERVE_DIR_ENV)
    return Path(value) if value else None


def try_jobs_lock(folder: Path) -> IO[bytes] | None:
    """Take the job lock of `serve`'s worker processes without waiting: the open file that
    holds it (kept open while the job loop runs), or None when another process holds it.

    The kernel releases a dead holder's lock, so the process uvicorn starts in its place
    takes it.
    """
    handle = (folder / JOBS_LOCK).open("ab")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle
