"""Compare exact search with approximate nearest-neighbour libraries on the recommender's vectors.

    PYTHONPATH=/tmp/ann:/tmp/annoy .venv/bin/python benchmarks/bench_ann.py \\
        --data-dir /tmp/rec-full/data [--queries 300] [--scales 1,10]

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


def exact(vectors: Vectors) -> tuple[Searcher, float, dict[str, Any]]:
    return (lambda q: top_k(vectors @ q, K)), 0.0, {}


def annoy_index(vectors: Vectors, trees: int, search_k: int) -> tuple[Searcher, float, dict]:
    from annoy import AnnoyIndex

    index = AnnoyIndex(vectors.shape[1], "angular")
    started = time.perf_counter()
    for i, vector in enumerate(vectors):
        index.add_item(i, vector)
    index.build(trees, n_jobs=-1)
    built = time.perf_counter() - started

    def search(q: Vectors) -> NDArray[np.int64]:
        return np.asarray(index.get_nns_by_vector(q, K, search_k=search_k), dtype=np.int64)

    return search, built, {"trees": trees, "search_k": search_k}


def faiss_hnsw(vectors: Vectors, m: int, ef_search: int) -> tuple[Searcher, float, dict]:
    import faiss

    index = faiss.IndexHNSWFlat(vectors.shape[1], m, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 128
    faiss.omp_set_num_threads(2)
    started = time.perf_counter()
    index.add(vectors)
    built = time.perf_counter() - started
    faiss.omp_set_num_threads(1)
    index.hnsw.efSearch = ef_search

    def search(q: Vectors) -> NDArray[np.int64]:
        return index.search(q.reshape(1, -1), K)[1][0].astype(np.int64)

    return search, built, {"M": m, "efConstruction": 128, "efSearch": ef_search}


def usearch_hnsw(
    vectors: Vectors, connectivity: int, expansion: int
) -> tuple[Searcher, float, dict]:
    from usearch.index import Index

    index = Index(
        ndim=vectors.shape[1],
        metric="ip",
        dtype="f32",
        connectivity=connectivity,
        expansion_add=128,
        expansion_search=expansion,
    )
    started = time.perf_counter()
    index.add(np.arange(len(vectors)), vectors, threads=2)
    built = time.perf_counter() - started

    def search(q: Vectors) -> NDArray[np.int64]:
        return np.asarray(index.search(q, K, threads=1).keys, dtype=np.int64)

    return search, built, {"connectivity": connectivity, "expansion_search": expansion}


def configurations() -> list[tuple[str, Callable[[Vectors], tuple[Searcher, float, dict]]]]:
    found: list[tuple[str, Callable[[Vectors], tuple[Searcher, float, dict]]]] = [
        ("exact (numpy)", exact)
    ]
    try:
        import annoy  # noqa: F401

        for trees, search_k in ((10, -1), (50, -1), (50, 20000)):
            found.append(
                (
                    f"annoy {trees} trees, search_k {search_k}",
                    lambda v, t=trees, s=search_k: annoy_index(v, t, s),
                )
            )
    except ImportError:
        print("annoy not importable: skipped")
    try:
        import faiss  # noqa: F401

        for ef in (64, 128):
            found.append((f"faiss HNSW M32 ef{ef}", lambda v, e=ef: faiss_hnsw(v, 32, e)))
    except ImportError:
        print("faiss not importable: skipped")
    try:
        import usearch.index  # noqa: F401

        for expansion in (64, 128):
            found.append(
                (f"usearch HNSW M16 ef{expansion}", lambda v, e=expansion: usearch_hnsw(v, 16, e))
            )
    except ImportError:
        print("usearch not importable: skipped")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--scales", default="1,10")
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
            for label, make in configurations():
                search, built, _ = make(vectors)
                figures = measure(search, queries, truth)
                print(
                    f"| {target} | {len(vectors):,} | {label} | {built:.1f} | "
                    f"{figures['median_ms']:.2f} | {figures['p99_ms']:.2f} | "
                    f"{figures['recall']:.3f} |",
                    flush=True,
                )
                del search


if __name__ == "__main__":
    main()
