"""`talentmatch train recommender`: embed, index, evaluate and publish the recommender."""

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from talentmatch.cli.exits import NOT_ENOUGH_DATA
from talentmatch.cli.ground_truth import load_truth
from talentmatch.core.config import get_settings
from talentmatch.core.errors import DomainError
from talentmatch.db.engines import make_engine
from talentmatch.matching.pipeline import load_current as load_match_model
from talentmatch.recommending.build import NothingToIndex
from talentmatch.recommending.encoder import Encoder
from talentmatch.recommending.pipeline import KIND, train_and_publish
from talentmatch.registry import ModelRegistry
from talentmatch.storage import store_from_url


def _evaluation_lines(evaluation: dict[str, Any], title: str) -> list[str]:
    if "methods" not in evaluation:
        return [f"{title}: {evaluation.get('skipped', 'não avaliado')}"]
    directions = list(evaluation["random"])
    first = evaluation["random"][directions[0]]
    metrics = [m for m in ("mrr", "recall_at_10", "ndcg_at_10") if m in first]
    lines = [f"{title} ({', '.join(directions)}; {', '.join(metrics)})"]
    for method, figures in {**evaluation["methods"], "acaso": evaluation["random"]}.items():
        row = [figures[direction][metric] for direction in directions for metric in metrics]
        lines.append(f"{method:<12} " + " ".join(f"{value:>8.3f}" for value in row))
    gain = evaluation["embedding_gain"]
    lines.append(
        f"híbrido medido com peso {evaluation['hybrid_weight_best']:.1f} nos embeddings "
        f"(ganho na validação {gain['ndcg_at_10']:+.4f} ± {gain['standard_error']:.4f}); "
        f"escolheria: peso {evaluation['hybrid_weight']:.1f}, método {evaluation['default_method']}"
    )
    return lines


def train_recommender(
    ground_truth: Annotated[
        Path | None,
        typer.Option(
            help="A generator's ground_truth.json: adds a report against its truth "
            "(the method is chosen by the data's outcomes, never by it)"
        ),
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
                truth=load_truth(ground_truth) if ground_truth is not None else None,
                match_model=load_match_model(registry),
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
    typer.echo(
        f"Em serviço: método {manifest['default_method']}, peso {manifest['hybrid_weight']:.1f} "
        f"(escolha: {manifest['evaluation'].get('selected_by', 'outcomes')})."
    )
    for key, title in (
        ("evaluation", "Avaliação por desfechos (vagas separadas, teste)"),
        ("ground_truth_evaluation", "Relatório contra a verdade do gerador (não escolhe)"),
    ):
        if manifest.get(key):
            for line in _evaluation_lines(manifest[key], title):
                typer.echo(line)
