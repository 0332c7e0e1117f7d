"""Data minimisation of every answer: CPFs masked wherever they stand, contacts by role.

One function, `minimise`, walks an answer (any JSON value) and is applied to every /api/v1
JSON answer by `PersonalDataMiddleware`, so it covers whatever fields a route carries
(list rows, details, prospects, vagas, unknown keys at any depth, free text). Only the
admin's `dados-pessoais` (the LGPD access answer, audited) is left whole.

- Every role: a value under a key naming a CPF (`cpf`, `cpf_titular`, `documentos.cpf`...)
  and every CPF-shaped text (`123.456.789-09` anywhere in a text; 11 bare digits whose check
  digits pass) shows as `***.456.789-**`.
- `leitor`: also contacts (e-mails, phones, addresses, social profiles) masked wherever they
  stand, by key and in free text, and personal attributes (birth date, sex, marital status,
  disability) hidden. Recrutador and admin see contacts in clear: they call candidates.
"""

import json
import re
from functools import lru_cache
from typing import Any, Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from talentmatch.candidatos import cpf

# 3-3-3-2 digits with the usual separators, not inside a longer run of digits.
_CPF_FORMATTED: Final = re.compile(
    r"(?<![0-9])[0-9]{3}[.\s][0-9]{3}[.\s][0-9]{3}[-.\s][0-9]{2}(?![0-9])"
)
_CPF_BARE: Final = re.compile(r"(?<![0-9])[0-9]{11}(?![0-9])")
_EMAIL: Final = re.compile(r"[\w.+-]+@([\w-]+\.)+[\w-]+")
# Brazilian phones: optional +55, a 2-digit area code, 8 or 9 digits (with - . or spaces).
_PHONE: Final = re.compile(
    r"(?<![0-9])(?:\+?55[\s.-]?)?\(?[0-9]{2}\)?[\s.-]?9?[0-9]{4}[\s.-]?[0-9]{4}(?![0-9])"
)
# Every CPF and phone pattern above holds three digits in a row: a text without them holds none.
_THREE_DIGITS: Final = re.compile(r"[0-9]{3}")
CONTACT_MARKERS: Final = (
    "email", "e_mail", "telefone", "celular", "fone", "phone", "whats", "skype", "linkedin",
    "facebook", "instagram", "endereco", "contato",
)  # fmt: skip
CONTACT_KEYS: Final = frozenset({"tel", "fax", "cep"})
PERSONAL_MARKERS: Final = ("nascimento", "sexo", "estado_civil", "pcd", "deficiencia", "rg")
HIDDEN: Final = "***"
PRIVILEGED_RANK: Final = 1  # recrutador and above see contacts


def mask_cpfs_in_text(text: str) -> str:
    """`text` with every CPF-shaped number masked."""
    if not _THREE_DIGITS.search(text):  # most texts: no CPF can be in them
        return text
    text = _CPF_FORMATTED.sub(lambda m: cpf.mask(m.group()) or HIDDEN, text)
    return _CPF_BARE.sub(
        lambda m: (cpf.mask(m.group()) or HIDDEN) if cpf.is_valid(m.group()) else m.group(), text
    )


def _mask_email(match: re.Match[str]) -> str:
    local, _, domain = match.group().partition("@")
    return f"{local[:1]}***@{domain}"


def mask_contacts_in_text(text: str) -> str:
    """`text` with e-mails (`j***@example.com`) and phone numbers (`***`) masked."""
    if "@" in text:
        text = _EMAIL.sub(_mask_email, text)
    return _PHONE.sub(HIDDEN, text) if _THREE_DIGITS.search(text) else text


@lru_cache(maxsize=4096)  # an answer repeats its keys row after row: each is classified once
def _key_kind(key: str) -> str | None:
    name = key.lower()
    if "cpf" in name:
        return "cpf"
    if name in CONTACT_KEYS or any(marker in name for marker in CONTACT_MARKERS):
        return "contact"
    if any(name == marker or name.startswith(marker + "_") or marker in name.split("_")
           for marker in PERSONAL_MARKERS):  # fmt: skip
        return "personal"
    return None


def minimise(value: Any, *, rank: int, kind: str | None = None) -> Any:
    """`value` (a JSON value) as a user of privilege `rank` may see it (see the module)."""
    if isinstance(value, dict):
        return {
            key: minimise(item, rank=rank, kind=_key_kind(str(key)) or kind)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [minimise(item, rank=rank, kind=kind) for item in value]
    if value is None or isinstance(value, bool):
        return value
    if kind == "cpf":
        if isinstance(value, str):
            return value if cpf.MASKED.match(value) else cpf.mask(value)
        return HIDDEN
    if rank < PRIVILEGED_RANK and kind in {"contact", "personal"}:
        if kind == "contact" and isinstance(value, str) and "@" in value:
            return _EMAIL.sub(_mask_email, value)
        return HIDDEN if value != "" else value
    if isinstance(value, str):
        value = mask_cpfs_in_text(value)
        return mask_contacts_in_text(value) if rank < PRIVILEGED_RANK else value
    return value


UNMINIMISED_SUFFIXES: Final = ("/dados-pessoais",)
UNMINIMISED_PATHS: Final = frozenset({"/api/v1/usuarios/login"})


class PersonalDataMiddleware:
    """Applies `minimise` to every JSON answer under /api/v1 (but `dados-pessoais`), with
    the role the authentication dependency left in the request's state (`perfil_rank`;
    an answer without one, e.g. an error before authentication, is minimised as leitor)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if (
            scope["type"] != "http"
            or not path.startswith("/api/v1/")
            or path in UNMINIMISED_PATHS
            or path.endswith(UNMINIMISED_SUFFIXES)
        ):
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffered(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                names = dict(message.get("headers", []))
                if not names.get(b"content-type", b"").startswith(b"application/json"):
                    start = None
                    await send(message)
                    return
                start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            try:
                rank = int(scope.get("state", {}).get("perfil_rank", 0))
                body = json.dumps(
                    minimise(json.loads(body), rank=rank), ensure_ascii=False, separators=(",", ":")
                ).encode()
            except ValueError:
                pass  # not JSON after all: sent as it was
            headers = [
                (k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"
            ]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, buffered)
