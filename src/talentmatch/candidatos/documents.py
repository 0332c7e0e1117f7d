"""The candidates' search documents (`candidato_busca`): which fields feed which column.

Every write path rewrites them in its own transaction, after its rows are written: the API's
upsert and the LGPD anonymisation from the stored rows (`refresh_documents`: a write may keep
sections it did not carry), the Decision import from the records it validated for the codes it
inserts (`write_documents`) and from the stored rows for the codes it updates.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import Session

from talentmatch.candidatos.models import (
    SECTION_TABLES,
    Candidato,
    CandidatoBusca,
    CandidatoCargoAtual,
    CandidatoFormacaoIdiomas,
    CandidatoInformacoesPessoais,
    CandidatoInformacoesProfissionais,
    CandidatoInfosBasicas,
)
from talentmatch.db import documents
from talentmatch.db.documents import DocumentSpec

_infos, _pessoais = CandidatoInfosBasicas, CandidatoInformacoesPessoais
_prof, _formacao, _cargo = (
    CandidatoInformacoesProfissionais,
    CandidatoFormacaoIdiomas,
    CandidatoCargoAtual,
)
SPEC = DocumentSpec(
    table=CandidatoBusca.__table__,  # type: ignore[attr-defined]
    key="codigo_profissional",
    root=Candidato,
    sections=SECTION_TABLES,
    # Where each document column reads its words, most telling first.
    texts={
        "nome": (_infos.nome, _pessoais.nome),
        "titulos": (
            _prof.titulo_profissional,
            _prof.area_atuacao,
            _prof.conhecimentos_tecnicos,
            _prof.certificacoes,
            _prof.outras_certificacoes,
            _cargo.cargo_atual,
        ),
        "textos": (
            _infos.objetivo_profissional,
            _prof.qualificacoes,
            _prof.experiencias,
            _formacao.cursos,
            _formacao.outro_curso,
            _formacao.instituicao_ensino_superior,
            Candidato.cv_pt,
            Candidato.cv_en,
        ),
    },
    filters={
        "cidade": _infos.local,
        "nivel_profissional": _prof.nivel_profissional,
        "nivel_academico": _formacao.nivel_academico,
        "nivel_ingles": _formacao.nivel_ingles,
    },
)


def refresh_documents(session: Session, codes: Iterable[int]) -> None:
    """Rewrite the search documents of `codes` from their stored rows; does not commit."""
    documents.refresh(session, SPEC, codes)


def write_documents(
    session: Session, records: Iterable[tuple[int, Any]], updated_at: datetime
) -> None:
    """Write the documents of candidates written whole, from their validated records."""
    documents.write_from_records(session, SPEC, records, updated_at)
