"""Split a Decision file (one JSON object of records) into its records; parse each one.

The file is read in chunks and cut at its top-level members without building any value, so
memory stays bounded whatever the file holds: a record longer than the per-record limit, or
nested deeper than the depth limit, is skipped (its key is still reported) instead of being
buffered or parsed. Each record's bytes are then parsed on their own with `json.loads`.

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

CHUNK_BYTES = 1024 * 1024
MAX_KEY_BYTES = 1024
MAX_DEPTH = 64
_WHITESPACE = b" \t\r\n"
_QUOTE, _BACKSLASH = ord('"'), ord("\\")
_SUSPECT_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")
# Bytes that are neither brackets nor quotes, and whole strings: what lies between brackets.
_STRETCH = re.compile(rb'(?:[^"{}\[\]]+|"[^"\\]*(?:\\.[^"\\]*)*")*', re.S)
# A whole string, or one bracket (outside strings, then).
_STRING_OR_BRACKET = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]]', re.S)
# Where a record's value ends in json.dump(indent=4)'s layout (the fast path).
_RECORD_END = b"\n    }"


class SplitError(ValueError):
    """The file is not a JSON object at its top level (the message says where)."""


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One top-level member: its key, its value's bytes (None if skipped) and why skipped."""

    key: str
    raw: bytes | None
    size: int
    problem: str | None = None
    value: Any = None  # the parsed value, when the fast path already parsed it
    parsed: bool = False


class _Reader:
    """A cursor over a stream; its buffer keeps only the bytes of the current record."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.buf = bytearray()
        self.pos = 0
        self.offset = 0  # absolute offset of buf[0]
        self.mark: int | None = None  # absolute offset of the first byte kept; None: keep none
        self.limit: int | None = None  # stop keeping once more than this is kept

    @property
    def where(self) -> int:
        return self.offset + self.pos

    def fill(self) -> bool:
        """Read one more chunk, dropping bytes nobody needs. False at the end of the file."""
        kept = None if self.mark is None else self.offset + len(self.buf) - self.mark
        if kept is not None and self.limit is not None and kept > self.limit:
            self.mark = None  # too large: from here on its bytes are read and dropped
        keep_from = self.pos if self.mark is None else min(self.pos, self.mark - self.offset)
        if keep_from > 0:
            del self.buf[:keep_from]
            self.offset += keep_from
            self.pos -= keep_from
        chunk = self._stream.read(CHUNK_BYTES)
        self.buf += chunk
        return bool(chunk)

    def peek(self) -> int | None:
        """The next byte after whitespace (not consumed); None at the end of the file."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return None

    def expect(self, allowed: bytes) -> int:
        """Consume the next byte after whitespace, which must be one of `allowed`."""
        byte = self.peek()
        if byte is None or byte not in allowed:
            found = "o fim do arquivo (truncado?)" if byte is None else repr(chr(byte))
            raise SplitError(
                f"esperado {' ou '.join(repr(chr(b)) for b in allowed)} no byte {self.where}, "
                f"veio {found}"
            )
        self.pos += 1
        return byte

    def skip_string(self) -> None:
        """Move past a string whose opening quote was consumed."""
        while True:
            end = self.buf.find(b'"', self.pos)
            if end < 0:
                # Keep a trailing run of backslashes: it may escape the next chunk's quote.
                self.pos = len(self.buf)
                while self.pos > 0 and self.buf[self.pos - 1] == _BACKSLASH:
                    self.pos -= 1
                if not self.fill():
                    raise SplitError("texto sem aspas de fechamento: o arquivo está truncado")
                continue
            backslashes = 0
            while end - backslashes > self.pos and self.buf[end - backslashes - 1] == _BACKSLASH:
                backslashes += 1
            self.pos = end + 1
            if backslashes % 2 == 0:
                return

    def skip_value(self) -> int:
        """Move past one value; return how deep it nests (objects and arrays)."""
        first = self.peek()
        if first is None:
            raise SplitError("o arquivo termina onde se esperava um valor: está truncado")
        if first == _QUOTE:
            self.pos += 1
            self.skip_string()
            return 0
        if first in b"{[":
            return self._skip_container()
        start = self.where
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] not in b",}]" + _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buf) or not self.fill():
                break
        if self.where == start:
            raise SplitError(f"valor ausente no byte {start}")
        return 0

    def _skip_container(self) -> int:
        depth = deepest = 0
        while True:
            # One regex call passes everything up to the next bracket, strings included.
            self.pos = _between_brackets(self.buf, self.pos)
            if self.pos >= len(self.buf):
                if not self.fill():
                    raise SplitError("um registro não foi fechado: o arquivo está truncado")
                continue
            byte = self.buf[self.pos]
            self.pos += 1
            if byte == _QUOTE:  # a string that goes on past the buffer
                self.skip_string()
            elif byte in b"{[":
                depth += 1
                deepest = max(deepest, depth)
            else:
                depth -= 1
                if depth == 0:
                    return deepest


def _between_brackets(buf: bytearray, pos: int) -> int:
    """Where the run of non-bracket bytes and whole strings from `pos` ends."""
    match = _STRETCH.match(buf, pos)
    return match.end() if match else pos


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
