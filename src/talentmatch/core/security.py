"""Password hashing (argon2) with a bound on concurrent checks, and access tokens (JWT)."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from talentmatch.core.errors import NotAuthenticated, TooManyRequests

# argon2id, 64 MiB of memory, 3 passes, 4 lanes (pwdlib's defaults, the RFC 9106 second
# recommendation): ~0.1-0.3 s of one core per check (benchmarks/RESULTS.md, "Password hashing").
ARGON2_MEMORY_KIB, ARGON2_TIME_COST, ARGON2_PARALLELISM = 65536, 3, 4
_password_hash = PasswordHash(
    (
        Argon2Hasher(
            memory_cost=ARGON2_MEMORY_KIB,
            time_cost=ARGON2_TIME_COST,
            parallelism=ARGON2_PARALLELISM,
        ),
    )
)

# Verified against when the username is unknown, so that an unknown user and a wrong
# password cost the same time and cannot be told apart.
_DUMMY_HASH = _password_hash.hash("timing-equaliser-password")


class HashGate:
    """At most `slots` password hashes at once in this process; a caller waits `wait_s`
    for a slot, then is refused (429), so a login flood cannot take every core."""

    def __init__(self, slots: int = 2, wait_s: float = 2.0) -> None:
        self.configure(slots, wait_s)

    def configure(self, slots: int, wait_s: float) -> None:
        if getattr(self, "slots", None) != slots:
            self._semaphore = threading.BoundedSemaphore(slots)
        self.slots = slots
        self.wait_s = wait_s

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one slot for the block; TooManyRequests when none frees up in `wait_s`."""
        semaphore = self._semaphore  # the one acquired is the one released
        if not semaphore.acquire(timeout=self.wait_s):
            raise TooManyRequests(
                "Servidor ocupado verificando senhas; tente novamente em instantes.",
                retry_after=1,
            )
        try:
            yield
        finally:
            semaphore.release()


hash_gate = HashGate()


def hash_password(password: str) -> str:
    """The argon2 hash of `password`."""
    with hash_gate.slot():
        return _password_hash.hash(password)


def verify_password(password: str, hashed: str | None) -> bool:
    """True when `password` matches `hashed`; costs the same when `hashed` is None."""
    with hash_gate.slot():
        if hashed is None:
            _password_hash.verify(password, _DUMMY_HASH)
            return False
        return _password_hash.verify(password, hashed)


@dataclass(frozen=True)
class TokenClaims:
    """What a valid token says: the user id (as text) and the user's token version."""

    subject: str
    version: int | None


def create_access_token(
    *, subject: str, secret: str, algorithm: str, expires_in: timedelta, version: int = 0
) -> str:
    """A signed token naming `subject` at token version `version`, valid for `expires_in`."""
    now = datetime.now(UTC)
    payload: dict[str, Any] = {"sub": subject, "ver": version, "iat": now, "exp": now + expires_in}
    return jwt.encode(payload, secret, algorithm=algorithm)


def decode_access_token(token: str, *, secret: str, algorithm: str) -> TokenClaims:
    """The claims of a valid token; raises NotAuthenticated when expired or forged."""
    try:
        payload = jwt.decode(token, secret, algorithms=[algorithm], options={"require": ["exp"]})
    except jwt.ExpiredSignatureError as exc:
        raise NotAuthenticated("Token expirado; faça login novamente.") from exc
    except jwt.InvalidTokenError as exc:
        raise NotAuthenticated("Token inválido.") from exc
    subject, version = payload.get("sub"), payload.get("ver")
    if not isinstance(subject, str):
        raise NotAuthenticated("Token inválido.")
    valid_version = isinstance(version, int) and not isinstance(version, bool)
    return TokenClaims(subject=subject, version=version if valid_version else None)


def user_id_of(subject: str, maximum: int) -> int | None:
    """The user id a token subject names: ASCII digits up to `maximum`; None otherwise."""
    if subject.isascii() and subject.isdigit() and 0 < len(subject) <= 10:
        value = int(subject)
        return value if value <= maximum else None
    return None


def token_is_valid(token: str, settings: Any) -> bool:
    """Whether `token` is signed with the settings' secret and unexpired (no database read:
    cheap enough to run before a large body is read)."""
    try:
        decode_access_token(token, secret=settings.jwt_secret, algorithm=settings.jwt_algorithm)
    except NotAuthenticated:
        return False
    return True
