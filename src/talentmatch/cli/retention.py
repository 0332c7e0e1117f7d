"""`talentmatch purge`: apply the retention settings now, printing what was deleted."""

import typer

from talentmatch.core.config import get_settings
from talentmatch.db.engines import Databases
from talentmatch.retention import purge as run_purge

ACTOR = "cli:purge"
LABELS = {
    "prediction_log": "predições do log",
    "jobs": "jobs terminados",
    "login_attempts": "tentativas de login",
    "audit_events": "eventos de auditoria",
}


def purge() -> None:
    """Delete the rows older than the RETENTION_*_DAYS settings, in batches."""
    settings = get_settings()
    databases = Databases.from_settings(settings)
    try:
        summary = run_purge(
            system=databases.system, auth=databases.auth, settings=settings, actor=ACTOR
        )
    finally:
        databases.dispose()
    for table, count in summary["deleted"].items():
        cutoff = summary["cutoffs"][table]
        typer.echo(f"{LABELS[table]} ({table}): {count} removidas (anteriores a {cutoff})")
    typer.echo(f"Total: {sum(summary['deleted'].values())} linhas removidas.")
