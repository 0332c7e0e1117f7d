"""The byte scanner under the splitter: a cursor that reads a JSON stream in chunks and moves
past strings and values without building them, keeping only the current record's bytes.
"""

import re
from typing import BinaryIO

CHUNK_BYTES = 1024 * 1024
_WHITESPACE = b" \t\r\n"
_QUOTE, _BACKSLASH = ord('"'), ord("\\")
# Bytes that are neither brackets nor quotes, and whole strings: what lies between brackets.
_STRETCH = re.compile(rb'(?:[^"{}\[\]]+|"[^"\\]*(?:\\.[^"\\]*)*")*', re.S)


class SplitError(ValueError):
    """The file is not a JSON object at its top level (the message says where)."""


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
