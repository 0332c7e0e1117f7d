"""`talentmatch train recommender`: embed, index, evaluate and publish the recommender."""

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from talentmatch.cli.exits import NOT_ENOUGH_DATA
from talentmatch.core.config import get_settings
from talentmatch.core.errors import DomainError
from talentmatch.db.engines import make_engine
from talentmatch.matching.pipeline import load_current as load_match_model
from talentmatch.recommending.encoder import Encoder
from talentmatch.recommending.pipeline import KIND, NothingToIndex, train_and_publish
from talentmatch.registry import ModelRegistry
from talentmatch.storage import store_from_url


def _evaluation_lines(evaluation: dict[str, Any]) -> list[str]:
    lines = [f"{'método':<12} {'vaga→candidatos':>24} {'candidato→vagas':>24}"]
    lines.append(f"{'':<12} {'recall@10':>11} {'nDCG@10':>12} {'recall@10':>11} {'nDCG@10':>12}")
    for method, figures in evaluation["methods"].items():
        row = [
            figures[direction][metric]
            for direction in ("vaga_to_candidatos", "candidato_to_vagas")
            for metric in ("recall_at_10", "ndcg_at_10")
        ]
        lines.append(f"{method:<12} " + " ".join(f"{value:>11.3f}" for value in row))
    gain = evaluation["embedding_gain"]
    lines.append(
        f"híbrido medido com peso {evaluation['hybrid_weight_best']:.1f} nos embeddings "
        f"(ganho na validação {gain['ndcg_at_10']:+.4f} ± {gain['standard_error']:.4f}); "
        f"em serviço: peso {evaluation['hybrid_weight']:.1f}, método {evaluation['default_method']}"
    )
    return lines


def train_recommender(
    ground_truth: Annotated[
        Path | None,
        typer.Option(help="The generator's ground_truth.json: evaluates and picks the default"),
    ] = None,
    if_missing: Annotated[
        bool, typer.Option("--if-missing", help="Do nothing when a recommender is published")
    ] = False,
    eval_queries: Annotated[
        int, typer.Option(min=10, help="Queries per direction in the evaluation")
    ] = 200,
) -> None:
    """Embed every vaga and candidate (only changed texts), index both, publish as current."""
    settings = get_settings()
    store = store_from_url(settings.resolved_storage_url, s3_endpoint_url=settings.s3_endpoint_url)
    registry = ModelRegistry(store, settings.resolved_model_cache_dir)
    if if_missing and registry.current_version(KIND) is not None:
        typer.echo(f"Recomendador já publicado ({registry.current_version(KIND)}).")
        return
    if ground_truth is not None and not ground_truth.exists():
        typer.echo(f"{ground_truth} não existe; publicado sem avaliação.", err=True)
        ground_truth = None
    encoder = Encoder(
        settings.embedding_model,
        max_tokens=settings.embedding_max_tokens,
        batch_size=settings.embedding_batch_size,
    )
    engine = make_engine(settings.resolved_system_database_url)
    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    tasks: dict[str, Any] = {}

    def progress(side: str, done: int, total: int) -> None:
        if side not in tasks:
            tasks[side] = bar.add_task(f"embeddings {side}", total=total)
        bar.update(tasks[side], completed=done, total=total)

    try:
        with bar:
            manifest = train_and_publish(
                engine,
                registry,
                encoder,
                ground_truth_path=ground_truth,
                match_model=load_match_model(registry) if ground_truth else None,
                pools=(settings.recommender_pool_candidatos, settings.recommender_pool_vagas),
                eval_queries=eval_queries,
                progress=progress,
            )
    except NothingToIndex as exc:
        # A refusal, not a crash: one line, nothing published (CURRENT unchanged).
        typer.echo(exc.message, err=True)
        raise typer.Exit(NOT_ENOUGH_DATA) from exc
    except DomainError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()
    build = manifest["build"]
    typer.echo(
        f"Recomendador {manifest['version']} publicado: "
        f"{manifest['sizes']['vagas']} vagas, {manifest['sizes']['candidatos']} candidatos; "
        f"textos codificados {build['vagas']['encoded']} + {build['candidatos']['encoded']}, "
        f"reaproveitados {build['vagas']['reused']} + {build['candidatos']['reused']} "
        f"({build['total_seconds']:.1f} s)."
    )
    if manifest.get("evaluation"):
        for line in _evaluation_lines(manifest["evaluation"]):
            typer.echo(line)
