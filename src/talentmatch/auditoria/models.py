"""The audit log (auth database): who did what to which target, and when."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from sqlalchemy import JSON
from sqlmodel import Field

from talentmatch.db.bases import AuthBase
from talentmatch.db.types import UTCDateTime, utcnow


class AuditAction(StrEnum):
    """What an audit event records."""

    login_ok = "login.ok"
    login_falhou = "login.falhou"
    logout = "logout"
    usuario_criado = "usuario.criado"
    usuario_alterado = "usuario.alterado"
    usuario_removido = "usuario.removido"
    importacao_iniciada = "importacao.iniciada"
    exportacao_iniciada = "exportacao.iniciada"
    arquivo_enviado = "arquivo.enviado"
    dados_pessoais_lidos = "candidato.dados_pessoais"
    detalhes_lidos = "candidato.detalhes"
    candidato_anonimizado = "candidato.anonimizado"
    retencao_executada = "retencao.executada"


class AuditEvent(AuthBase, table=True):
    """One audited action. `details` never holds personal data (no names, CPFs, passwords).

    The actor is kept by id and username, without a foreign key: the trail must outlive
    the user it names.
    """

    __tablename__ = "audit_event"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    actor_id: int | None = Field(default=None, index=True)
    actor_username: str | None = Field(default=None, max_length=255, index=True)
    action: str = Field(max_length=64, index=True)
    target: str | None = Field(default=None, max_length=255, index=True)
    details: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    request_id: str | None = Field(default=None, max_length=128)


class AuditEventPublic(BaseModel):
    id: int
    at: datetime
    actor_id: int | None
    actor_username: str | None
    action: str
    target: str | None
    details: dict[str, Any] | None
    request_id: str | None


class AuditPage(BaseModel):
    total: int
    offset: int
    limit: int
    data: list[AuditEventPublic]
