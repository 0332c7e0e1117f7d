"""Receiving a Decision file from the Arquivos page: a multipart body parsed as it arrives,
its file part written straight into the object store's raw/ prefix (never held whole in
memory or spooled elsewhere), refused with a message in Portuguese when its name is outside
a safe pattern, it is not JSON text or it is larger than IMPORT_MAX_BYTES.

The CSRF field must come before the file (the page's form sends it first): a request
without the right token is refused before a byte of the file is written. The object appears
only once the whole body has arrived and passed every check (`write_stream` is atomic).
"""

import codecs
import re
import secrets
from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack
from typing import BinaryIO

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from talentmatch.core.config import Settings
from talentmatch.core.errors import InvalidInput, PayloadTooLarge, PermissionDenied
from talentmatch.storage import ObjectStore
from talentmatch.storage.keys import check_not_reserved
from talentmatch.web.auth import CSRF_FIELD, CSRF_MESSAGE

UPLOAD_PATH = "/app/arquivos/enviar"
FILE_FIELD = "arquivo"
RAW_PREFIX = "raw/"
# Room for the multipart framing and the CSRF field around the file, in the guard's limit.
FRAMING_BYTES = 64 * 1024
MAX_FIELD_BYTES = 256
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.json")
NAME_MESSAGE = (
    "Nome de arquivo não aceito: use letras sem acento, números, '.', '_' ou '-', "
    "terminando em .json (ex.: applicants.json), com até 105 caracteres."
)
NOT_JSON = "O arquivo enviado não é um JSON válido ({why}); nada foi gravado."
MISSING_FILE = "Escolha um arquivo .json para enviar."
BAD_FORM = "Formulário de envio malformado; recarregue a página e tente de novo."
INTERRUPTED = "O envio foi interrompido antes do fim; nada foi gravado."
WHITESPACE = b" \t\r\n"


def body_limit(settings: Settings) -> int:
    """The largest upload body the guard lets through: the file's limit plus the framing."""
    return settings.import_max_bytes + FRAMING_BYTES


def too_large(max_bytes: int) -> str:
    """The message for a file over the limit."""
    return (
        f"Arquivo maior que o limite de importação de {max_bytes} bytes "
        f"({max_bytes / 1024**2:.1f} MiB); nada foi gravado."
    )


class JsonSniffer:
    """Cheap checks, chunk by chunk, that the bytes are a JSON document: UTF-8 (a BOM is
    allowed), no NUL, an object or an array from its first to its last visible character.
    The importer parses the rest when the file is imported."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._first: int | None = None
        self._last: int | None = None

    def feed(self, chunk: bytes) -> None:
        try:
            self._decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            raise InvalidInput(NOT_JSON.format(why="não está em UTF-8")) from exc
        if b"\x00" in chunk:
            raise InvalidInput(NOT_JSON.format(why="contém um caractere NUL"))
        visible = chunk.strip(WHITESPACE)
        if self._first is None and visible:
            start = visible[3:] if visible.startswith(codecs.BOM_UTF8) else visible
            self._first = start[0] if start else None
        if visible:
            self._last = visible[-1]

    def finish(self) -> None:
        try:
            self._decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise InvalidInput(NOT_JSON.format(why="não está em UTF-8")) from exc
        if self._first is None:
            raise InvalidInput(NOT_JSON.format(why="está vazio"))
        pairs = {ord("{"): ord("}"), ord("["): ord("]")}
        if self._first not in pairs or self._last != pairs[self._first]:
            raise InvalidInput(NOT_JSON.format(why="não é um objeto nem uma lista JSON"))


class UploadReceiver:
    """The multipart parser's callbacks: fields kept (small), the file part written."""

    def __init__(
        self, *, store: ObjectStore, csrf_token: str, max_bytes: int, stack: ExitStack
    ) -> None:
        self.store = store
        self.csrf_token = csrf_token
        self.max_bytes = max_bytes
        self.stack = stack
        self.fields: dict[str, bytes] = {}
        self.key: str | None = None
        self.size = 0
        self.ended = False
        self._headers: dict[bytes, bytes] = {}
        self._field = b""
        self._value = b""
        self._name: str | None = None
        self._data = bytearray()
        self._writer: BinaryIO | None = None
        self._sniffer = JsonSniffer()

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": self._header_field,
            "on_header_value": self._header_value,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
            "on_end": self._end,
        }

    def _end(self) -> None:
        self.ended = True

    def _part_begin(self) -> None:
        self._headers, self._name, self._data = {}, None, bytearray()

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._field.lower()] = self._value
        self._field, self._value = b"", b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" not in options:
            return
        sent = self.fields.get(CSRF_FIELD, b"").decode("utf-8", "replace")
        if not sent or not secrets.compare_digest(sent, self.csrf_token):
            raise PermissionDenied(CSRF_MESSAGE)
        if self._name != FILE_FIELD or self._writer is not None:
            raise InvalidInput(BAD_FORM)
        filename = options[b"filename"].decode("utf-8", "replace")
        if not filename:
            raise InvalidInput(MISSING_FILE)
        # Browsers send the bare name; some older ones a whole path (C:\\...\\vagas.json).
        filename = re.split(r"[\\/]", filename)[-1]
        if SAFE_NAME.fullmatch(filename) is None:
            raise InvalidInput(NAME_MESSAGE)
        self.key = check_not_reserved(RAW_PREFIX + filename)
        stream: AbstractContextManager[BinaryIO] = self.store.write_stream(self.key)
        self._writer = self.stack.enter_context(stream)

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self._writer is None or self._name != FILE_FIELD:
            if len(self._data) + len(chunk) > MAX_FIELD_BYTES:
                raise InvalidInput(BAD_FORM)
            self._data.extend(chunk)
            return
        self.size += len(chunk)
        if self.size > self.max_bytes:
            raise PayloadTooLarge(too_large(self.max_bytes))
        self._sniffer.feed(chunk)
        self._writer.write(chunk)

    def _part_end(self) -> None:
        if self._name is not None and self._name != FILE_FIELD:
            self.fields[self._name] = bytes(self._data)
        elif self._writer is not None:
            self._sniffer.finish()


def receive_upload(
    *,
    content_type: str,
    chunks: Iterator[bytes],
    store: ObjectStore,
    csrf_token: str,
    max_bytes: int,
) -> tuple[str, int]:
    """Store the file part of a multipart body under raw/; its key and size.

    Raises a DomainError (and stores nothing) for a wrong CSRF token, a bad name, a file
    that is not JSON or is over `max_bytes`, a malformed or truncated body."""
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise InvalidInput(BAD_FORM)
    with ExitStack() as stack:
        receiver = UploadReceiver(
            store=store, csrf_token=csrf_token, max_bytes=max_bytes, stack=stack
        )
        parser = MultipartParser(boundary, receiver.callbacks())  # type: ignore[arg-type]
        try:
            for chunk in chunks:
                parser.write(chunk)
            parser.finalize()
        except FormParserError as exc:
            raise InvalidInput(BAD_FORM) from exc
        if not receiver.ended:
            raise InvalidInput(INTERRUPTED)
        if receiver.key is None:
            if CSRF_FIELD not in receiver.fields:
                raise PermissionDenied(CSRF_MESSAGE)
            raise InvalidInput(MISSING_FILE)
        # Leaving the stack commits the object; an exception above discarded it.
    return receiver.key, receiver.size
