"""Answers of the LGPD endpoints: a person's data export, the anonymisation report."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class HistoricoPessoal(BaseModel):
    situacao_anterior: str | None
    situacao_nova: str
    comentario: str | None
    alterado_em: datetime
    alterado_por: str


class ProspectPessoal(BaseModel):
    """One pipeline the person is in, with its status history."""

    codigo_vaga: int
    titulo_vaga: str | None
    nome: str | None
    situacao_candidato: str | None
    data_candidatura: str | None
    ultima_atualizacao: str | None
    comentario: str | None
    recrutador: str | None
    extras: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
    historico: list[HistoricoPessoal]


class DadosPessoais(BaseModel):
    """Everything stored about one candidate, unmasked (LGPD art. 18: access and portability)."""

    codigo_profissional: int
    gerado_em: datetime
    criado_em: datetime
    atualizado_em: datetime
    anonimizado_em: datetime | None
    infos_basicas: dict[str, Any] | None
    informacoes_pessoais: dict[str, Any] | None = Field(
        description="Full values, the CPF as given plus `cpf_normalizado` and `cpf_valido`"
    )
    informacoes_profissionais: dict[str, Any] | None
    formacao_e_idiomas: dict[str, Any] | None
    cargo_atual: dict[str, Any] | None
    curriculos: dict[str, str | None]
    extras: dict[str, Any] | None = Field(description="The record's unknown top-level keys")
    prospects: list[ProspectPessoal]


class Anonimizacao(BaseModel):
    """What an anonymisation did."""

    message: str
    codigo_profissional: int
    anonimizado_em: datetime
    ja_anonimizado: bool = Field(description="True when nothing personal was left to remove")
    campos_removidos: int = Field(description="Values blanked in this call")
    prospects: int = Field(description="Pipeline rows of this candidate (kept, names removed)")
