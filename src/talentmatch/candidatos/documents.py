"""The candidates' search documents (`candidato_busca`), rebuilt from the stored rows.

Every write path calls `refresh_documents` in its own transaction, after its rows are written:
the API's upsert, the Decision import (per batch), the LGPD anonymisation. Reading back what is
stored (rather than what was sent) keeps the sections a write did not carry.
"""

from collections.abc import Iterable

from sqlalchemy import delete, insert, select
from sqlmodel import Session, col

from talentmatch.candidatos.models import (
    Candidato,
    CandidatoBusca,
    CandidatoCargoAtual,
    CandidatoFormacaoIdiomas,
    CandidatoInformacoesPessoais,
    CandidatoInformacoesProfissionais,
    CandidatoInfosBasicas,
)
from talentmatch.db.fulltext import document, folded

CHUNK = 500

_infos, _pessoais = CandidatoInfosBasicas, CandidatoInformacoesPessoais
_prof, _formacao, _cargo = (
    CandidatoInformacoesProfissionais,
    CandidatoFormacaoIdiomas,
    CandidatoCargoAtual,
)
# Where each document column reads its words, most telling first.
NOME = (_infos.nome, _pessoais.nome)
TITULOS = (
    _prof.titulo_profissional,
    _prof.area_atuacao,
    _prof.conhecimentos_tecnicos,
    _prof.certificacoes,
    _prof.outras_certificacoes,
    _cargo.cargo_atual,
)
TEXTOS = (
    _infos.objetivo_profissional,
    _prof.qualificacoes,
    _prof.experiencias,
    _formacao.cursos,
    _formacao.outro_curso,
    _formacao.instituicao_ensino_superior,
    Candidato.cv_pt,
    Candidato.cv_en,
)
FILTERS = {
    "cidade": _infos.local,
    "nivel_profissional": _prof.nivel_profissional,
    "nivel_academico": _formacao.nivel_academico,
    "nivel_ingles": _formacao.nivel_ingles,
}


def refresh_documents(session: Session, codes: Iterable[int]) -> None:
    """Rewrite the search documents of `codes` from their stored rows; does not commit."""
    wanted = sorted(set(codes))
    if not wanted:
        return
    session.flush()
    columns = [*NOME, *TITULOS, *TEXTOS, *FILTERS.values()]
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        statement = (
            select(  # type: ignore[call-overload]  # more columns than typed overloads
                Candidato.codigo_profissional, Candidato.updated_at, *columns
            )
            .outerjoin(_infos)
            .outerjoin(_pessoais)
            .outerjoin(_prof)
            .outerjoin(_formacao)
            .outerjoin(_cargo)
            .where(col(Candidato.codigo_profissional).in_(chunk))
        )
        rows = []
        for row in session.execute(statement):
            values = list(row)
            code, updated_at, texts = values[0], values[1], values[2:]
            nome, rest = texts[: len(NOME)], texts[len(NOME) :]
            titulos, rest = rest[: len(TITULOS)], rest[len(TITULOS) :]
            textos, filters = rest[: len(TEXTOS)], rest[len(TEXTOS) :]
            rows.append(
                {
                    "codigo_profissional": code,
                    "nome": document(*nome),
                    "titulos": document(*titulos),
                    "textos": document(*textos),
                    "updated_at": updated_at,
                    **{name: folded(value) for name, value in zip(FILTERS, filters, strict=True)},
                }
            )
        table = CandidatoBusca.__table__  # type: ignore[attr-defined]
        session.execute(delete(table).where(table.c.codigo_profissional.in_(chunk)))
        if rows:
            session.execute(insert(table), rows)
