"""The `talentmatch` command line."""

import typer

from talentmatch.cli.admin import create_user_command, db_app
from talentmatch.cli.drift import drift
from talentmatch.cli.files import demo, export_dir, generate, import_dir
from talentmatch.cli.server import serve
from talentmatch.cli.train import train_app
from talentmatch.cli.worker import worker
from talentmatch.core.config import get_settings
from talentmatch.core.logging import configure_logging

app = typer.Typer(help="TalentMatch: recruiting API with machine-learned matching.")


@app.callback()
def _configure() -> None:
    """TalentMatch: recruiting API with machine-learned matching."""
    configure_logging(get_settings().log_level)


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

__all__ = ["app", "serve"]
