"""Build the recommender from the system database: one document per record, its vector, the
lexicon (not evaluated, not published: pipeline.py does that).

Incremental: every document's text is hashed, and a text whose hash the current version
already holds (built with the same encoder) takes its stored vector; only new or changed
texts are encoded. The lexicon is refitted every time (seconds, even at full size).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Engine

from talentmatch.core.errors import InvalidInput
from talentmatch.features.records import SideSpec, iter_records
from talentmatch.recommending.encoder import Encoder, EncoderUnavailable, check_probe
from talentmatch.recommending.index import Method
from talentmatch.recommending.lexical import Lexicon
from talentmatch.recommending.model import Recommender, Side
from talentmatch.recommending.records import CANDIDATOS, VAGAS
from talentmatch.recommending.texts import candidate_text, text_hash, vaga_text
from talentmatch.registry import ModelNotFound, ModelRegistry

# The kind pipeline.KIND names, taken from the registry: pipeline imports this module, so
# importing pipeline here would make a cycle.
from talentmatch.registry.kinds import RECOMMENDER as KIND

logger = logging.getLogger(__name__)

# Used when the data has too few outcomes to choose by (outcomes.py). Measured on generated
# data (README, "Recommendations"): the English encoder adds nothing significant to the
# lexical score on Portuguese text, and embedding a query costs ~12 ms; so by default it is
# not used.
DEFAULT_HYBRID_WEIGHT: Final[float] = 0.0
DEFAULT_METHOD: Final[Method] = "reranked"
ENCODE_CHUNK: Final[int] = 512

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


__all__ = [
    "DEFAULT_HYBRID_WEIGHT",
    "DEFAULT_METHOD",
    "Documents",
    "NothingToIndex",
    "Progress",
    "build",
    "cached_vectors",
    "embed",
    "read_documents",
]
