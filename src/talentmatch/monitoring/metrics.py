"""Prometheus metrics: process-wide counters, and the models the application serves.

Counters live in prometheus_client's default registry. Under `talentmatch serve --workers N`
(N > 1) each worker process writes them to files in PROMETHEUS_MULTIPROC_DIR, a private folder
`serve` makes, and a scrape answered by any worker sums every worker's files
(`process_metrics`), those of workers that died included, so totals never go back. What
depends on one application's state, the models in service, is read when scraped by
`ServingCollector`, registered on a registry of that application: it describes the process
that answers the scrape (every worker follows the same CURRENT).
Labels are bounded: route templates (never raw paths), methods, status codes, model kinds
and versions, job kinds and statuses. No label ever carries a user, a code or a query.
"""

from __future__ import annotations

import os
from collections import Counter as Tally
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead
from prometheus_client.registry import Collector
from sqlalchemy import event

from talentmatch.core.processes import METRICS_DIR_ENV
from talentmatch.features.prediction_log import LoggedRows, PredictionLog, on_logged

UNMATCHED_ROUTE: Final[str] = "<unmatched>"
# Seconds; predictions take milliseconds, imports and batches can take tens of seconds.
LATENCY_BUCKETS: Final[tuple[float, ...]] = (
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
)  # fmt: skip

HTTP_REQUESTS = Counter(
    "talentmatch_http_requests_total",
    "HTTP requests answered, by method, route template and status code.",
    ("method", "route", "status"),
)
HTTP_LATENCY = Histogram(
    "talentmatch_http_request_duration_seconds",
    "Time to answer an HTTP request, by method, route template and status code.",
    ("method", "route", "status"),
    buckets=LATENCY_BUCKETS,
)
PREDICTIONS = Counter(
    "talentmatch_predictions_total",
    "Predictions logged, by model kind, model version and source (payload, ids, batch).",
    ("model_kind", "model_version", "source"),
)


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    """Count one answered request and its duration."""
    labels = (method, route, str(status))
    HTTP_REQUESTS.labels(*labels).inc()
    HTTP_LATENCY.labels(*labels).observe(seconds)


@event.listens_for(PredictionLog, "after_insert")
def _count_prediction(_mapper: Any, _connection: Any, row: PredictionLog) -> None:
    # Every prediction is logged, whichever endpoint or command made it: count it there.
    PREDICTIONS.labels(row.model_kind, row.model_version, row.source).inc()


@on_logged
def _count_logged(rows: LoggedRows) -> None:
    # The serving endpoints log with one bulk INSERT, which fires no ORM event.
    counts = Tally((row["model_kind"], row["model_version"], row["source"]) for row in rows)
    for labels, count in counts.items():
        PREDICTIONS.labels(*labels).inc(count)


ServedModels = Callable[[], Mapping[str, Mapping[str, Any]]]


class ServingCollector(Collector):
    """The models one application serves, read at scrape time."""

    def __init__(self, served_models: ServedModels) -> None:
        self._served_models = served_models

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """Model info, load time and load failure of every kind the application serves."""
        info = GaugeMetricFamily(
            "talentmatch_model_info",
            "The model version in service (1), by kind.",
            labels=("model_kind", "model_version"),
        )
        seconds = GaugeMetricFamily(
            "talentmatch_model_load_seconds",
            "Seconds the model in service took to load, by kind and version.",
            labels=("model_kind", "model_version"),
        )
        failing = GaugeMetricFamily(
            "talentmatch_model_load_failed",
            "1 while the configured (CURRENT) model of a kind cannot be loaded, else 0.",
            labels=("model_kind",),
        )
        for kind, state in self._served_models().items():
            version = state.get("in_service")
            if version is not None:
                info.add_metric((kind, version), 1.0)
                if state.get("load_seconds") is not None:
                    seconds.add_metric((kind, version), float(state["load_seconds"]))
            failed = state.get("status") in ("unavailable", "stale")
            failing.add_metric((kind,), 1.0 if failed else 0.0)
        yield from (info, seconds, failing)


def application_registry(served_models: ServedModels) -> CollectorRegistry:
    """A registry of one application's state, exposed next to the process-wide one."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(ServingCollector(served_models))
    return registry


def _multiprocess() -> bool:
    # prometheus_client chose file-backed values at import from this same variable.
    return bool(os.environ.get(METRICS_DIR_ENV))


def process_metrics() -> bytes:
    """The counters in Prometheus' text format: summed over every worker process of `serve`
    in multiprocess mode (no per-process `process_*` metrics then), else this process's."""
    if not _multiprocess():
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    return generate_latest(registry)


def forget_process() -> None:
    """At a worker process's exit: drop its live gauges (its counters stay in the totals)."""
    if _multiprocess():
        mark_process_dead(os.getpid())
