"""Users of the API and their login attempts (auth database)."""

from datetime import datetime
from enum import StrEnum

from pydantic import ConfigDict
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


class UsuarioBase(AuthBase):
    username: str = Field(min_length=3, max_length=64, index=True, unique=True)
    perfil: Perfil = Field(
        default=Perfil.leitor, sa_type=SAEnum(Perfil, native_enum=False, length=16)
    )


class Usuario(UsuarioBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    hashed_password: str = Field(max_length=255)
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class UsuarioCreate(UsuarioBase):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    password: str = Field(min_length=8, max_length=128)


class UsuarioUpdate(AuthBase):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    username: str | None = Field(default=None, min_length=3, max_length=64)
    password: str | None = Field(default=None, min_length=8, max_length=128)
    current_password: str | None = Field(
        default=None, max_length=128, description="Required when a user changes its own password"
    )
    perfil: Perfil | None = None
    is_active: bool | None = None


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

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=255, index=True)
    client_ip: str | None = Field(default=None, max_length=64)
    succeeded: bool
    at: datetime = Field(default_factory=utcnow, index=True, sa_type=UTCDateTime)
