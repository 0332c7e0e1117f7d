"""Validation of object keys: every key must stay inside the configured store."""

import re

from talentmatch.storage.errors import InvalidKey

MAX_KEY_BYTES = 1024
# A file name longer than this fails on every common filesystem (ENAMETOOLONG).
MAX_SEGMENT_BYTES = 255
# Written only by the service itself (the model registry, the drift reports): imports may
# not read them and exports may not write them.
RESERVED_PREFIXES = ("models/", "drift_reports/")

# Local writes go to a hidden sibling named like this before being renamed into place;
# keys of that shape are reserved so that listings can skip half-written files safely.
TEMP_NAME_RE = re.compile(r"^\..+\.tmp-[0-9a-f]{32}$")

_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def _check_text(value: str, what: str) -> None:
    """Reject the problems shared by keys and prefixes."""
    if not isinstance(value, str):
        raise InvalidKey(f"{what} must be a string, not {type(value).__name__}")
    if len(value.encode("utf-8")) > MAX_KEY_BYTES:
        raise InvalidKey(f"{what} is longer than {MAX_KEY_BYTES} bytes")
    if _CONTROL_RE.search(value):
        raise InvalidKey(f"{what} {value!r} contains a NUL or control character")
    if "\\" in value:
        raise InvalidKey(f"{what} {value!r} contains a backslash; use '/' to separate folders")
    if value.startswith("/"):
        raise InvalidKey(f"{what} {value!r} is absolute; keys are relative to the store")
    if _SCHEME_RE.match(value.split("/", 1)[0]):
        raise InvalidKey(
            f"{what} {value!r} looks like a URL or drive; give a key inside the store, "
            "not a location"
        )


def _check_segments(value: str, segments: list[str], what: str) -> None:
    """Reject '.', '..' and empty segments, which a filesystem would collapse or escape by."""
    for segment in segments:
        if segment == "..":
            raise InvalidKey(f"{what} {value!r} contains a '..' segment")
        if segment == ".":
            raise InvalidKey(f"{what} {value!r} contains a '.' segment")
        if segment == "":
            raise InvalidKey(f"{what} {value!r} contains an empty segment ('//' or a trailing '/')")
        if len(segment.encode("utf-8")) > MAX_SEGMENT_BYTES:
            raise InvalidKey(f"{what} has a folder or file name over {MAX_SEGMENT_BYTES} bytes")


def validate_key(key: str) -> str:
    """Return `key` if it names an object inside the store, else raise InvalidKey."""
    if key == "":
        raise InvalidKey("key must not be empty")
    _check_text(key, "key")
    _check_segments(key, key.split("/"), "key")
    if TEMP_NAME_RE.match(key.rsplit("/", 1)[-1]):
        raise InvalidKey(f"key {key!r} has the reserved name of an in-progress write")
    return key


def validate_prefix(prefix: str) -> str:
    """Return `prefix` if it is a valid listing prefix ('' or a key start, may end in '/')."""
    if prefix == "":
        return prefix
    _check_text(prefix, "prefix")
    # The last segment is a partial name ("exports/2024-" or "exports/"), so it may be empty.
    _check_segments(prefix, prefix.split("/")[:-1], "prefix")
    return prefix


def check_not_reserved(key: str) -> str:
    """`key` when it is outside the service's own prefixes; ReservedKey otherwise."""
    from talentmatch.storage.errors import ReservedKey

    folded = key.casefold()
    if any(folded == p.rstrip("/") or folded.startswith(p) for p in RESERVED_PREFIXES):
        raise ReservedKey(
            f"as chaves sob {', '.join(RESERVED_PREFIXES)} são reservadas ao serviço "
            "(modelos e relatórios de drift)"
        )
    return key
