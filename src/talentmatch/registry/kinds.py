"""The kinds of model the registry holds (a folder each under its prefix)."""

from typing import Final

MATCH: Final[str] = "match"
RECOMMENDER: Final[str] = "recommender"
