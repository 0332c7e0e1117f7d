"""`talentmatch serve`: the API server, one process."""

from typing import Annotated

import typer
import uvicorn

from talentmatch.core.config import InsecureSettings, get_settings


def serve(
    host: Annotated[str | None, typer.Option(help="Interface (default by ENV)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (80 in production, 8000 in dev)")] = None,
    reload: Annotated[bool | None, typer.Option(help="Reload on code changes")] = None,
) -> None:
    """Run the API server (one process).

    Refuses to start, with a one-line reason and exit code 2, on insecure settings (weak or
    shipped secrets in production, ENV=test outside the test suite). Connections beyond
    SERVER_MAX_CONNECTIONS answer 503; an idle keep-alive connection is closed after
    SERVER_KEEP_ALIVE_S; no `server` header names the software.
    """
    settings = get_settings()
    try:
        settings.check_serving_secrets()
    except InsecureSettings as exc:
        typer.echo(f"talentmatch serve: refusing to start: {exc}", err=True)
        raise typer.Exit(code=2) from None
    development = settings.env == "development"
    uvicorn.run(
        "talentmatch.app:create_app",
        factory=True,
        host=host or ("127.0.0.1" if development else "0.0.0.0"),  # all interfaces in a container
        port=port or (8000 if development else 80),
        reload=development if reload is None else reload,
        proxy_headers=True,
        timeout_graceful_shutdown=30,
        limit_concurrency=settings.server_max_connections,
        timeout_keep_alive=settings.server_keep_alive_s,
        server_header=False,
        # Request line and headers larger than this are refused (h11's default is 16 KiB).
        h11_max_incomplete_event_size=settings.server_max_header_bytes,
    )
