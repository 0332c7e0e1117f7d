"""Password hashing (argon2) and access tokens (JWT)."""

from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from talentmatch.core.errors import NotAuthenticated

_password_hash = PasswordHash((Argon2Hasher(),))

# Verified against when the username is unknown, so that an unknown user and a wrong
# password cost the same time and cannot be told apart.
_DUMMY_HASH = _password_hash.hash("timing-equaliser-password")


def hash_password(password: str) -> str:
    """The argon2 hash of `password`."""
    return _password_hash.hash(password)


def verify_password(password: str, hashed: str | None) -> bool:
    """True when `password` matches `hashed`; costs the same when `hashed` is None."""
    if hashed is None:
        _password_hash.verify(password, _DUMMY_HASH)
        return False
    return _password_hash.verify(password, hashed)


def create_access_token(*, subject: str, secret: str, algorithm: str, expires_in: timedelta) -> str:
    """A signed token naming `subject`, valid for `expires_in`."""
    now = datetime.now(UTC)
    payload: dict[str, Any] = {"sub": subject, "iat": now, "exp": now + expires_in}
    return jwt.encode(payload, secret, algorithm=algorithm)


def decode_access_token(token: str, *, secret: str, algorithm: str) -> str:
    """The subject of a valid token; raises NotAuthenticated when expired or forged."""
    try:
        payload = jwt.decode(token, secret, algorithms=[algorithm], options={"require": ["exp"]})
    except jwt.ExpiredSignatureError as exc:
        raise NotAuthenticated("Token expirado; faça login novamente.") from exc
    except jwt.InvalidTokenError as exc:
        raise NotAuthenticated("Token inválido.") from exc
    subject = payload.get("sub")
    if not isinstance(subject, str):
        raise NotAuthenticated("Token inválido.")
    return subject
