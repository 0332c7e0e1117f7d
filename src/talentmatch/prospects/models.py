"""Prospects: a candidate in a vaga's pipeline, grouped per vaga as in prospects.json."""

from datetime import datetime
from typing import Any

from pydantic import ConfigDict, PrivateAttr
from sqlalchemy import JSON, Text, UniqueConstraint
from sqlmodel import Field

from talentmatch.core.spellings import KeyMap
from talentmatch.db.bases import SystemBase
from talentmatch.db.types import MAX_CODE, UTCDateTime, utcnow
from talentmatch.prospects.outcomes import OutcomeClass

STATUS_MAX_LENGTH = 200

# Spellings in Decision's prospects.json (one object per vaga, a list of rows), accepted on input.
PROSPECT_GROUP_KEYS = KeyMap({"titulo_vaga": "titulo"})
PROSPECT_KEYS = KeyMap({"codigo_candidato": "codigo", "situacao_candidato": "situacao_candidado"})


class ProspectStatus(SystemBase, table=True):
    """A registered pipeline stage and its outcome class (what training's labels read).

    Seeded with DATA.md's 21 by the migration; admins add more; an import that meets an
    unknown status registers it as `unclassified` (never a training label).
    """

    __tablename__ = "prospect_status"

    nome: str = Field(primary_key=True, max_length=STATUS_MAX_LENGTH)
    classe: str = Field(max_length=16)
    criado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    criado_por: str | None = Field(default=None, max_length=200)


class StatusPublic(SystemBase):
    nome: str
    classe: OutcomeClass


class StatusCreate(SystemBase):
    """A new stage; its class says what it means for training (unclassified by default)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)  # type: ignore[assignment]

    nome: str = Field(min_length=1, max_length=STATUS_MAX_LENGTH)
    classe: OutcomeClass = OutcomeClass.unclassified


class StatusList(SystemBase):
    total: int
    data: list[StatusPublic]


class ProspectVaga(SystemBase, table=True):
    """A vaga's pipeline, as keyed in prospects.json; the vaga itself may be unknown."""

    __tablename__ = "prospect_vaga"

    codigo_vaga: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    titulo_vaga: str | None = None
    modalidade: str | None = None
    extras: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    # The entry's key in prospects.json when not the code's plain spelling ("0123").
    chave_arquivo: str | None = Field(default=None, max_length=64)


class ProspectBase(SystemBase):
    nome: str | None = None
    situacao_candidato: str | None = Field(default=None, index=True)
    data_candidatura: str | None = None
    ultima_atualizacao: str | None = None
    comentario: str | None = Field(default=None, sa_type=Text)
    recrutador: str | None = None


class Prospect(ProspectBase, table=True):
    """One candidate in one vaga's pipeline; the candidate may be unknown (imports)."""

    __table_args__ = (UniqueConstraint("codigo_vaga", "codigo_candidato"),)

    id: int | None = Field(default=None, primary_key=True)
    codigo_vaga: int = Field(foreign_key="prospect_vaga.codigo_vaga", ondelete="CASCADE")
    codigo_candidato: int = Field(index=True)
    extras: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ProspectHistorico(SystemBase, table=True):
    """One status change of a prospect: from, to, when, by whom."""

    __tablename__ = "prospect_historico"

    id: int | None = Field(default=None, primary_key=True)
    prospect_id: int = Field(foreign_key="prospect.id", ondelete="CASCADE", index=True)
    situacao_anterior: str | None = None
    situacao_nova: str
    comentario: str | None = Field(default=None, sa_type=Text)
    alterado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    alterado_por: str


def _file_aliases(name: str) -> dict[str, Any]:
    # A fresh dict per field: SQLModel consumes the schema_extra it is given.
    return {"validation_alias": PROSPECT_KEYS.aliases(name)}


class ProspectCreate(SystemBase):
    """A candidate added to a vaga's pipeline (API or prospects.json spellings)."""

    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True)  # type: ignore[assignment]

    codigo_vaga: int = Field(ge=1, le=MAX_CODE)
    codigo_candidato: int = Field(ge=1, le=MAX_CODE, schema_extra=_file_aliases("codigo_candidato"))
    titulo_vaga: str | None = Field(default=None, max_length=1000)
    modalidade: str | None = Field(default=None, max_length=1000)
    nome: str | None = Field(default=None, max_length=1000)
    situacao_candidato: str = Field(
        default="Prospect",
        min_length=1,
        max_length=STATUS_MAX_LENGTH,
        description="Uma das etapas registradas (GET /prospects/status)",
        schema_extra=_file_aliases("situacao_candidato"),
    )
    data_candidatura: str | None = Field(default=None, max_length=64)
    comentario: str | None = Field(default=None, max_length=100_000)
    recrutador: str | None = Field(default=None, max_length=1000)


class ProspectRecord(SystemBase):
    """One row of prospects.json, stored as it is: no defaults, unknown keys kept."""

    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True)  # type: ignore[assignment]

    codigo_candidato: int = Field(ge=1, le=MAX_CODE, schema_extra=_file_aliases("codigo_candidato"))
    nome: str | None = None
    situacao_candidato: str | None = Field(
        default=None, max_length=STATUS_MAX_LENGTH, schema_extra=_file_aliases("situacao_candidato")
    )
    data_candidatura: str | None = None
    ultima_atualizacao: str | None = None
    comentario: str | None = None
    recrutador: str | None = None


class ProspectGroupRecord(SystemBase):
    """One vaga's entry of prospects.json; its rows are validated one by one."""

    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True)  # type: ignore[assignment]

    titulo_vaga: str | None = Field(
        default=None,
        schema_extra={"validation_alias": PROSPECT_GROUP_KEYS.aliases("titulo_vaga")},
    )
    modalidade: str | None = None
    prospects: list[Any] = Field(default_factory=list)
    _chave_arquivo: str | None = PrivateAttr(default=None)


class ProspectUpdate(SystemBase):
    """A status change of a prospect, with an optional comment."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    codigo_vaga: int = Field(ge=1, le=MAX_CODE)
    codigo_candidato: int = Field(ge=1, le=MAX_CODE, schema_extra=_file_aliases("codigo_candidato"))
    situacao_candidato: str = Field(
        min_length=1,
        max_length=STATUS_MAX_LENGTH,
        description="Uma das etapas registradas (GET /prospects/status)",
        schema_extra=_file_aliases("situacao_candidato"),
    )
    comentario: str | None = Field(default=None, max_length=100_000)
    expected_status: str | None = Field(
        default=None,
        max_length=STATUS_MAX_LENGTH,
        description="Optimistic locking: the status the client last saw; when given and the "
        "stored status differs (someone moved the prospect meanwhile), 409 and nothing changes",
    )


class HistoricoPublic(SystemBase):
    situacao_anterior: str | None
    situacao_nova: str
    comentario: str | None
    alterado_em: datetime
    alterado_por: str


class ProspectPublic(ProspectBase):
    id: int = Field(description="Identificador estável do prospect, único em toda a tabela")
    codigo_vaga: int
    titulo_vaga: str | None = None
    codigo_candidato: int


class ProspectWithHistory(ProspectPublic):
    historico: list[HistoricoPublic]


class ProspectResult(SystemBase):
    message: str
    data: ProspectWithHistory


class ProspectsPage(SystemBase):
    total: int
    offset: int
    limit: int
    data: list[ProspectPublic]


class ProspectGroup(SystemBase):
    codigo_vaga: int
    titulo_vaga: str | None = None
    modalidade: str | None = None
    prospects: list[ProspectPublic]


class ProspectGroupsPage(SystemBase):
    total_grupos: int
    offset: int
    limit: int
    data: list[ProspectGroup]
