"""A known truth, taken by protocol: a data generator's (or any labeller's) true match
probability of a pair. Training never chooses by it; the pipelines only report against it.

The package never imports a generator: whoever holds a truth passes an object of this shape
(the command line loads the generator's file, `cli/ground_truth.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

Oracle = Callable[[int, int], float]  # (codigo_candidato, codigo_vaga) -> true probability


class TrueMatches(Protocol):
    """The true match probability of any pair, and the codes it knows (by side)."""

    @property
    def vagas(self) -> Mapping[str, Any]: ...

    @property
    def candidates(self) -> Mapping[str, Any]: ...

    def propensity(self, codigo: str, codigo_vaga: str) -> float: ...
