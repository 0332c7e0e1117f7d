"""The jobs' own metric, on the process-wide Prometheus registry that /metrics exposes."""

from prometheus_client import Counter

JOBS = Counter(
    "talentmatch_jobs_total",
    "Background jobs that ended, by kind and status: succeeded, failed, cancelled; requeued "
    "(shutdown), reaped (taken from a silent worker), lost (a worker found its job taken over).",
    ("kind", "status"),
)


def observe_job(kind: str, status: str) -> None:
    """Count one job that ended (or went back to the queue)."""
    JOBS.labels(kind, status).inc()
