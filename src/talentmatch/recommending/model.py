"""A built recommender: per side, codes, text hashes, vectors, the lexical matrix, the index.

Written as plain numpy files (`.npy` and `.npz`, read with `allow_pickle=False`) and JSON,
so loading an artifact never runs code; the registry checks every file's sha256 first.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Final

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from talentmatch.recommending.index import ExactIndex, Method, Scores, hybrid
from talentmatch.recommending.lexical import (
    Lexicon,
    lexical_scores,
    matrix_from_path,
    matrix_to_bytes,
)

SIDES: Final[tuple[str, str]] = ("vagas", "candidatos")
LEXICON_FILE: Final[str] = "lexicon.json"
ARTIFACT_FORMAT: Final[int] = 1


def _npy(array: NDArray[Any]) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


@dataclass(frozen=True)
class Side:
    """The indexed documents of one side."""

    name: str
    codes: NDArray[np.int64]
    hashes: NDArray[np.bytes_]  # sha256 hex of each document's text, ASCII
    vectors: NDArray[np.float32]
    lexical: sp.csc_matrix
    index: ExactIndex = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", ExactIndex(self.vectors))

    def __len__(self) -> int:
        return len(self.codes)

    @cached_property
    def positions(self) -> dict[int, int]:
        """Code -> row."""
        return {int(code): row for row, code in enumerate(self.codes.tolist())}

    @cached_property
    def rows(self) -> sp.csr_matrix:
        """The lexical matrix row-major (reading one document's words)."""
        return sp.csr_matrix(self.lexical)

    def warm(self) -> None:
        """Build the lookups a request needs now, not during the first request."""
        _ = self.positions, self.rows

    def stored_vector(self, code: int, text_hash: str) -> NDArray[np.float32] | None:
        """The indexed vector of `code` if its text is still the indexed one."""
        row = self.positions.get(code)
        if row is None or self.hashes[row] != text_hash.encode("ascii"):
            return None
        return self.vectors[row]

    def without(self, codes: set[int]) -> Side:
        """This side with the documents of `codes` emptied: no word, no vector, no text hash
        (they match nothing until the next build reads their current text)."""
        rows = sorted(self.positions[code] for code in codes if code in self.positions)
        if not rows:
            return self
        keep = np.ones(len(self.codes), dtype=np.float64)
        keep[rows] = 0.0
        vectors = self.vectors.copy()
        vectors[rows] = 0.0
        hashes = self.hashes.copy()
        hashes[rows] = b""
        lexical = sp.csc_matrix(sp.diags(keep) @ self.lexical)
        lexical.eliminate_zeros()
        return Side(self.name, self.codes, hashes, vectors, lexical)

    def files(self) -> dict[str, bytes]:
        """The side's artifact files."""
        return {
            f"{self.name}.codes.npy": _npy(self.codes),
            f"{self.name}.hashes.npy": _npy(self.hashes),
            f"{self.name}.vectors.npy": _npy(self.vectors),
            f"{self.name}.lexical.npz": matrix_to_bytes(self.lexical),
        }

    @classmethod
    def from_files(cls, name: str, files: Mapping[str, Path]) -> Side:
        """Read what `files` wrote (paths already checked against their sha256)."""

        def load(suffix: str) -> NDArray[Any]:
            return np.load(files[f"{name}.{suffix}"], allow_pickle=False)

        side = cls(
            name=name,
            codes=load("codes.npy").astype(np.int64),
            hashes=load("hashes.npy"),
            vectors=np.ascontiguousarray(load("vectors.npy"), dtype=np.float32),
            lexical=matrix_from_path(files[f"{name}.lexical.npz"]),
        )
        sizes = {len(side.codes), len(side.hashes), side.vectors.shape[0], side.lexical.shape[0]}
        if len(sizes) != 1:
            raise ValueError(f"the files of {name} disagree on the number of documents")
        if len(side.positions) != len(side.codes):
            raise ValueError(f"{name} holds a code twice")
        return side


@dataclass(frozen=True)
class Recommender:
    """Both sides, the lexicon, the hybrid weight and the default method of one version."""

    vagas: Side
    candidatos: Side
    lexicon: Lexicon
    hybrid_weight: float
    default_method: Method
    encoder_name: str
    max_tokens: int
    version: str | None = None
    manifest: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def needs_query_vector(self, method: Method) -> bool:
        """Whether `method` reads the embedding of the query (else only its words)."""
        return method == "embeddings" or (method != "lexical" and self.hybrid_weight > 0.0)

    def side(self, name: str) -> Side:
        """`vagas` or `candidatos`."""
        return self.vagas if name == "vagas" else self.candidatos

    def files(self) -> dict[str, bytes]:
        """Every artifact file of this recommender."""
        files = {LEXICON_FILE: self.lexicon.to_bytes()}
        for name in SIDES:
            files.update(self.side(name).files())
        return files

    def scores(
        self,
        side: Side,
        method: Method,
        *,
        dense: NDArray[np.float32] | None,
        lexical: sp.csr_matrix | None,
    ) -> Scores:
        """Retrieval scores of each query (rows) against every document of `side`.

        `reranked` retrieves with the hybrid score; the match model re-orders its pool.
        """
        if method == "embeddings" or (method != "lexical" and self.hybrid_weight >= 1.0):
            return side.index.scores(_given(dense, "embedding"))
        if not self.needs_query_vector(method):
            return lexical_scores(side.lexical, _given(lexical, "lexical"))
        return hybrid(
            side.index.scores(_given(dense, "embedding")),
            lexical_scores(side.lexical, _given(lexical, "lexical")),
            self.hybrid_weight,
        )

    @classmethod
    def from_files(
        cls, files: Mapping[str, Path], manifest: Mapping[str, Any], version: str | None
    ) -> Recommender:
        """A published version (files verified by the registry, manifest as published)."""
        if manifest.get("format") != ARTIFACT_FORMAT:
            raise ValueError("not a recommender of this format")
        return cls(
            vagas=Side.from_files("vagas", files),
            candidatos=Side.from_files("candidatos", files),
            lexicon=Lexicon.from_bytes(files[LEXICON_FILE].read_bytes()),
            hybrid_weight=float(manifest["hybrid_weight"]),
            default_method=manifest["default_method"],
            encoder_name=str(manifest["encoder"]["name"]),
            max_tokens=int(manifest["encoder"]["max_tokens"]),
            version=version,
            manifest=dict(manifest),
        )


def _given(value: Any, what: str) -> Any:
    if value is None:
        raise ValueError(f"the method needs the query's {what} vector")
    return value
