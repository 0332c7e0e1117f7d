"""Split a Decision file (one JSON object of records) into its records; parse each one.

The file is read in chunks and cut at its top-level members without building any value, so
memory stays bounded whatever the file holds: a record longer than the per-record limit, or
nested deeper than the depth limit, is skipped (its key is still reported) instead of being
buffered or parsed (the chunked cursor is decision.scanner). Each record's bytes are then
parsed on their own with `json.loads`.

Fast path: Decision's files are written with `json.dump(indent=4)`, where a record's value
ends at the first newline followed by four spaces and `}` (a raw newline cannot occur inside
a JSON string). When the buffer holds such an end, that slice is parsed directly; a slice that
parses as one JSON value is exactly the value the scanner would have cut (a value's extent is
fixed by its first byte), so a wrong guess only costs the general scanner's pass.
"""

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from talentmatch.decision.records import RecordError
from talentmatch.decision.scanner import SplitError, _Reader

MAX_KEY_BYTES = 1024
MAX_DEPTH = 64
_SUSPECT_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")
# A whole string, or one bracket (outside strings, then).
_STRING_OR_BRACKET = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]]', re.S)
# Where a record's value ends in json.dump(indent=4)'s layout (the fast path).
_RECORD_END = b"\n    }"


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One top-level member: its key, its value's bytes (None if skipped) and why skipped."""

    key: str
    raw: bytes | None
    size: int
    problem: str | None = None
    value: Any = None  # the parsed value, when the fast path already parsed it
    parsed: bool = False


def split_records(
    stream: BinaryIO, *, max_record_bytes: int, max_depth: int = MAX_DEPTH
) -> Iterator[RawRecord]:
    """The members of the top-level object in `stream`, in file order; raises SplitError."""
    reader = _Reader(stream)
    if reader.peek() != ord("{"):
        raise SplitError("o arquivo deve ser um objeto JSON cujas chaves são os códigos")
    reader.pos += 1
    if reader.peek() == ord("}"):
        reader.pos += 1
    else:
        while True:
            yield _member(reader, max_record_bytes, max_depth)
            if reader.expect(b",}") == ord("}"):
                break
    if reader.peek() is not None:
        raise SplitError(f"conteúdo depois do fim do objeto, no byte {reader.where}")


def _member(reader: _Reader, max_record_bytes: int, max_depth: int) -> RawRecord:
    reader.expect(b'"')
    start = reader.where - 1
    reader.mark, reader.limit = start, MAX_KEY_BYTES
    reader.skip_string()
    if reader.mark is None or reader.where - start > MAX_KEY_BYTES:
        raise SplitError(f"chave de mais de {MAX_KEY_BYTES} bytes no byte {start}")
    try:
        key = json.loads(bytes(reader.buf[start - reader.offset : reader.pos]))
    except ValueError as exc:  # UnicodeDecodeError included
        raise SplitError(f"chave inválida no byte {start}: {exc}") from exc
    reader.expect(b":")
    reader.peek()
    quick = _quick_value(reader, max_record_bytes, max_depth)
    if quick is not None:
        raw, value = quick
        return RawRecord(key, raw, len(raw), value=value, parsed=True)
    value_start = reader.where
    reader.mark, reader.limit = value_start, max_record_bytes
    depth = reader.skip_value()
    size = reader.where - value_start
    kept = reader.mark is not None and size <= max_record_bytes
    raw = bytes(reader.buf[value_start - reader.offset : reader.pos]) if kept else None
    reader.mark = reader.limit = None
    if raw is None:
        return RawRecord(
            key, None, size, f"registro de {size} bytes, acima do limite de {max_record_bytes}"
        )
    if depth > max_depth:
        return RawRecord(key, None, size, f"registro aninhado em mais de {max_depth} níveis")
    return RawRecord(key, raw, size)


def _quick_value(reader: _Reader, max_record_bytes: int, max_depth: int) -> Any:
    """(raw, value) of the value at the reader when the buffer holds it whole in Decision's
    layout and it parses (keys unique, no NaN) within the limits; else None (scan it)."""
    buf, start = reader.buf, reader.pos
    if start >= len(buf) or buf[start] != ord("{"):
        return None
    end = buf.find(_RECORD_END, start, start + max_record_bytes + len(_RECORD_END))
    if end < 0:
        return None
    end += len(_RECORD_END)
    raw = bytes(buf[start:end])
    # Brackets counted in the bytes bound the depth from above (C speed); only a record with
    # many brackets has its parsed value walked.
    if raw.count(b"{") + raw.count(b"[") > max_depth and _depth_exceeds(raw, max_depth):
        return None
    try:
        value = json.loads(raw, parse_constant=_refuse_constant, object_pairs_hook=_unique_keys)
    except (ValueError, RecordError, RecursionError):
        return None
    reader.pos = end
    return raw, value


def _depth_exceeds(raw: bytes, max_depth: int) -> bool:
    """Whether brackets outside strings nest deeper than `max_depth` (no parsing)."""
    depth = 0
    for token in _STRING_OR_BRACKET.finditer(raw):
        if token.group() in (b"{", b"["):
            depth += 1
            if depth > max_depth:
                return True
        elif token.group() in (b"}", b"]"):
            depth -= 1
    return False


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} não é JSON")


def load_syntax(raw: bytes) -> Any:
    """`raw` parsed as strict JSON (no NaN/Infinity); raises ValueError."""
    return json.loads(raw, parse_constant=_refuse_constant)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise RecordError(f"a chave '{key[:40]}' aparece mais de uma vez num objeto")
            seen.add(key)
    return value


def _unstorable(value: Any) -> str | None:
    """Why a parsed value cannot be stored as text (NUL, a lone UTF-16 surrogate), or None."""
    if isinstance(value, str):
        if "\x00" in value:
            return "contém o caractere NUL (\\u0000), que não pode ser gravado"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "contém um escape \\uD800-\\uDFFF sem par, que não é texto Unicode"
        return None
    if isinstance(value, dict):
        items: Iterable[Any] = (part for pair in value.items() for part in pair)
    elif isinstance(value, list):
        items = value
    else:
        return None
    return next((problem for item in items if (problem := _unstorable(item))), None)


def parse_record(record: RawRecord) -> Any:
    """A record's value; raises RecordError for what the database cannot store as sent."""
    if record.raw is None:
        raise RecordError(record.problem or "registro ilegível")
    if record.parsed:
        value = record.value
        if _SUSPECT_ESCAPE.search(record.raw):
            problem = _unstorable(value)
            if problem:
                raise RecordError(problem)
        return value
    try:
        value = json.loads(
            record.raw, parse_constant=_refuse_constant, object_pairs_hook=_unique_keys
        )
    except RecordError:
        raise
    except ValueError as exc:  # only if the file changed since the first pass
        raise RecordError(f"JSON inválido: {exc}") from exc
    # PostgreSQL text cannot hold NUL, and no database stores a lone surrogate: refuse both
    # on every backend, so that both behave alike (the escapes are looked for first: cheap).
    if _SUSPECT_ESCAPE.search(record.raw):
        problem = _unstorable(value)
        if problem:
            raise RecordError(problem)
    return value
