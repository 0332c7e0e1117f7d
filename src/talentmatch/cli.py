"""The `talentmatch` command line: serve, users, database migrations."""

from typing import Annotated

import typer
import uvicorn
from pydantic import ValidationError
from sqlmodel import Session

from talentmatch.core.config import get_settings
from talentmatch.core.errors import DomainError
from talentmatch.db.engines import make_engine
from talentmatch.db.migrate import check_databases, upgrade_databases
from talentmatch.usuarios.models import Perfil, UsuarioCreate
from talentmatch.usuarios.service import create_user

app = typer.Typer(help="TalentMatch: recruiting API with machine-learned matching.")
db_app = typer.Typer(help="Database migrations (both databases).")
app.add_typer(db_app, name="db")


@app.command()
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
        host=host or ("127.0.0.1" if development else "0.0.0.0"),
        port=port or (8000 if development else 80),
        reload=development if reload is None else reload,
        proxy_headers=True,
        timeout_graceful_shutdown=30,
    )


@app.command("create-user")
def create_user_command(
    username: Annotated[str, typer.Option(help="Login name")],
    password: Annotated[
        str, typer.Option(help="Password (8+ characters)", prompt=True, hide_input=True)
    ],
    perfil: Annotated[Perfil, typer.Option(help="Role")] = Perfil.leitor,
) -> None:
    """Create a user in the auth database."""
    settings = get_settings()
    try:
        user_in = UsuarioCreate(username=username, password=password, perfil=perfil)
    except ValidationError as exc:
        typer.echo(
            f"Dados inválidos: {exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}", err=True
        )
        raise typer.Exit(2) from exc
    engine = make_engine(settings.resolved_auth_database_url)
    try:
        with Session(engine) as session:
            user = create_user(session=session, user_in=user_in)
    except DomainError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()
    typer.echo(f"Usuário '{user.username}' ({user.perfil.value}) criado com id {user.id}.")


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Apply the migrations of both databases."""
    upgrade_databases(get_settings(), revision)
    typer.echo("Bancos auth e system atualizados.")


@db_app.command("check")
def db_check() -> None:
    """Fail when a database's schema differs from the models."""
    check_databases(get_settings())
    typer.echo("Os esquemas conferem com os modelos.")
