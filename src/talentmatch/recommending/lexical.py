"""The lexical score: TF-IDF cosine over the match model's tokens (accents folded).

Vocabulary and inverse document frequencies are fitted on both sides' documents at
training and stored as JSON; each side's document matrix is stored as a sparse `.npz`.
A document's weights are (1 + ln count) x idf, L2-normalised, so the dot product of two
rows is their cosine similarity.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Final

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.feature_extraction.text import CountVectorizer

from talentmatch.features.text import tokens

FORMAT: Final[int] = 1
MIN_DF: Final[int] = 2  # a word in one document only cannot link two documents
MAX_DF: Final[float] = 0.5  # words in most documents say nothing about fit, and cost time


@dataclass(frozen=True)
class _Counts:
    matrix: sp.csr_matrix
    vocabulary: dict[str, int]


def _count(documents: Sequence[str], *, min_df: int, max_df: float) -> _Counts:
    """Term counts of a corpus (sklearn's CountVectorizer over the match model's tokens)."""
    counter = CountVectorizer(
        tokenizer=tokens,
        token_pattern=None,
        lowercase=False,
        min_df=min_df,
        max_df=max_df if len(documents) >= 10 else 1.0,
        dtype=np.float32,
    )
    matrix = sp.csr_matrix(counter.fit_transform(documents))
    return _Counts(matrix, {str(t): int(c) for t, c in counter.vocabulary_.items()})


@dataclass(frozen=True)
class Lexicon:
    """The fitted vocabulary (term -> column) and each term's idf."""

    vocabulary: dict[str, int]
    idf: NDArray[np.float64]

    @classmethod
    def fit_transform(cls, documents: Sequence[str]) -> tuple[Lexicon, sp.csr_matrix]:
        """Fit on a corpus (sklearn's CountVectorizer counts, idf smoothed as sklearn's) and
        weigh it: the rows are what `transform` gives for the same documents."""
        small = len(documents) < 2 * MIN_DF
        try:
            counts = _count(documents, min_df=1 if small else MIN_DF, max_df=MAX_DF)
        except ValueError:
            # Pruning left no term (few documents, each with its own words): keep them all.
            try:
                counts = _count(documents, min_df=1, max_df=1.0)
            except ValueError:  # no word at all (empty or punctuation-only texts)
                counts = _Counts(sp.csr_matrix((len(documents), 0), dtype=np.float32), {})
        matrix = counts.matrix
        document_frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
        idf = np.log((1 + len(documents)) / (1 + document_frequency)) + 1.0
        lexicon = cls(vocabulary=counts.vocabulary, idf=idf.astype(np.float64))
        return lexicon, lexicon._weigh(matrix)

    def _weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        weights = counts.astype(np.float64)
        weights.data = (1.0 + np.log(weights.data)) * self.idf[weights.indices]
        norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        weighted = sp.csr_matrix(sp.diags(1.0 / norms) @ weights)
        return weighted.astype(np.float32)

    def transform(self, documents: Sequence[str]) -> sp.csr_matrix:
        """One L2-normalised TF-IDF row per document (unknown words ignored)."""
        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        for document in documents:
            counts = Counter(t for t in tokens(document) if t in self.vocabulary)
            for col, n in sorted((self.vocabulary[t], n) for t, n in counts.items()):
                indices.append(col)
                data.append(n)
            indptr.append(len(indices))
        counts_matrix = sp.csr_matrix(
            (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32), indptr),
            shape=(len(documents), len(self.idf)),
        )
        return self._weigh(counts_matrix)

    @cached_property
    def terms(self) -> list[str]:
        """Terms by column."""
        names = [""] * len(self.idf)
        for term, col in self.vocabulary.items():
            names[col] = term
        return names

    def to_bytes(self) -> bytes:
        """JSON: the format, the terms in column order and their idf."""
        document = {"format": FORMAT, "terms": self.terms, "idf": self.idf.tolist()}
        return json.dumps(document, ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Lexicon:
        """Read what `to_bytes` wrote."""
        document: dict[str, Any] = json.loads(data)
        if document.get("format") != FORMAT:
            raise ValueError("lexicon of an unknown format")
        terms = list(document["terms"])
        return cls(
            vocabulary={term: col for col, term in enumerate(terms)},
            idf=np.asarray(document["idf"], dtype=np.float64),
        )


def lexical_scores(documents: sp.csc_matrix, queries: sp.csr_matrix) -> NDArray[np.float32]:
    """Cosine of every query (row) with every document: shape (queries, documents).

    `documents` is column-major, so only the posting lists of the queries' words are read.
    """
    if queries.shape[0] == 1:
        columns = queries.indices
        if len(columns) == 0:
            return np.zeros((1, documents.shape[0]), dtype=np.float32)
        gathered = documents[:, columns] @ queries.data.astype(np.float32)
        return np.asarray(gathered, dtype=np.float32).reshape(1, -1)
    return np.asarray((queries @ documents.T).toarray(), dtype=np.float32)


def common_terms(
    document: sp.csr_matrix, query: sp.csr_matrix, terms: list[str], top: int = 5
) -> list[str]:
    """The words that contribute most to the cosine of one document row and one query row."""
    weights = dict(zip(query.indices.tolist(), query.data.tolist(), strict=True))
    contributions = [
        (value * weights[col], col)
        for col, value in zip(document.indices.tolist(), document.data.tolist(), strict=True)
        if col in weights
    ]
    contributions.sort(reverse=True)
    return [terms[col] for _, col in contributions[:top]]


def matrix_to_bytes(matrix: sp.spmatrix) -> bytes:
    """A sparse matrix as an uncompressed .npz (numpy arrays only: no pickle)."""
    buffer = io.BytesIO()
    sp.save_npz(buffer, matrix, compressed=False)
    return buffer.getvalue()


def matrix_from_path(path: Any) -> sp.csc_matrix:
    """A document matrix written by `matrix_to_bytes`, column-major."""
    return sp.csc_matrix(sp.load_npz(path))
