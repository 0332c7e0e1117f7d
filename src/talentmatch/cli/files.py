"""`talentmatch generate | import | export | demo`: Decision's files from the command line."""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TimeElapsedColumn
from sqlmodel import Session

from talentmatch.candidatos.service import count_candidatos
from talentmatch.cli.ground_truth import generator
from talentmatch.core.config import get_settings
from talentmatch.core.errors import DomainError
from talentmatch.db.engines import make_engine
from talentmatch.decision.exporter import export_file
from talentmatch.decision.importer import Entity, import_file
from talentmatch.decision.jobs import start_import
from talentmatch.jobs.models import JobStatus
from talentmatch.jobs.service import get_job
from talentmatch.storage import LocalObjectStore, store_from_url
from talentmatch.worker import build_worker

DEMO_PREFIX = "demo"


def _progress_bar() -> Progress:
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )


def _updater(bar: Progress, task: TaskID) -> Callable[[Any], None]:
    """A progress callback that moves `task` of `bar` to the result's done/total."""

    def update(result: Any) -> None:
        bar.update(task, completed=result.done, total=result.total)

    return update


def generate(
    out: Annotated[Path, typer.Option(help="Folder to write the three files into")],
    candidates: int = 42482,
    vagas: int = 14081,
    prospects: int = 53759,
    seed: int = 42,
) -> None:
    """Write realistic applicants/vagas/prospects.json (and ground_truth.json)."""
    summary = generator().generate_dataset(
        out, candidates=candidates, vagas=vagas, prospects=prospects, seed=seed
    )
    typer.echo(
        f"{summary.candidates} candidatos, {summary.vagas} vagas, "
        f"{summary.prospect_rows} prospects em {out}"
    )


def import_dir(
    folder: Annotated[Path, typer.Argument(help="Folder with the Decision files")],
    batch_size: int = 1000,
) -> None:
    """Import applicants.json, vagas.json and prospects.json found in FOLDER, in that order."""
    settings = get_settings()
    store = LocalObjectStore(folder)
    engine = make_engine(settings.resolved_system_database_url)
    try:
        with _progress_bar() as bar:
            for entity in Entity:
                key = f"{entity.file_name}.json"
                if not store.exists(key):
                    typer.echo(f"{key}: ausente, ignorado")
                    continue
                task = bar.add_task(key, total=None)
                result = import_file(
                    entity,
                    store=store,
                    key=key,
                    engine=engine,
                    batch_size=batch_size,
                    max_bytes=settings.import_max_bytes,
                    max_record_bytes=settings.import_max_record_bytes,
                    changed_by="cli-import",
                    progress=_updater(bar, task),
                )
                bar.console.print(
                    f"{key}: {result.inserted} inseridos, {result.updated} atualizados, "
                    f"{result.unchanged} iguais, {result.rejected} rejeitados"
                )
                for error in result.errors[:5]:
                    bar.console.print(f"  rejeitado {error['key']}: {error['error']}")
    except DomainError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()


def export_dir(folder: Annotated[Path, typer.Argument(help="Folder to write into")]) -> None:
    """Export the database as applicants.json, vagas.json and prospects.json into FOLDER."""
    settings = get_settings()
    store = LocalObjectStore(folder)
    engine = make_engine(settings.resolved_system_database_url)
    try:
        with _progress_bar() as bar:
            for entity in Entity:
                key = f"{entity.file_name}.json"
                task = bar.add_task(key, total=None)
                export_file(
                    entity,
                    engine=engine,
                    store=store,
                    key=key,
                    progress=_updater(bar, task),
                )
    finally:
        engine.dispose()


def demo(candidates: int = 2000, vagas: int = 600, prospects: int = 2500, seed: int = 42) -> None:
    """Load a generated demo data set through the import jobs, if the database is empty."""
    settings = get_settings()
    engine = make_engine(settings.resolved_system_database_url)
    try:
        with Session(engine) as session:
            if count_candidatos(session=session) > 0:
                typer.echo("Dados já presentes; demo não carregada de novo.")
                return
        store = store_from_url(
            settings.resolved_storage_url, s3_endpoint_url=settings.s3_endpoint_url
        )
        folder = settings.data_dir / "demo-files"
        generator().generate_dataset(
            folder, candidates=candidates, vagas=vagas, prospects=prospects, seed=seed
        )
        # One job at a time, in order: prospects are imported once their vagas and candidatos are.
        worker = build_worker(store=store, settings=settings, engine=engine, concurrency=1)
        job_ids = []
        with Session(engine) as session:
            for entity in Entity:
                key = f"{DEMO_PREFIX}/{entity.file_name}.json"
                store.write_bytes(key, (folder / f"{entity.file_name}.json").read_bytes())
                job_id = start_import(
                    session=session,
                    wake=worker.wake,
                    store=store,
                    settings=settings,
                    entity=entity,
                    file_key=key,
                    username="demo",
                )
                job_ids.append(job_id)
        worker.drain(job_ids)
        with Session(engine) as session:
            jobs = [get_job(session=session, job_id=job_id) for job_id in job_ids]
            failed = [job for job in jobs if job.status != JobStatus.succeeded]
        if failed:
            typer.echo(f"Falha ao carregar a demo: {failed[0].message}", err=True)
            raise typer.Exit(1)
        typer.echo(
            f"Demo carregada: {candidates} candidatos, {vagas} vagas (jobs em /api/v1/jobs)."
        )
    finally:
        engine.dispose()
