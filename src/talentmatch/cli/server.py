"""`talentmatch serve`: the API server, one process."""

from typing import Annotated

import typer
import uvicorn

from talentmatch.core.config import get_settings


def serve(
    host: Annotated[str | None, typer.Option(help="Interface (default by ENV)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (80 in production, 8000 in dev)")] = None,
    reload: Annotated[bool | None, typer.Option(help="Reload on code changes")] = None,
) -> None:
    """Run the API server (one process)."""
    settings = get_settings()
    development = settings.env == "development"
    uvicorn.run(
        "talentmatch.app:create_app",
        factory=True,
        host=host or ("127.0.0.1" if development else "0.0.0.0"),  # all interfaces in a container
        port=port or (8000 if development else 80),
        reload=development if reload is None else reload,
        proxy_headers=True,
        timeout_graceful_shutdown=30,
    )
