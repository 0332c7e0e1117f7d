"""The vagas' search documents (`vaga_busca`), rebuilt from the stored rows.

Every write path calls `refresh_documents` in its own transaction, after its rows are written:
the API's upsert and the Decision import (per batch). Reading back what is stored (rather than
what was sent) keeps the sections a write did not carry.
"""

from collections.abc import Iterable

from sqlalchemy import delete, insert, select
from sqlmodel import Session, col

from talentmatch.db.fulltext import document, folded
from talentmatch.vagas.models import Vaga, VagaBusca, VagaInfosBasicas, VagaPerfil

CHUNK = 500

# Where each document column reads its words, most telling first.
TITULO = (VagaInfosBasicas.titulo_vaga,)
COMPETENCIAS = (
    VagaPerfil.competencia_tecnicas_e_comportamentais,
    VagaPerfil.areas_atuacao,
    VagaPerfil.habilidades_comportamentais_necessarias,
)
TEXTOS = (
    VagaPerfil.principais_atividades,
    VagaPerfil.demais_observacoes,
    VagaInfosBasicas.objetivo_vaga,
    VagaPerfil.outro_idioma,
)
FILTERS = {
    "cliente": VagaInfosBasicas.cliente,
    "cidade": VagaPerfil.cidade,
    "nivel_profissional": VagaPerfil.nivel_profissional,
}


def refresh_documents(session: Session, codes: Iterable[int]) -> None:
    """Rewrite the search documents of `codes` from their stored rows; does not commit."""
    wanted = sorted(set(codes))
    if not wanted:
        return
    session.flush()
    columns = [*TITULO, *COMPETENCIAS, *TEXTOS, *FILTERS.values()]
    sizes = (len(TITULO), len(COMPETENCIAS), len(TEXTOS))
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        statement = (
            select(  # type: ignore[call-overload]  # more columns than typed overloads
                Vaga.codigo_vaga, Vaga.updated_at, *columns
            )
            .outerjoin(VagaInfosBasicas)
            .outerjoin(VagaPerfil)
            .where(col(Vaga.codigo_vaga).in_(chunk))
        )
        rows = []
        for row in session.execute(statement):
            values = list(row)
            code, updated_at, texts = values[0], values[1], values[2:]
            titulo, rest = texts[: sizes[0]], texts[sizes[0] :]
            competencias, rest = rest[: sizes[1]], rest[sizes[1] :]
            textos, filters = rest[: sizes[2]], rest[sizes[2] :]
            rows.append(
                {
                    "codigo_vaga": code,
                    "titulo": document(*titulo),
                    "competencias": document(*competencias),
                    "textos": document(*textos),
                    "updated_at": updated_at,
                    **{name: folded(value) for name, value in zip(FILTERS, filters, strict=True)},
                }
            )
        table = VagaBusca.__table__  # type: ignore[attr-defined]
        session.execute(delete(table).where(table.c.codigo_vaga.in_(chunk)))
        if rows:
            session.execute(insert(table), rows)
