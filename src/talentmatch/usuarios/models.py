"""Users of the API and their login attempts (auth database)."""

import unicodedata
from datetime import datetime
from enum import StrEnum

from pydantic import ConfigDict, field_validator
from sqlalchemy import Enum as SAEnum
from sqlmodel import Field

from talentmatch.db.bases import AuthBase
from talentmatch.db.types import UTCDateTime, utcnow


class Perfil(StrEnum):
    """Roles, from least to most privileged."""

    leitor = "leitor"
    recrutador = "recrutador"
    admin = "admin"

    @property
    def rank(self) -> int:
        """Position in the privilege order; a higher rank may do all a lower one may."""
        return list(Perfil).index(self)


def normalize_username(name: str) -> str:
    """The form a username is stored, compared and logged in with: NFKC, trimmed, case-folded
    (`Admin`, `admin ` and full-width `admin` are all `admin`)."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


def _scripts(name: str) -> set[str]:
    # The script of each letter, by its Unicode name: "LATIN SMALL LETTER A" -> LATIN.
    return {unicodedata.name(ch, "?").split(" ")[0] for ch in name if ch.isalpha()}


def canonical_username(name: str) -> str:
    """`name` normalised; ValueError when it mixes scripts (a Cyrillic a in `admin`) or has
    control or invisible characters."""
    canonical = normalize_username(name)
    if any(unicodedata.category(ch)[0] in "CZ" and ch != " " for ch in canonical):
        raise ValueError("o nome de usuário tem caracteres de controle ou invisíveis")
    if len(_scripts(canonical)) > 1:
        raise ValueError("o nome de usuário mistura alfabetos (ex.: latino e cirílico)")
    if len(canonical) < 3:
        raise ValueError("o nome de usuário precisa de ao menos 3 caracteres")
    return canonical


class UsuarioBase(AuthBase):
    username: str = Field(min_length=3, max_length=64, index=True, unique=True)
    perfil: Perfil = Field(
        default=Perfil.leitor, sa_type=SAEnum(Perfil, native_enum=False, length=16)
    )


class Usuario(UsuarioBase, table=True):
    # AUTOINCREMENT: SQLite never hands a deleted user's id to the next one.
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012

    id: int | None = Field(default=None, primary_key=True)
    hashed_password: str = Field(max_length=255)
    is_active: bool = True
    # In every token; bumped by logout and by any change of credentials, role or state,
    # which revokes every token issued before.
    token_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class UsuarioCreate(UsuarioBase):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    password: str = Field(min_length=8, max_length=128)

    @field_validator("username")
    @classmethod
    def _canonical(cls, value: str) -> str:
        return canonical_username(value)


class UsuarioUpdate(AuthBase):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    username: str | None = Field(default=None, min_length=3, max_length=64)
    password: str | None = Field(default=None, min_length=8, max_length=128)
    current_password: str | None = Field(
        default=None, max_length=128, description="Required when a user changes its own password"
    )
    perfil: Perfil | None = None
    is_active: bool | None = None

    @field_validator("username")
    @classmethod
    def _canonical(cls, value: str | None) -> str | None:
        return None if value is None else canonical_username(value)


class UsuarioPublic(UsuarioBase):
    id: int
    is_active: bool


class UsuariosPage(AuthBase):
    total: int
    offset: int
    limit: int
    data: list[UsuarioPublic]


class Token(AuthBase):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class LoginAttempt(AuthBase, table=True):
    """One login try; failures in the last minute bound further tries."""

    __tablename__ = "login_attempt"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=255, index=True)
    client_ip: str | None = Field(default=None, max_length=64)
    succeeded: bool
    at: datetime = Field(default_factory=utcnow, index=True, sa_type=UTCDateTime)
