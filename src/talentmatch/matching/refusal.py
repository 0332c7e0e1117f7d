"""The last refused match training, kept beside CURRENT (which it never touches).

`talentmatch train match` records its one-line refusal here and clears it when a model is
published; the API's 503 (predictions, the drift job) then says why there is no model, in the
same words the command line printed.
"""

from __future__ import annotations

from typing import Final

from talentmatch.matching.pipeline import KIND
from talentmatch.registry import ModelRegistry

REFUSAL_FILE: Final[str] = "LAST_REFUSAL.txt"


def _key(registry: ModelRegistry) -> str:
    return f"{registry.prefix}/{KIND}/{REFUSAL_FILE}"


def record_refusal(registry: ModelRegistry, message: str) -> None:
    """Keep the refusal's one line."""
    registry.store.write_bytes(_key(registry), message.encode("utf-8"))


def clear_refusal(registry: ModelRegistry) -> None:
    """Forget it (a model was published since)."""
    if registry.store.exists(_key(registry)):
        registry.store.delete(_key(registry))


def last_refusal(registry: ModelRegistry) -> str | None:
    """The line of the last refused training, when no model was published since."""
    try:
        if registry.current_version(KIND) is not None or not registry.store.exists(_key(registry)):
            return None
        return registry.store.read_bytes(_key(registry)).decode("utf-8").strip() or None
    except Exception:  # only decorates a 503; the store's own failure shows in /ready
        return None
