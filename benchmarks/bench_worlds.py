"""The match model (and optionally the recommender) on two independently built worlds.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_worlds.py
        [--candidates 12000 --vagas 3000 --prospects 30000] [--seed 42]
        [--worlds ours,other] [--recommender] [--max-tokens 64]

"ours" is `talentmatch.generator`; "other" is tests/worlds/other_world.py, written apart from
it (other vocabulary and text conventions, fields never filled, its own hiring rule). Each
world's three files go through the real importer into SQLite, then the real pipelines train
and publish with no ground truth choosing anything; the world's oracle (its true probability
of each pair) only adds figures: ROC-AUC of the model and of the oracle on the held-out test
vagas, and where each held-out vaga's hires land among its prospects (MRR, recall@5/@10,
nDCG@10) for the model, a random order and the oracle.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.worlds lives beside src/

from talentmatch.db.engines import make_engine  # noqa: E402
from talentmatch.db.migrate import alembic_config  # noqa: E402
from talentmatch.decision.importer import Entity, import_file  # noqa: E402
from talentmatch.matching.pipeline import load_current  # noqa: E402
from talentmatch.matching.pipeline import train_and_publish as train_match  # noqa: E402
from talentmatch.registry import ModelRegistry  # noqa: E402
from talentmatch.storage import LocalObjectStore  # noqa: E402

ISSUE_SIZE = {"candidates": 12000, "vagas": 3000, "prospects": 30000}
Oracle = Callable[[int, int], float]


def write_ours(folder: Path, sizes: dict[str, int], seed: int) -> tuple[Oracle, Any]:
    from talentmatch.generator import generate_dataset, load_ground_truth

    generate_dataset(folder, seed=seed, **sizes)
    truth = load_ground_truth(folder)
    return (lambda c, v: truth.propensity(str(c), str(v))), truth


def write_other(folder: Path, sizes: dict[str, int], seed: int) -> tuple[Oracle, Any]:
    from tests.worlds.other_world import write_world

    world = write_world(folder, seed=seed, **sizes)
    return world.oracle, world


WORLDS = {"ours": write_ours, "other": write_other}


def _clock(label: str, started: float) -> None:
    print(f"  {label:<36} {time.perf_counter() - started:8.1f} s", flush=True)


def run_world(name: str, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    sizes = {key: getattr(args, key) for key in ISSUE_SIZE}
    print(f"world {name}: {sizes} seed={args.seed} in {folder}", flush=True)
    started = time.perf_counter()
    oracle, truth = WORLDS[name](folder, sizes, args.seed)
    _clock("write files", started)
    url = f"sqlite:///{folder / 'systemDB.db'}"
    command.upgrade(alembic_config("system", url), "head")
    engine = make_engine(url)
    started = time.perf_counter()
    for entity in Entity:
        import_file(
            entity, store=LocalObjectStore(folder), key=f"{entity.file_name}.json", engine=engine
        )
    _clock("import (real importer, SQLite)", started)
    registry = ModelRegistry(LocalObjectStore(folder / "store"), folder / "cache")
    started = time.perf_counter()
    manifest = train_match(engine, registry, seed=args.seed, oracle=oracle)
    _clock("train match + publish", started)
    metrics, ranking = manifest["metrics"], manifest["ranking"]
    shown = ("roc_auc", "oracle_roc_auc", "oracle_gap_roc_auc", "pr_auc", "brier", "train_seconds")
    result: dict[str, Any] = {
        "world": name,
        "model": manifest["model"],
        "rows": manifest["rows"],
        **{key: metrics.get(key) for key in shown},
        "ranking": ranking,
        "feature_guard": manifest.get("feature_guard"),
    }
    print("  match:", json.dumps({k: v for k, v in result.items() if k != "ranking"}))
    print("  held-out ranking:", json.dumps(ranking))
    if args.recommender:
        result["recommender"] = run_recommender(engine, registry, truth, args)
    engine.dispose()
    return result


def run_recommender(
    engine: Any, registry: ModelRegistry, truth: Any, args: argparse.Namespace
) -> dict[str, Any]:
    from talentmatch.recommending.encoder import PACKAGED_MODEL, Encoder
    from talentmatch.recommending.pipeline import train_and_publish

    encoder = Encoder(PACKAGED_MODEL, max_tokens=args.max_tokens, batch_size=64)
    started = time.perf_counter()
    manifest = train_and_publish(
        engine,
        registry,
        encoder,
        truth=truth if args.ground_truth_report else None,
        match_model=load_current(registry),
        eval_queries=100,
    )
    _clock("build + evaluate recommender", started)
    evaluation = manifest["evaluation"]
    print("  recommender by outcomes:", json.dumps(evaluation.get("methods", evaluation)))
    print("  random:", json.dumps(evaluation.get("random")))
    print(
        f"  chosen: {manifest['default_method']} weight {manifest['hybrid_weight']}"
        f" ({evaluation.get('selected_by')})"
    )
    out = {"evaluation": evaluation}
    if manifest.get("ground_truth_evaluation"):
        report = manifest["ground_truth_evaluation"]
        print("  ground truth report:", json.dumps(report["methods"]))
        out["ground_truth_evaluation"] = report
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for key, default in ISSUE_SIZE.items():
        parser.add_argument(f"--{key}", type=int, default=default)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--worlds", default="ours,other")
    parser.add_argument("--recommender", action="store_true")
    parser.add_argument("--ground-truth-report", action="store_true")
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-worlds-") as scratch:
        for name in args.worlds.split(","):
            folder = Path(scratch) / name
            folder.mkdir()
            results.append(run_world(name, folder, args))
    print()
    print(f"{'world':<6} {'ROC-AUC':>8} {'oracle':>8} {'MRR':>6} {'random':>7} {'oracle':>7}")
    for row in results:
        ranking = row["ranking"]
        mrr = ranking.get("model", {}).get("mrr", float("nan"))
        chance = ranking.get("random", {}).get("mrr", float("nan"))
        best = ranking.get("oracle", {}).get("mrr", float("nan"))
        print(
            f"{row['world']:<6} {row['roc_auc']:>8.3f} {row['oracle_roc_auc']:>8.3f} "
            f"{mrr:>6.3f} {chance:>7.3f} {best:>7.3f}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
