"""Vagas: a root row plus one row per section of a vagas.json record."""

from datetime import datetime
from typing import Any, Self

from pydantic import AliasChoices, ConfigDict, model_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import JSON, Text
from sqlmodel import Field, SQLModel

from talentmatch.core.spellings import KeyMap, SectionMap
from talentmatch.db.bases import SystemBase
from talentmatch.db.sections import OpenSection, SectionRow
from talentmatch.db.types import MAX_CODE, UTCDateTime, utcnow

# The sections of a vaga, with their spellings in Decision's vagas.json (accepted on input).
VAGA_INFOS_BASICAS = SectionMap(
    api="infos_basicas",
    file="informacoes_basicas",
    keys=KeyMap({"data_requisicao": "data_requicisao"}),
)
VAGA_PERFIL = SectionMap(
    api="perfil", file="perfil_vaga", keys=KeyMap({"nivel_profissional": "nivel profissional"})
)
VAGA_BENEFICIOS = SectionMap(api="beneficios", file="beneficios")
VAGA_SECTIONS: tuple[SectionMap, ...] = (VAGA_INFOS_BASICAS, VAGA_PERFIL, VAGA_BENEFICIOS)


class Vaga(SystemBase, table=True):
    """A vaga: its code and the record's unknown top-level keys."""

    codigo_vaga: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    extras: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    # Hash of the file record last imported; None after an API edit (the next import rewrites).
    content_hash: str | None = Field(default=None, max_length=64)
    # The record's key in its file when not the code's plain spelling ("0123"); export uses it.
    chave_arquivo: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Indexed: "recently updated" queries, and a small index for SQLite's COUNT(*).
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class VagaSectionRow(SectionRow):
    codigo_vaga: int = Field(primary_key=True, foreign_key="vaga.codigo_vaga", ondelete="CASCADE")


# --- informacoes_basicas (API: infos_basicas) ------------------------------------------
class VagaInfosBasicasBase(SystemBase):
    data_requisicao: str | None = Field(
        default=None,
        schema_extra={"validation_alias": VAGA_INFOS_BASICAS.keys.aliases("data_requisicao")},
    )
    limite_esperado_para_contratacao: str | None = None
    titulo_vaga: str | None = Field(default=None, index=True)
    vaga_sap: str | None = None
    cliente: str | None = None
    solicitante_cliente: str | None = None
    empresa_divisao: str | None = None
    requisitante: str | None = None
    analista_responsavel: str | None = None
    tipo_contratacao: str | None = None
    prazo_contratacao: str | None = None
    objetivo_vaga: str | None = None
    prioridade_vaga: str | None = None
    origem_vaga: str | None = None
    superior_imediato: str | None = None
    nome: str | None = None
    telefone: str | None = None
    data_inicial: str | None = None
    data_final: str | None = None
    nome_substituto: str | None = None


class VagaInfosBasicas(VagaInfosBasicasBase, VagaSectionRow, table=True):
    __tablename__ = "vaga_informacoes_basicas"


class _SectionCode(SystemBase):
    """The vaga's code inside a section, where the original schema (and details) put it."""

    codigo_vaga: int | None = Field(default=None, ge=1, le=MAX_CODE)


class VagaInfosBasicasIn(VagaInfosBasicasBase, _SectionCode, OpenSection):
    pass


# --- perfil_vaga (API: perfil) ---------------------------------------------------------
class VagaPerfilBase(SystemBase):
    pais: str | None = None
    estado: str | None = None
    cidade: str | None = None
    bairro: str | None = None
    regiao: str | None = None
    local_trabalho: str | None = None
    vaga_especifica_para_pcd: str | None = None
    faixa_etaria: str | None = None
    horario_trabalho: str | None = None
    nivel_profissional: str | None = Field(
        default=None,
        schema_extra={"validation_alias": VAGA_PERFIL.keys.aliases("nivel_profissional")},
    )
    nivel_academico: str | None = None
    nivel_ingles: str | None = None
    nivel_espanhol: str | None = None
    outro_idioma: str | None = None
    areas_atuacao: str | None = None
    principais_atividades: str | None = Field(default=None, sa_type=Text)
    competencia_tecnicas_e_comportamentais: str | None = Field(default=None, sa_type=Text)
    demais_observacoes: str | None = Field(default=None, sa_type=Text)
    viagens_requeridas: str | None = None
    equipamentos_necessarios: str | None = None
    habilidades_comportamentais_necessarias: str | None = Field(default=None, sa_type=Text)


class VagaPerfil(VagaPerfilBase, VagaSectionRow, table=True):
    __tablename__ = "vaga_perfil"


class VagaPerfilIn(VagaPerfilBase, _SectionCode, OpenSection):
    pass


# --- beneficios ----------------------------------------------------------------------
class VagaBeneficiosBase(SystemBase):
    valor_venda: str | None = None
    valor_compra_1: str | None = None
    valor_compra_2: str | None = None


class VagaBeneficios(VagaBeneficiosBase, VagaSectionRow, table=True):
    __tablename__ = "vaga_beneficios"


class VagaBeneficiosIn(VagaBeneficiosBase, _SectionCode, OpenSection):
    pass


# The section tables by the record's attribute names.
SECTION_TABLES: dict[str, type[SQLModel]] = {
    "infos_basicas": VagaInfosBasicas,
    "perfil": VagaPerfil,
    "beneficios": VagaBeneficios,
}


# --- the search document (db/fulltext.py) -------------------------------------------


class VagaBusca(SystemBase, table=True):
    """A vaga's search document, rewritten on every write path (vagas/documents.py): its
    folded words by weight (title; skills and areas; activities and other texts) and its folded
    filter values. Indexed by FTS5 or a tsvector created by the migration, not by the models."""

    __tablename__ = "vaga_busca"

    codigo_vaga: int = Field(
        primary_key=True,
        foreign_key="vaga.codigo_vaga",
        ondelete="CASCADE",
        sa_column_kwargs={"autoincrement": False},
    )
    cliente: str | None = Field(default=None, index=True)
    cidade: str | None = Field(default=None, index=True)
    nivel_profissional: str | None = Field(default=None, index=True)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    # The long texts last: SQLite reads a row's columns in order, and a filter column stored
    # after a long text would cost a walk through its overflow pages.
    titulo: str = Field(default="", sa_type=Text)
    competencias: str = Field(default="", sa_type=Text)
    textos: str = Field(default="", sa_type=Text)


# --- the whole record ----------------------------------------------------------------
class VagaIn(OpenSection):
    """A vagas.json record (file or API spellings); unknown keys are kept."""

    model_config = ConfigDict(
        extra="allow",
        coerce_numbers_to_str=True,
        json_schema_extra={
            "example": {
                "infos_basicas": {
                    "codigo_vaga": 101,
                    "titulo_vaga": "Backend Developer",
                    "cliente": "XPTO",
                },
                "perfil_vaga": {"cidade": "São Paulo", "nivel_profissional": "Pleno"},
                "beneficios": {"valor_venda": "100"},
            }
        },
    )

    codigo_vaga: int | None = Field(default=None, ge=1, le=MAX_CODE)
    infos_basicas: VagaInfosBasicasIn = Field(
        schema_extra={"validation_alias": AliasChoices("infos_basicas", "informacoes_basicas")}
    )
    perfil: VagaPerfilIn | None = Field(
        default=None, schema_extra={"validation_alias": AliasChoices("perfil_vaga", "perfil")}
    )
    beneficios: VagaBeneficiosIn | None = None

    @model_validator(mode="after")
    def _one_code(self) -> Self:
        """`infos_basicas.codigo_vaga` (the original schema) or the top-level one; both agree."""
        sections = [self.infos_basicas, self.perfil, self.beneficios]
        codes = {self.codigo_vaga} | {s.codigo_vaga for s in sections if s is not None}
        codes.discard(None)
        if len(codes) > 1:
            raise PydanticCustomError(
                "codigo_vaga_mismatch",
                "codigo_vaga diferente entre o registro e suas seções: {codes}.",
                {"codes": sorted(c for c in codes if c is not None)},
            )
        if codes:
            self.codigo_vaga = codes.pop()
        return self


class VagaCreated(SystemBase):
    message: str
    codigo_vaga: int


class VagaSummary(VagaInfosBasicasBase):
    """A list row: the whole `infos_basicas` (every known field), plus a few `perfil` fields."""

    codigo_vaga: int
    cidade: str | None = None
    estado: str | None = None
    nivel_profissional: str | None = None


class VagasPage(SystemBase):
    total: int
    offset: int
    limit: int
    data: list[VagaSummary]


class VagaSections(SystemBase):
    model_config = ConfigDict(extra="allow")  # type: ignore[assignment]

    infos_basicas: dict[str, Any]
    perfil: dict[str, Any] | None = None
    beneficios: dict[str, Any] | None = None


class VagaDetails(SystemBase):
    data: VagaSections
