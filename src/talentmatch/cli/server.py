"""`talentmatch serve`: the API server, in one process or in N worker processes."""

import os
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer
import uvicorn

from talentmatch.core.config import InsecureSettings, Settings, get_settings
from talentmatch.core.logging import configure_logging
from talentmatch.core.processes import METRICS_DIR_ENV, SERVE_DIR_ENV
from talentmatch.startup import prepare_server

# Seconds a worker process may leave the supervisor's ping unanswered before it is taken for
# hung and replaced (uvicorn's 5 s is short for a process loading models on a busy machine).
WORKER_HEALTHCHECK_S = 30


def _refuse(reason: str) -> typer.Exit:
    typer.echo(f"talentmatch serve: refusing to start: {reason}", err=True)
    return typer.Exit(code=2)


def _uvicorn_options(settings: Settings, host: str | None, port: int | None) -> dict[str, Any]:
    development = settings.env == "development"
    return dict(
        host=host or ("127.0.0.1" if development else "0.0.0.0"),  # all interfaces
        port=port or (8000 if development else 80),
        proxy_headers=True,
        timeout_graceful_shutdown=30,
        limit_concurrency=settings.server_max_connections,
        timeout_keep_alive=settings.server_keep_alive_s,
        server_header=False,
        # Request line and headers larger than this are refused (h11's default is 16 KiB).
        h11_max_incomplete_event_size=settings.server_max_header_bytes,
    )


def _serve_workers(settings: Settings, workers: int, options: dict[str, Any]) -> None:
    """The start-up work once, here, then `workers` processes sharing a private folder."""
    # uvicorn's own lines (parent started, child died) as JSON, as the workers write theirs.
    configure_logging(settings.log_level)
    prepare_server(settings)
    folder = Path(tempfile.mkdtemp(prefix="talentmatch-serve-"))
    (folder / "metrics").mkdir()
    # Read by the worker processes, which uvicorn starts afresh (spawn) with this environment.
    os.environ[SERVE_DIR_ENV] = str(folder)
    os.environ[METRICS_DIR_ENV] = str(folder / "metrics")
    try:
        uvicorn.run(
            "talentmatch.app:create_worker_app",
            factory=True,
            workers=workers,
            timeout_worker_healthcheck=WORKER_HEALTHCHECK_S,
            log_config=None,
            **options,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def serve(
    host: Annotated[str | None, typer.Option(help="Interface (default by ENV)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (80 in production, 8000 in dev)")] = None,
    reload: Annotated[
        bool | None, typer.Option(help="Reload on code changes (default: in dev, 1 worker)")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=64,
            help="Worker processes (default SERVER_WORKERS; else the CPUs in production, 1 in dev)",
        ),
    ] = None,
) -> None:
    """Run the API server: one process, or N worker processes on one port.

    Refuses to start, with a one-line reason and exit code 2, on insecure settings (weak or
    shipped secrets in production, ENV=test outside the test suite). With N > 1 workers the
    development migrations and the first admin are done once, before the workers start; the
    workers share one port (the kernel spreads connections), one set of metrics, and one of
    them runs the in-process job loop (JOBS_IN_PROCESS). A worker that dies is replaced.
    Connections beyond SERVER_MAX_CONNECTIONS (per worker) answer 503; an idle keep-alive
    connection is closed after SERVER_KEEP_ALIVE_S; no `server` header names the software.
    """
    settings = get_settings()
    try:
        settings.check_serving_secrets()
    except InsecureSettings as exc:
        raise _refuse(str(exc)) from None
    count = workers or settings.resolved_server_workers
    if reload is None:
        reload = settings.env == "development" and count == 1
    if reload and count > 1:
        raise _refuse(f"--reload runs one process; it cannot be combined with {count} workers")
    options = _uvicorn_options(settings, host, port)
    if count > 1:
        _serve_workers(settings, count, options)
        return
    uvicorn.run("talentmatch.app:create_app", factory=True, reload=reload, **options)
