"""The vagas' search documents (`vaga_busca`): which fields feed which column.

Every write path rewrites them in its own transaction, after its rows are written: the API's
upsert from the stored rows (`refresh_documents`: a write may keep sections it did not carry),
the Decision import from the records it validated for the codes it inserts (`write_documents`)
and from the stored rows for the codes it updates.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import Session

from talentmatch.db import documents
from talentmatch.db.documents import DocumentSpec
from talentmatch.vagas.models import SECTION_TABLES, Vaga, VagaBusca, VagaInfosBasicas, VagaPerfil

SPEC = DocumentSpec(
    table=VagaBusca.__table__,  # type: ignore[attr-defined]
    key="codigo_vaga",
    root=Vaga,
    sections=SECTION_TABLES,
    # Where each document column reads its words, most telling first.
    texts={
        "titulo": (VagaInfosBasicas.titulo_vaga,),
        "competencias": (
            VagaPerfil.competencia_tecnicas_e_comportamentais,
            VagaPerfil.areas_atuacao,
            VagaPerfil.habilidades_comportamentais_necessarias,
        ),
        "textos": (
            VagaPerfil.principais_atividades,
            VagaPerfil.demais_observacoes,
            VagaInfosBasicas.objetivo_vaga,
            VagaPerfil.outro_idioma,
        ),
    },
    filters={
        "cliente": VagaInfosBasicas.cliente,
        "cidade": VagaPerfil.cidade,
        "nivel_profissional": VagaPerfil.nivel_profissional,
    },
)


def refresh_documents(session: Session, codes: Iterable[int]) -> None:
    """Rewrite the search documents of `codes` from their stored rows; does not commit."""
    documents.refresh(session, SPEC, codes)


def write_documents(
    session: Session, records: Iterable[tuple[int, Any]], updated_at: datetime
) -> None:
    """Write the documents of vagas written whole, from their validated records."""
    documents.write_from_records(session, SPEC, records, updated_at)
