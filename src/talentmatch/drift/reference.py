"""The reference of a model version: its training rows' features and its probabilities on them.

Stored beside `model.skops` as `reference.csv.gz` when a version is published. It holds
`featurize` output only (derived numbers, never a payload's texts) and the probability the
published model gives each row, so the report can compare predictions as well as inputs.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import pandas as pd

from talentmatch.drift.errors import NoReference
from talentmatch.registry import LoadedVersion

REFERENCE_FILE: Final[str] = "reference.csv.gz"
PREDICTION: Final[str] = "prediction"  # the column of predicted probabilities (0..1)


def build_reference(frame: pd.DataFrame, probabilities: Sequence[float]) -> pd.DataFrame:
    """Training features (one row per training pair) with the model's probability on each."""
    reference = frame.astype(np.float64).reset_index(drop=True)
    reference[PREDICTION] = np.asarray(probabilities, dtype=np.float64)
    return reference


def reference_bytes(reference: pd.DataFrame) -> bytes:
    """The reference as gzip'd CSV; mtime 0 so that equal frames give equal bytes."""
    buffer = io.BytesIO()
    reference.to_csv(buffer, index=False, compression={"method": "gzip", "mtime": 0})
    return buffer.getvalue()


def describe_reference(reference: pd.DataFrame) -> dict[str, Any]:
    """What a manifest records about the reference file."""
    return {
        "file": REFERENCE_FILE,
        "rows": len(reference),
        "features": [name for name in reference.columns if name != PREDICTION],
        "prediction_column": PREDICTION,
        "content": "featurize output of every training row and the published model's "
        "probability on it (in-sample for the rows the model was fitted on)",
    }


def read_reference(data: bytes) -> pd.DataFrame:
    """A reference written by `reference_bytes`."""
    frame = pd.read_csv(io.BytesIO(data), compression="gzip")
    if PREDICTION not in frame.columns:
        raise NoReference(f"o arquivo {REFERENCE_FILE} não tem a coluna {PREDICTION!r}")
    return frame.astype(np.float64)


def load_reference(loaded: LoadedVersion) -> pd.DataFrame:
    """The reference of a fetched version; NoReference when it was published without one."""
    if REFERENCE_FILE not in loaded.files:
        raise NoReference(
            f"A versão {loaded.version} do modelo foi publicada sem as features de referência "
            "(antes do relatório de drift): treine uma nova versão com "
            "`talentmatch train match` para ter o relatório."
        )
    return read_reference(loaded.read(REFERENCE_FILE))


def has_reference(manifest: dict[str, Any]) -> bool:
    """True when a version's manifest lists a reference file."""
    return REFERENCE_FILE in dict(manifest.get("files", {}))
