"""`talentmatch create-user` and `talentmatch db ...`."""

from typing import Annotated

import typer
from pydantic import ValidationError
from sqlmodel import Session

from talentmatch.core.config import get_settings
from talentmatch.core.errors import DomainError
from talentmatch.db.engines import make_engine
from talentmatch.db.migrate import check_databases, upgrade_databases
from talentmatch.usuarios.models import Perfil, UsuarioCreate
from talentmatch.usuarios.service import create_user

db_app = typer.Typer(help="Database migrations (both databases).")


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
        first = exc.errors()[0]
        typer.echo(f"Dados inválidos: {first['loc'][0]}: {first['msg']}", err=True)
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
