"""Benchmark the recommender: embedding throughput, build time, latency through HTTP.

    .venv/bin/python benchmarks/bench_recommend.py --data-dir DIR [--sample 512] [--requests 300]

DIR is a data folder whose system database holds the data (e.g. `talentmatch generate` +
`talentmatch import` at full size: 50,000 candidatos, 15,000 vagas). Missing pieces are made
with the command line first: migrations, a match model, the recommender (`talentmatch train
recommender`: at full size this embeds ~65k texts, the long part), a user. Then:

1. embedding throughput on a random sample of real documents (vagas and candidates, as the
   pipeline builds them), with the production settings, and one short query's encode time;
2. the full build: the first version's figures from its manifest (every text encoded), and
   a rebuild with nothing changed (every vector reused by text hash), in this process;
3. a production server (`talentmatch serve`, one process, SQLite) on a free loopback port,
   one client, sequential requests: recommendationModel/predict with the seed's example and
   with varied profiles, GET /vagas/{codigo}/recomendacoes (candidates ranked over every
   indexed candidate) and GET /candidatos/{codigo}/recomendacoes, median and p99.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from itertools import islice
from pathlib import Path

import httpx
from bench_api import PASSWORD, _cli, running_server, timed

from talentmatch.core.config import Settings
from talentmatch.db.engines import make_engine
from talentmatch.features.records import iter_records
from talentmatch.recommending.build import build, read_documents
from talentmatch.recommending.encoder import Encoder
from talentmatch.recommending.pipeline import KIND, load_recommender
from talentmatch.recommending.records import CANDIDATOS, VAGAS
from talentmatch.recommending.schemas import SEED_RECOMMENDATION_EXAMPLE
from talentmatch.recommending.texts import candidate_text, profile_record
from talentmatch.registry import ModelRegistry
from talentmatch.storage import LocalObjectStore

BIN = Path(sys.executable).parent


def prepare(data_dir: Path) -> None:
    """Migrations, a match model, the recommender and a user, unless already there."""
    _cli(data_dir, "db", "upgrade")
    truth = data_dir / "ground_truth.json"
    gt = ["--ground-truth", str(truth)] if truth.exists() else []
    _cli(data_dir, "train", "match", "--if-missing", *gt)
    _cli(data_dir, "train", "recommender", "--if-missing", *gt)
    if not (data_dir / "bench-user").exists():
        _cli(
            data_dir,
            "create-user",
            "--username",
            "bench",
            "--password",
            PASSWORD,
            "--perfil",
            "admin",
        )
        (data_dir / "bench-user").touch()


def throughput(settings: Settings, url: str, sample: int) -> None:
    """Texts per second on a sample of real documents; one short query's encode time."""
    engine = make_engine(url)
    try:
        documents = [read_documents(engine, spec) for spec in (VAGAS, CANDIDATOS)]
    finally:
        engine.dispose()
    rng = random.Random(3)
    texts = [t for d in documents for t in rng.sample(d.texts, min(sample // 2, len(d.texts)))]
    encoder = Encoder(
        settings.embedding_model,
        max_tokens=settings.embedding_max_tokens,
        batch_size=settings.embedding_batch_size,
    )
    encoder.encode(texts[:32])  # warm-up
    started = time.perf_counter()
    encoder.encode(texts)
    seconds = time.perf_counter() - started
    chars = statistics.mean(len(t) for t in texts)
    total = sum(len(d.texts) for d in documents)
    print(
        f"embedding throughput: {len(texts)} texts (mean {chars:.0f} chars, first "
        f"{encoder.max_tokens} tokens read) in {seconds:.1f} s = {len(texts) / seconds:.1f} "
        f"texts/s; all {total:,} texts would take {total / (len(texts) / seconds) / 60:.1f} min"
    )
    query = candidate_text(profile_record(SEED_RECOMMENDATION_EXAMPLE))
    times = []
    for _ in range(100):
        started = time.perf_counter()
        encoder.encode_one(query)
        times.append((time.perf_counter() - started) * 1000)
    print(f"encode the seed profile ({len(query)} chars): median {statistics.median(times):.1f} ms")


def builds(settings: Settings, url: str, registry: ModelRegistry) -> None:
    """The first full build (manifest) and a rebuild with every vector reused."""
    first = registry.list_versions(KIND)[0]["build"]
    encoded = first["vagas"]["encoded"] + first["candidatos"]["encoded"]
    encode_seconds = first["vagas"]["encode_seconds"] + first["candidatos"]["encode_seconds"]
    print(
        f"first build (manifest): {encoded:,} texts encoded in {encode_seconds:.0f} s "
        f"({encoded / max(encode_seconds, 1e-9):.1f} texts/s), total {first['total_seconds']:.0f} s"
    )
    encoder = Encoder(
        settings.embedding_model,
        max_tokens=settings.embedding_max_tokens,
        batch_size=settings.embedding_batch_size,
    )
    engine = make_engine(url)
    try:
        started = time.perf_counter()
        recommender, _, stats = build(engine, registry, encoder)
        seconds = time.perf_counter() - started
    finally:
        engine.dispose()
    print(
        f"rebuild, nothing changed: {seconds:.1f} s (encoded {stats['vagas']['encoded']} + "
        f"{stats['candidatos']['encoded']}; lexicon {stats['lexicon_seconds']:.1f} s); index: "
        f"exact, built = the vector matrix ({len(recommender.vagas):,} x "
        f"{recommender.vagas.vectors.shape[1]} and {len(recommender.candidatos):,} x "
        f"{recommender.candidatos.vectors.shape[1]} float32)"
    )
    started = time.perf_counter()
    load_recommender(registry)
    seconds = time.perf_counter() - started
    print(f"load the current version (verified, from the cache): {seconds:.2f} s")


def varied_profiles(url: str, count: int = 200) -> list[dict[str, str]]:
    """Profiles made of stored candidates' fields (titles, skills, city, résumé)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            records = [record for _, record in islice(iter_records(connection, CANDIDATOS), 5000)]
    finally:
        engine.dispose()
    random.Random(5).shuffle(records)
    profiles = []
    for record in records[:count]:
        profissionais = record.get("informacoes_profissionais") or {}
        profiles.append(
            {
                "titulo_profissional": profissionais.get("titulo_profissional") or "",
                "conhecimentos_tecnicos": profissionais.get("conhecimentos_tecnicos") or "",
                "cidade": (record.get("infos_basicas") or {}).get("local") or "",
                "cv_candidato": (record.get("cv_pt") or "")[:2000],
            }
        )
    return profiles


def _codes(client: httpx.Client, resource: str, key: str) -> list[int]:
    rows = client.get(f"/api/v1/{resource}/list", params={"limit": 1000, "offset": 500}).json()
    codes = [row[key] for row in rows["data"]]
    random.Random(11).shuffle(codes)
    return codes


def http(data_dir: Path, url: str, requests: int) -> None:
    """Latency of the recommendation routes through a production server."""
    profiles = varied_profiles(url)
    with running_server(data_dir) as base, httpx.Client(base_url=base, timeout=120) as client:
        token = client.post(
            "/api/v1/usuarios/login", data={"username": "bench", "password": PASSWORD}
        ).json()["access_token"]
        client.headers["Authorization"] = f"Bearer {token}"
        vagas = _codes(client, "vagas", "codigo_vaga")
        candidatos = _codes(client, "candidatos", "codigo_profissional")
        predict = "/api/v1/inferencias/recommendationModel/predict"
        for _ in range(20):
            client.post(predict, json=SEED_RECOMMENDATION_EXAMPLE)
        method = client.get("/api/v1/inferencias/recommendationModel").json()["method"]
        print(f"method in service: {method}")

        def seed(_: int) -> httpx.Response:
            return client.post(predict, json=SEED_RECOMMENDATION_EXAMPLE)

        def varied(i: int) -> httpx.Response:
            return client.post(predict, json=profiles[i % len(profiles)])

        def ranking(i: int) -> httpx.Response:
            return client.get(f"/api/v1/vagas/{vagas[i % len(vagas)]}/recomendacoes")

        def for_candidate(i: int) -> httpx.Response:
            code = candidatos[i % len(candidatos)]
            return client.get(f"/api/v1/candidatos/{code}/recomendacoes")

        timed("POST recommendationModel/predict (seed)", requests, seed)
        timed("POST recommendationModel/predict (varied)", requests, varied)
        timed("GET vagas/{codigo}/recomendacoes (k=10)", requests // 2, ranking)
        timed("GET candidatos/{codigo}/recomendacoes (k=5)", requests // 2, for_candidate)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=512)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--skip", default="", help="comma-separated: throughput,build,http")
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    prepare(args.data_dir)
    settings = Settings(_env_file=None, data_dir=args.data_dir)  # type: ignore[call-arg]
    url = settings.resolved_system_database_url
    registry = ModelRegistry(
        LocalObjectStore(args.data_dir / "storage"), settings.resolved_model_cache_dir
    )
    if "throughput" not in skip:
        throughput(settings, url, args.sample)
    if "build" not in skip:
        builds(settings, url, registry)
    if "http" not in skip:
        http(args.data_dir, url, args.requests)


if __name__ == "__main__":
    main()
