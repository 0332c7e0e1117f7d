"""`talentmatch train ...`: train a model from the system database and publish it."""

from pathlib import Path
from typing import Annotated

import typer

from talentmatch.cli.exits import NOT_ENOUGH_DATA
from talentmatch.cli.ground_truth import load_truth, oracle_from
from talentmatch.cli.recommender import train_recommender
from talentmatch.core.config import get_settings
from talentmatch.core.errors import DomainError
from talentmatch.db.engines import make_engine
from talentmatch.matching.pipeline import KIND as MATCH
from talentmatch.matching.pipeline import train_and_publish
from talentmatch.matching.refusal import clear_refusal, record_refusal
from talentmatch.matching.splits import NotEnoughData
from talentmatch.registry import ModelRegistry
from talentmatch.storage import store_from_url

train_app = typer.Typer(help="Train models from the system database and publish them.")
train_app.command("recommender")(train_recommender)

SHOWN_METRICS = ("roc_auc", "oracle_roc_auc", "pr_auc", "brier", "f1", "precision", "recall")


def _registry() -> ModelRegistry:
    settings = get_settings()
    store = store_from_url(settings.resolved_storage_url, s3_endpoint_url=settings.s3_endpoint_url)
    return ModelRegistry(store, settings.resolved_model_cache_dir)


@train_app.command("match")
def train_match(
    ground_truth: Annotated[
        Path | None,
        typer.Option(
            help="A generator's ground_truth.json: adds the oracle's figures to the report "
            "(never used to choose)"
        ),
    ] = None,
    seed: int = 42,
    if_missing: Annotated[
        bool, typer.Option("--if-missing", help="Do nothing when a model is already published")
    ] = False,
) -> None:
    """Train the match model on the finished prospects and make it the current version."""
    registry = _registry()
    if if_missing and registry.current_version(MATCH) is not None:
        typer.echo(f"Modelo de match já publicado ({registry.current_version(MATCH)}).")
        return
    if ground_truth is not None and not ground_truth.exists():
        typer.echo(f"{ground_truth} não existe; treino sem a métrica do oráculo.", err=True)
        ground_truth = None
    engine = make_engine(get_settings().resolved_system_database_url)
    try:
        oracle = oracle_from(load_truth(ground_truth)) if ground_truth is not None else None
        manifest = train_and_publish(engine, registry, seed=seed, oracle=oracle)
    except NotEnoughData as exc:
        # A refusal, not a crash: one line, nothing published (CURRENT unchanged); the API's
        # "no model" answers repeat it.
        record_refusal(registry, exc.message)
        typer.echo(exc.message, err=True)
        raise typer.Exit(NOT_ENOUGH_DATA) from exc
    except DomainError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()
    clear_refusal(registry)
    metrics = manifest["metrics"]
    shown = ", ".join(f"{name} {metrics[name]:.3f}" for name in SHOWN_METRICS if name in metrics)
    typer.echo(f"Modelo {manifest['version']} ({manifest['model']}) publicado: {shown}")
    ranking = manifest.get("ranking") or {}
    if "model" in ranking:
        model, chance = ranking["model"], ranking["random"]
        typer.echo(
            f"Contratados entre os prospects de {ranking['vagas']} vagas separadas: "
            + ", ".join(
                f"{name} {model[key]:.3f} (acaso {chance[key]:.3f})"
                for key, name in (
                    ("mrr", "MRR"),
                    ("recall_at_5", "recall@5"),
                    ("recall_at_10", "recall@10"),
                    ("ndcg_at_10", "nDCG@10"),
                )
            )
        )
    elif ranking:
        typer.echo(f"Ranking por desfechos não avaliado: {ranking['skipped']}")
