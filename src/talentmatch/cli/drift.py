"""`talentmatch drift`: compute the drift report of the current match model now."""

from typing import Annotated

import typer

from talentmatch.core.config import get_settings
from talentmatch.core.errors import DomainError
from talentmatch.db.engines import make_engine
from talentmatch.drift.service import current_version, run_drift, window_from
from talentmatch.drift.window import Window
from talentmatch.registry import ModelRegistry
from talentmatch.storage import store_from_url


def drift(
    version: Annotated[
        str | None, typer.Option(help="Model version (default: the registry's CURRENT)")
    ] = None,
    window_predictions: Annotated[
        int | None, typer.Option(min=1, help="Most recent predictions compared")
    ] = None,
    window_days: Annotated[
        int | None, typer.Option(min=1, help="Ignore predictions older than this")
    ] = None,
) -> None:
    """Compare the model's training rows with its recent predictions; store the report."""
    settings = get_settings()
    store = store_from_url(settings.resolved_storage_url, s3_endpoint_url=settings.s3_endpoint_url)
    registry = ModelRegistry(store, settings.resolved_model_cache_dir)
    configured = window_from(settings)
    window = Window(
        max_predictions=window_predictions or configured.max_predictions,
        days=window_days or configured.days,
    )
    engine = make_engine(settings.resolved_system_database_url)
    try:
        summary = run_drift(
            engine=engine,
            registry=registry,
            store=store,
            version=version or current_version(registry),
            window=window,
            min_rows=settings.drift_min_rows,
            drift_share=settings.drift_share,
        )
    except DomainError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()
    verdict = "DRIFT" if summary["drifted"] else "sem drift"
    drifted = ", ".join(summary["drifted_features"]) or "nenhuma"
    prediction = "sim" if summary["prediction"]["drifted"] else "não"
    fields = []
    for row in summary.get("payload_fields", []):
        if row["drifted"]:
            # What the recruiters sent differently: the value that moved most.
            values = set(row["reference"]) | set(row["current"])
            moved = max(
                values, key=lambda v: abs(row["current"].get(v, 0) - row["reference"].get(v, 0))
            )
            fields.append(
                f"Campo {row['field']}: {moved} de {row['reference'].get(moved, 0):.0%} "
                f"para {row['current'].get(moved, 0):.0%} ({row['method']} {row['score']:.3g})"
            )
    typer.echo(
        f"Relatório {summary['report_id']} (modelo {summary['model_version']}, "
        f"{summary['window']['rows']} predições): {verdict}; "
        f"{summary['drift_share']:.0%} das features com drift ({drifted}); "
        f"drift da probabilidade prevista: {prediction}. HTML em {summary['files']['html']}"
    )
    for line in fields:
        typer.echo(line)
