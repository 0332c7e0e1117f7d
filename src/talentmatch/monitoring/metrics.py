"""Prometheus metrics: process-wide counters, and the models the application serves.

Counters live in prometheus_client's default registry (one server process per container,
as the deploy files run it). What depends on one application's state, the models in service,
is read when scraped by `ServingCollector`, registered on a registry of that application.
Labels are bounded: route templates (never raw paths), methods, status codes, model kinds
and versions, job kinds and statuses. No label ever carries a user, a code or a query.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import event

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
