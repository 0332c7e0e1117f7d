"""Measure the match model end to end on generated data (full Decision size by default).

    .venv/bin/python benchmarks/bench_match.py [--data-dir /tmp/tm_full]
        [--candidates N --vagas N --prospects N] [--seed 42]

Generates the three Decision files (or reuses --data-dir when it already holds them and a
systemDB.db), imports them with the real importer into SQLite, builds the training set, trains
(with the generator's true probabilities as the oracle), publishes to a throw-away registry,
loads it back as the API would, and times single and batch predictions.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from alembic import command
from sklearn.metrics import roc_auc_score

from talentmatch.db.engines import make_engine
from talentmatch.db.migrate import alembic_config
from talentmatch.decision.importer import Entity, import_file
from talentmatch.generator import generate_dataset, load_ground_truth
from talentmatch.generator.propensity import linear_score
from talentmatch.matching.dataset import build_training_set
from talentmatch.matching.pipeline import KIND, build_manifest, held_out_ranking, load_current
from talentmatch.matching.train import train_match_model
from talentmatch.registry import ModelRegistry
from talentmatch.storage import LocalObjectStore

FULL = {"candidates": 42482, "vagas": 14081, "prospects": 53759}


def _clock(label: str, started: float) -> float:
    elapsed = time.perf_counter() - started
    print(f"{label:<38} {elapsed:8.2f} s", flush=True)
    return elapsed


def prepare(folder: Path, sizes: dict[str, int], seed: int) -> str:
    """The system database URL, generating and importing the files unless already there."""
    database = folder / "systemDB.db"
    url = f"sqlite:///{database}"
    if database.is_file() and (folder / "ground_truth.json").is_file():
        print(f"reusing {folder}")
        return url
    started = time.perf_counter()
    generate_dataset(folder, seed=seed, **sizes)
    _clock("generate files", started)
    command.upgrade(alembic_config("system", url), "head")
    engine, store = make_engine(url), LocalObjectStore(folder)
    started = time.perf_counter()
    for entity in (Entity.candidatos, Entity.vagas, Entity.prospects):
        import_file(entity, store=store, key=f"{entity.file_name}.json", engine=engine)
    _clock("import into SQLite", started)
    engine.dispose()
    return url


def _percentiles(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered) * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms"


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--seed", type=int, default=42)
    for name, default in FULL.items():
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--single", type=int, default=1000, help="single predictions timed")
    args = parser.parse_args(argv)
    sizes = {name: getattr(args, name) for name in FULL}
    folder = args.data_dir or Path(tempfile.gettempdir()) / (
        "talentmatch-bench-{candidates}-{vagas}-{prospects}".format(**sizes)
    )
    folder.mkdir(parents=True, exist_ok=True)
    print(f"data: {folder} {sizes} seed={args.seed}")
    engine = make_engine(prepare(folder, sizes, args.seed))
    truth = load_ground_truth(folder)

    started = time.perf_counter()
    training_set = build_training_set(engine)
    _clock(f"build training set ({len(training_set)} rows)", started)
    print("data stats", json.dumps(training_set.stats))

    started = time.perf_counter()
    trained = train_match_model(
        training_set,
        seed=args.seed,
        oracle=lambda c, v: truth.propensity(str(c), str(v)),
    )
    _clock("train (featurize, CV x2, calibrate)", started)
    # What a model could reach knowing every printed attribute exactly: the true score
    # without the two terms the generator never prints (disposition, difficulty).
    observable = [
        linear_score(truth.candidates[str(c)], truth.vagas[str(v)])
        - truth.candidates[str(c)].disposition
        + truth.vagas[str(v)].difficulty
        for v, c in trained.test_keys
    ]
    metrics = dict(trained.metrics)
    metrics["observable_oracle_roc_auc"] = round(
        float(roc_auc_score(trained.test_labels, observable)), 4
    )
    print("chosen:", trained.chosen)
    print("split:", json.dumps(trained.split))
    print("test metrics:", json.dumps(metrics, indent=1))
    ranking = held_out_ranking(trained, lambda c, v: truth.propensity(str(c), str(v)))
    print("held-out ranking (hires among each test vaga's prospects):", json.dumps(ranking))
    print("candidates:")
    for row in trained.comparison:
        print("  ", json.dumps(row))

    with tempfile.TemporaryDirectory() as scratch:
        registry = ModelRegistry(LocalObjectStore(Path(scratch) / "store"), Path(scratch) / "cache")
        artifact = trained.model.to_bytes()
        manifest = build_manifest(
            trained, fingerprint=training_set.fingerprint, stats=training_set.stats
        )
        started = time.perf_counter()
        version = registry.publish(KIND, artifact, manifest)
        _clock(f"publish ({len(artifact) / 1024:.0f} KiB artifact)", started)
        started = time.perf_counter()
        model = load_current(registry)
        _clock("load current (download, sha256, skops)", started)
    assert model is not None and model.version == version

    rng = random.Random(args.seed)
    payloads = [training_set.payloads[i] for i in rng.sample(range(len(training_set)), 1000)]
    model.predict_one(payloads[0])  # warm-up
    singles = []
    for index in range(args.single):
        tic = time.perf_counter()
        model.predict_one(payloads[index % len(payloads)])
        singles.append(time.perf_counter() - tic)
    print(f"single predict ({args.single} calls): {_percentiles(singles)}")
    explains = []
    for payload in payloads[:200]:
        tic = time.perf_counter()
        model.explain(payload, top=5)
        explains.append(time.perf_counter() - tic)
    print(f"explain top-5 (200 calls): {_percentiles(explains)}")
    tic = time.perf_counter()
    model.predict_proba(payloads)
    batch = time.perf_counter() - tic
    per_payload = batch * 1000 / len(payloads)
    print(f"batch of {len(payloads)} payloads: {batch * 1000:.0f} ms ({per_payload:.3f} ms each)")
    print(f"python {sys.version.split()[0]}; libraries {json.dumps(manifest['libraries'])}")


if __name__ == "__main__":
    main()
