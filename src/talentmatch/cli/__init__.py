"""The `talentmatch` command line."""

import typer
from pydantic import ValidationError

from talentmatch.cli.admin import create_user_command, db_app
from talentmatch.cli.drift import drift
from talentmatch.cli.files import demo, export_dir, generate, import_dir
from talentmatch.cli.retention import purge
from talentmatch.cli.server import serve
from talentmatch.cli.train import train_app
from talentmatch.cli.worker import worker
from talentmatch.core.config import get_settings
from talentmatch.core.logging import configure_logging

app = typer.Typer(help="TalentMatch: recruiting API with machine-learned matching.")


@app.callback()
def _configure() -> None:
    """TalentMatch: recruiting API with machine-learned matching."""
    try:
        settings = get_settings()
    except ValidationError as exc:  # one line per wrong setting, not a traceback
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"]).upper()
            typer.echo(
                f"Configuração inválida: {where + ': ' if where else ''}{error['msg']}", err=True
            )
        raise typer.Exit(2) from exc
    configure_logging(settings.log_level)


app.command()(serve)
app.command()(worker)
app.command("create-user")(create_user_command)
app.add_typer(db_app, name="db")
app.command()(generate)
app.command("import")(import_dir)
app.command("export")(export_dir)
app.command()(demo)
app.add_typer(train_app, name="train")
app.command()(drift)
app.command()(purge)

__all__ = ["app", "serve"]
