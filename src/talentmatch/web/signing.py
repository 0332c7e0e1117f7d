"""Values signed with the service's secret: the login form's CSRF cookie, flash messages."""

import base64
import hashlib
import hmac
import json
import secrets
from typing import Any


def _key(secret: str, purpose: str) -> bytes:
    return hashlib.sha256(f"talentmatch-web:{purpose}:{secret}".encode()).digest()


def sign(value: str, *, secret: str, purpose: str) -> str:
    """`value.signature` (the value must not contain a dot)."""
    mac = hmac.new(_key(secret, purpose), value.encode(), hashlib.sha256).hexdigest()
    return f"{value}.{mac}"


def unsign(signed: str | None, *, secret: str, purpose: str) -> str | None:
    """The value of a `sign`ed text, or None when absent or tampered with."""
    if not signed or len(signed) > 4096 or "." not in signed:
        return None
    value, _, _mac = signed.rpartition(".")
    return (
        value if hmac.compare_digest(sign(value, secret=secret, purpose=purpose), signed) else None
    )


def new_login_token(secret: str) -> str:
    """A fresh pre-session token (signed double-submit: in a cookie and in the form)."""
    return sign(secrets.token_urlsafe(24), secret=secret, purpose="login-csrf")


def login_token_ok(cookie: str | None, field: str | None, secret: str) -> bool:
    """Whether the login form's token equals its cookie's and carries a valid signature."""
    if not cookie or not field or not hmac.compare_digest(cookie, field):
        return False
    return unsign(cookie, secret=secret, purpose="login-csrf") is not None


def dump_flash(message: str, kind: str, secret: str) -> str:
    """A flash message as a signed cookie value."""
    data = base64.urlsafe_b64encode(json.dumps([kind, message]).encode()).decode()
    return sign(data, secret=secret, purpose="flash")


def load_flash(cookie: str | None, secret: str) -> dict[str, Any] | None:
    """The flash message a cookie carries ({kind, message}), or None."""
    data = unsign(cookie, secret=secret, purpose="flash")
    if data is None:
        return None
    try:
        kind, message = json.loads(base64.urlsafe_b64decode(data))
    except ValueError:
        return None
    return {"kind": str(kind), "message": str(message)}
