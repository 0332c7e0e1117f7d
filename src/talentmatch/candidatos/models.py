"""Candidates: a root row plus one row per section of an applicants.json record."""

from datetime import datetime
from typing import Any, ClassVar

from pydantic import ConfigDict, computed_field
from pydantic import Field as PydanticField
from sqlalchemy import JSON, Text
from sqlmodel import Field, SQLModel

from talentmatch.candidatos import cpf as cpf_rules
from talentmatch.db.bases import SystemBase
from talentmatch.db.sections import OpenSection, SectionRow
from talentmatch.db.types import MAX_CODE, UTCDateTime, utcnow


class Candidato(SystemBase, table=True):
    """A candidate: its code, résumés, and the record's unknown top-level keys."""

    codigo_profissional: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    cv_pt: str | None = Field(default=None, sa_type=Text)
    cv_en: str | None = Field(default=None, sa_type=Text)
    extras: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    # Hash of the file record last imported; None after an API edit (the next import rewrites).
    content_hash: str | None = Field(default=None, max_length=64)
    # The record's key in its file when not the code's plain spelling ("0123"); export uses it.
    chave_arquivo: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Indexed: besides "recently updated" queries, it gives SQLite a small index for COUNT(*)
    # (the table itself holds the résumés, and counting it would read them all).
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    # Set when the personal data was removed (LGPD); the pipeline statistics are kept.
    anonimizado_em: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CandidatoSectionRow(SectionRow):
    codigo_profissional: int = Field(
        primary_key=True, foreign_key="candidato.codigo_profissional", ondelete="CASCADE"
    )


# --- infos_basicas -------------------------------------------------------------------
class InfosBasicasBase(SystemBase):
    telefone_recado: str | None = None
    telefone: str | None = None
    objetivo_profissional: str | None = Field(default=None, sa_type=Text)
    data_criacao: str | None = None
    inserido_por: str | None = None
    email: str | None = None
    local: str | None = None
    sabendo_de_nos_por: str | None = None
    data_atualizacao: str | None = None
    nome: str | None = Field(default=None, index=True)


class CandidatoInfosBasicas(InfosBasicasBase, CandidatoSectionRow, table=True):
    __tablename__ = "candidato_infos_basicas"


class InfosBasicasIn(InfosBasicasBase, OpenSection):
    # Kept as spelled ("31000" in the files), and only when sent: an export does not add it.
    RAW_FIELDS: ClassVar[frozenset[str]] = frozenset({"codigo_profissional"})

    codigo_profissional: int | None = Field(default=None, ge=1, le=MAX_CODE)


# --- informacoes_pessoais ------------------------------------------------------------
class InformacoesPessoaisBase(SystemBase):
    data_aceite: str | None = None
    nome: str | None = None
    cpf: str | None = None
    fonte_indicacao: str | None = None
    email: str | None = None
    email_secundario: str | None = None
    data_nascimento: str | None = None
    telefone_celular: str | None = None
    telefone_recado: str | None = None
    sexo: str | None = None
    estado_civil: str | None = None
    pcd: str | None = None
    endereco: str | None = None
    skype: str | None = None
    url_linkedin: str | None = None
    facebook: str | None = None
    download_cv: str | None = None


class CandidatoInformacoesPessoais(InformacoesPessoaisBase, CandidatoSectionRow, table=True):
    __tablename__ = "candidato_informacoes_pessoais"

    # Derived from `cpf` (kept exactly as given) by candidatos/cpf.py; never exported.
    cpf_normalizado: str | None = Field(default=None, max_length=11, index=True)
    cpf_valido: bool | None = None


class InformacoesPessoaisIn(InformacoesPessoaisBase, OpenSection):
    """The section as sent; its computed CPF columns reach the row on every write path
    (API upsert and file import both store `row_values` of this model)."""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def cpf_normalizado(self) -> str | None:
        return cpf_rules.normalize(self.cpf)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def cpf_valido(self) -> bool | None:
        return cpf_rules.is_valid(self.cpf)


# --- informacoes_profissionais -------------------------------------------------------
class InformacoesProfissionaisBase(SystemBase):
    titulo_profissional: str | None = None
    area_atuacao: str | None = None
    conhecimentos_tecnicos: str | None = Field(default=None, sa_type=Text)
    certificacoes: str | None = Field(default=None, sa_type=Text)
    outras_certificacoes: str | None = Field(default=None, sa_type=Text)
    remuneracao: str | None = None
    nivel_profissional: str | None = None
    qualificacoes: str | None = Field(default=None, sa_type=Text)
    experiencias: str | None = Field(default=None, sa_type=Text)


class CandidatoInformacoesProfissionais(
    InformacoesProfissionaisBase, CandidatoSectionRow, table=True
):
    __tablename__ = "candidato_informacoes_profissionais"


class InformacoesProfissionaisIn(InformacoesProfissionaisBase, OpenSection):
    pass


# --- formacao_e_idiomas --------------------------------------------------------------
class FormacaoIdiomasBase(SystemBase):
    nivel_academico: str | None = None
    nivel_ingles: str | None = None
    nivel_espanhol: str | None = None
    outro_idioma: str | None = None
    instituicao_ensino_superior: str | None = None
    cursos: str | None = Field(default=None, sa_type=Text)
    ano_conclusao: str | None = None
    outro_curso: str | None = None


class CandidatoFormacaoIdiomas(FormacaoIdiomasBase, CandidatoSectionRow, table=True):
    __tablename__ = "candidato_formacao_e_idiomas"


class FormacaoIdiomasIn(FormacaoIdiomasBase, OpenSection):
    pass


# --- cargo_atual ---------------------------------------------------------------------
class CargoAtualBase(SystemBase):
    id_ibrati: str | None = None
    email_corporativo: str | None = None
    cargo_atual: str | None = None
    projeto_atual: str | None = None
    cliente: str | None = None
    unidade: str | None = None
    data_admissao: str | None = None
    data_ultima_promocao: str | None = None
    nome_superior_imediato: str | None = None
    email_superior_imediato: str | None = None


class CandidatoCargoAtual(CargoAtualBase, CandidatoSectionRow, table=True):
    __tablename__ = "candidato_cargo_atual"


class CargoAtualIn(CargoAtualBase, OpenSection):
    pass


# The section tables by the record's attribute names.
SECTION_TABLES: dict[str, type[SQLModel]] = {
    "infos_basicas": CandidatoInfosBasicas,
    "informacoes_pessoais": CandidatoInformacoesPessoais,
    "informacoes_profissionais": CandidatoInformacoesProfissionais,
    "formacao_e_idiomas": CandidatoFormacaoIdiomas,
    "cargo_atual": CandidatoCargoAtual,
}


# --- the search document (db/fulltext.py) -------------------------------------------


class CandidatoBusca(SystemBase, table=True):
    """A candidate's search document, rewritten on every write path (candidatos/documents.py):
    its folded words by weight (name; title and skills; résumés and other texts) and its folded
    filter values. Indexed by FTS5 or a tsvector created by the migration, not by the models."""

    __tablename__ = "candidato_busca"

    codigo_profissional: int = Field(
        primary_key=True,
        foreign_key="candidato.codigo_profissional",
        ondelete="CASCADE",
        sa_column_kwargs={"autoincrement": False},
    )
    cidade: str | None = Field(default=None, index=True)
    nivel_profissional: str | None = Field(default=None, index=True)
    nivel_academico: str | None = Field(default=None, index=True)
    nivel_ingles: str | None = Field(default=None, index=True)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    # The long texts last: SQLite reads a row's columns in order, and a filter column stored
    # after a long text would cost a walk through its overflow pages.
    nome: str = Field(default="", sa_type=Text)
    titulos: str = Field(default="", sa_type=Text)
    textos: str = Field(default="", sa_type=Text)


# --- the whole record ----------------------------------------------------------------
class CandidatoIn(OpenSection):
    """An applicants.json record (or the API's version of it); unknown keys are kept."""

    model_config = ConfigDict(
        extra="allow",
        coerce_numbers_to_str=True,
        json_schema_extra={
            "example": {
                "infos_basicas": {"codigo_profissional": 123, "nome": "João Silva"},
                "informacoes_pessoais": {"endereco": "Rua A, 123", "telefone": "11999999999"},
                "informacoes_profissionais": {"titulo_profissional": "Desenvolvedor"},
                "formacao_e_idiomas": {"nivel_academico": "Ensino Superior Completo"},
                "cv_pt": "Texto do currículo em português",
            }
        },
    )

    infos_basicas: InfosBasicasIn
    informacoes_pessoais: InformacoesPessoaisIn | None = None
    informacoes_profissionais: InformacoesProfissionaisIn | None = None
    formacao_e_idiomas: FormacaoIdiomasIn | None = None
    cargo_atual: CargoAtualIn | None = None
    cv_pt: str | None = PydanticField(default=None, max_length=1_000_000)
    cv_en: str | None = PydanticField(default=None, max_length=1_000_000)


class CandidatoCreated(SystemBase):
    message: str
    codigo_candidato: int


class CandidatoSummary(InfosBasicasBase):
    """A list row: the whole `infos_basicas` (every known field), plus a few other fields."""

    codigo_profissional: int
    cpf: str | None = Field(default=None, description="Mascarado: ***.456.789-**")
    titulo_profissional: str | None = None
    nivel_profissional: str | None = None


class CandidatosPage(SystemBase):
    total: int
    offset: int
    limit: int
    data: list[CandidatoSummary]


class Curriculos(SystemBase):
    cv_pt: str | None = None
    cv_en: str | None = None


class CandidatoDetails(SystemBase):
    """A candidate as stored: each section with its known fields and unknown keys."""

    model_config = ConfigDict(extra="allow")  # type: ignore[assignment]

    infos_basicas: dict[str, Any]
    informacoes_pessoais: dict[str, Any] | None = None
    informacoes_profissionais: dict[str, Any] | None = None
    formacao_e_idiomas: dict[str, Any] | None = None
    cargo_atual: dict[str, Any] | None = None
    curriculos: Curriculos
