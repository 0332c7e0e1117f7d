"""Streaming JSON writer: the bytes of json.dump(indent=4, ensure_ascii=False), entry by entry.

Writing one top-level entry at a time keeps the 200 MB applicants file out of memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

_STEP = "    "


def encode(value: Any, level: int = 0) -> str:
    """One value as json.dumps(indent=4, ensure_ascii=False) prints it at nesting `level`."""
    text = json.dumps(value, indent=4, ensure_ascii=False)
    # Safe: JSON escapes newlines inside strings, so every raw newline is layout.
    return text.replace("\n", "\n" + _STEP * level) if level else text


def write_entries(handle: TextIO, entries: Iterable[tuple[str, Any]]) -> int:
    """Write a top-level object entry by entry; return how many entries were written."""
    count = 0
    for key, value in entries:
        handle.write("{\n" if count == 0 else ",\n")
        handle.write(f"{_STEP}{json.dumps(key, ensure_ascii=False)}: {encode(value, 1)}")
        count += 1
    handle.write("\n}" if count else "{}")
    return count


def write_json_object(path: Path, entries: Iterable[tuple[str, Any]]) -> int:
    """Stream a top-level object to a UTF-8 file; return the number of entries."""
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        return write_entries(handle, entries)
