"""`talentmatch worker`: a process that runs background jobs and nothing else."""

import logging
import signal
import threading
from types import FrameType
from typing import Annotated

import typer

from talentmatch.core.config import get_settings
from talentmatch.db.engines import make_engine
from talentmatch.storage import store_from_url
from talentmatch.worker import build_worker

logger = logging.getLogger(__name__)


def worker(
    concurrency: Annotated[
        int | None, typer.Option(min=1, max=32, help="Jobs at once (default JOB_CONCURRENCY)")
    ] = None,
) -> None:
    """Run queued jobs (imports, exports, drift reports) until SIGTERM or Ctrl-C.

    Any number of workers (and APIs with JOBS_IN_PROCESS on) share the queue in the system
    database. On SIGTERM a running job stops at its next progress report and goes back to the
    queue; a worker that dies (SIGKILL, out of memory) has its jobs queued again by the other
    workers once their heartbeat is JOB_HEARTBEAT_TIMEOUT_S old. Run `talentmatch db upgrade`
    first: the worker does not migrate.
    """
    settings = get_settings()
    engine = make_engine(
        settings.resolved_system_database_url,
        busy_timeout_ms=settings.sqlite_busy_timeout_ms,
        connect_timeout_s=settings.database_connect_timeout_s,
    )
    store = store_from_url(settings.resolved_storage_url, s3_endpoint_url=settings.s3_endpoint_url)
    job_worker = build_worker(
        store=store, settings=settings, engine=engine, concurrency=concurrency
    )
    stop = threading.Event()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        logger.info("signal %s: stopping; running jobs go back to the queue", signum)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    logger.info(
        "worker %s running (up to %d jobs at once)",
        job_worker.worker,
        job_worker.config.concurrency,
    )
    try:
        job_worker.run_until_stopped(stop)
    finally:
        engine.dispose()
