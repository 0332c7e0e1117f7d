"""Exit statuses shared by the commands."""

from typing import Final

# The data cannot give a model (too few rows, one class, nothing to index): a refusal that
# says what is missing, distinct from 1 (another domain error) and from a crash.
NOT_ENOUGH_DATA: Final[int] = 2
