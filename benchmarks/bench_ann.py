"""Compare exact search with approximate nearest-neighbour libraries on the recommender's vectors.

    PYTHONPATH=/tmp/ann:/tmp/annoy .venv/bin/python benchmarks/bench_ann.py \\
        --data-dir /tmp/rec-full/data [--queries 300] [--scales 1,10] \\
        [--libraries exact,annoy,faiss,usearch]

Reads the vectors of the current recommender in DATA_DIR's object store (`talentmatch train
recommender` built them from the database). At scale 1 the indexes hold the real vectors
(every vaga; every candidate). At scale 10 each real vector is joined by 9 synthetic ones:
the real vector plus Gaussian noise of norm 0.4, re-normalised (cosine ~0.93 with its
source, about the cosine of a real candidate with its nearest neighbour). Queries cross
sides as the API does: candidate vectors search the vagas, vaga vectors the candidates.

Libraries that are not importable are skipped (annoy, faiss, usearch are not project
dependencies; install them in a throw-away place, e.g. `pip install --target /tmp/annoy
annoy==1.17.3`). Query latency is one query at a time, one thread for the ANN libraries;
numpy's exact search uses its BLAS threads (2 here). Recall@10 is measured against exact.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from talentmatch.recommending.index import top_k
from talentmatch.recommending.pipeline import load_recommender
from talentmatch.registry import ModelRegistry
from talentmatch.storage import LocalObjectStore

K = 10
Vectors = NDArray[np.float32]
Searcher = Callable[[Vectors], NDArray[np.int64]]


def expand(vectors: Vectors, scale: int, seed: int = 0) -> Vectors:
    """`vectors` plus (scale - 1) noisy copies of each, normalised."""
    if scale == 1:
        return vectors
    rng = np.random.default_rng(seed)
    parts = [vectors]
    noise_scale = 0.4 / np.sqrt(vectors.shape[1])
    for _ in range(scale - 1):
        noisy = vectors + rng.normal(scale=noise_scale, size=vectors.shape).astype(np.float32)
        parts.append(noisy / np.linalg.norm(noisy, axis=1, keepdims=True))
    return np.ascontiguousarray(np.vstack(parts), dtype=np.float32)


def measure(search: Searcher, queries: Vectors, truth: list[set[int]]) -> dict[str, float]:
    """Median and p99 latency of single queries, and recall@10 against `truth`."""
    times, recalls = [], []
    for query, expected in zip(queries, truth, strict=True):
        started = time.perf_counter()
        found = search(query)
        times.append((time.perf_counter() - started) * 1000)
        recalls.append(len(expected & set(found[:K].tolist())) / K)
    times.sort()
    return {
        "median_ms": statistics.median(times),
        "p99_ms": times[min(len(times) - 1, int(len(times) * 0.99))],
        "recall": float(np.mean(recalls)),
    }


Variant = tuple[str, Callable[[Any], Searcher]]
Library = tuple[str, Callable[[Vectors], Any], list[Variant]]


def _exact_build(vectors: Vectors) -> Vectors:
    return vectors


def _exact_search(vectors: Vectors) -> Searcher:
    return lambda q: top_k(vectors @ q, K)


def _annoy_build(vectors: Vectors, trees: int = 50) -> Any:
    from annoy import AnnoyIndex

    index = AnnoyIndex(vectors.shape[1], "angular")
    for i, vector in enumerate(vectors):
        index.add_item(i, vector)
    index.build(trees, n_jobs=-1)
    return index


def _annoy_search(search_k: int) -> Callable[[Any], Searcher]:
    def make(index: Any) -> Searcher:
        return lambda q: np.asarray(index.get_nns_by_vector(q, K, search_k=search_k))

    return make


def _faiss_build(vectors: Vectors, m: int = 32) -> Any:
    import faiss

    index = faiss.IndexHNSWFlat(vectors.shape[1], m, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 128
    faiss.omp_set_num_threads(2)
    index.add(vectors)
    faiss.omp_set_num_threads(1)
    return index


def _faiss_search(ef: int) -> Callable[[Any], Searcher]:
    def make(index: Any) -> Searcher:
        index.hnsw.efSearch = ef
        return lambda q: index.search(q.reshape(1, -1), K)[1][0].astype(np.int64)

    return make


def _usearch_build(vectors: Vectors) -> Any:
    from usearch.index import Index

    index = Index(ndim=vectors.shape[1], metric="ip", dtype="f32", connectivity=16,
                  expansion_add=128)  # fmt: skip
    index.add(np.arange(len(vectors)), vectors, threads=2)
    return index


def _usearch_search(expansion: int) -> Callable[[Any], Searcher]:
    def make(index: Any) -> Searcher:
        index.expansion_search = expansion
        return lambda q: np.asarray(index.search(q, K, threads=1).keys, dtype=np.int64)

    return make


def libraries(wanted: set[str]) -> list[Library]:
    """Exact search and every importable ANN library, each built once, searched variously."""
    found: list[Library] = []
    if "exact" in wanted:
        found.append(("exact (numpy)", _exact_build, [("", _exact_search)]))
    optional: list[tuple[str, str, Library]] = [
        (
            "annoy",
            "annoy",
            (
                "annoy 1.17.3, 50 trees (angular)",
                _annoy_build,
                [(f"search_k {k}", _annoy_search(k)) for k in (-1, 5000, 20000, 50000)],
            ),
        ),
        (
            "faiss",
            "faiss",
            (
                "faiss-cpu 1.15.1 HNSW M=32 efC=128 (IP)",
                _faiss_build,
                [(f"efSearch {ef}", _faiss_search(ef)) for ef in (32, 64, 128, 256, 512)],
            ),
        ),
        (
            "usearch",
            "usearch.index",
            (
                "usearch 2.26.6 HNSW M=16 efC=128 (IP)",
                _usearch_build,
                [(f"ef {ef}", _usearch_search(ef)) for ef in (32, 64, 128, 256, 512)],
            ),
        ),
    ]
    for name, module, library in optional:
        if name not in wanted:
            continue
        try:
            __import__(module)
        except ImportError:
            print(f"{name} not importable: skipped")
            continue
        found.append(library)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--libraries", default="exact,annoy,faiss,usearch")
    args = parser.parse_args()
    registry = ModelRegistry(
        LocalObjectStore(args.data_dir / "storage"), args.data_dir / "model-cache"
    )
    recommender = load_recommender(registry)
    print(f"recommender {recommender.version}")
    rng = np.random.default_rng(1)
    print("| index over | size | configuration | build s | median ms | p99 ms | recall@10 |")
    print("|---|---|---|---|---|---|---|")
    for scale in (int(s) for s in args.scales.split(",")):
        for target, source in (("vagas", "candidatos"), ("candidatos", "vagas")):
            vectors = expand(recommender.side(target).vectors, scale)
            pool = recommender.side(source).vectors
            queries = pool[rng.choice(len(pool), min(args.queries, len(pool)), replace=False)]
            truth = [set(top_k(vectors @ q, K).tolist()) for q in queries]
            for label, build_index, variants in libraries(set(args.libraries.split(","))):
                started = time.perf_counter()
                index = build_index(vectors)
                built = time.perf_counter() - started
                for variant, make in variants:
                    figures = measure(make(index), queries, truth)
                    print(
                        f"| {target} | {len(vectors):,} | {label} {variant} | {built:.1f} | "
                        f"{figures['median_ms']:.2f} | {figures['p99_ms']:.2f} | "
                        f"{figures['recall']:.3f} |",
                        flush=True,
                    )
                del index


if __name__ == "__main__":
    main()
