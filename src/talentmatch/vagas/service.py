"""Vagas: upsert, list, details."""

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from talentmatch.core.errors import NotFound
from talentmatch.db.sections import ROW_BOOKKEEPING, load_sections, upsert_record
from talentmatch.vagas.documents import refresh_documents
from talentmatch.vagas.models import (
    SECTION_TABLES,
    Vaga,
    VagaIn,
    VagaInfosBasicas,
    VagaInfosBasicasBase,
    VagaPerfil,
    VagaSections,
    VagaSummary,
)

KEY = "codigo_vaga"


def upsert_vaga(
    *, session: Session, vaga_in: VagaIn, expected_updated_at: datetime | None = None
) -> tuple[int, bool]:
    """Insert or update a vaga by its code; returns (code, created).

    A section present in the input replaces the stored one; sections the input does
    not carry are left as they were. A missing code is assigned. With `expected_updated_at`
    (optimistic locking), Conflict when the vaga was written since the client read it.
    """
    return upsert_record(
        session,
        root_table=Vaga,
        key_name=KEY,
        code=vaga_in.codigo_vaga,
        root_values={},
        extras=vaga_in.model_extra,
        sections=[(table, getattr(vaga_in, name)) for name, table in SECTION_TABLES.items()],
        before_commit=lambda session, code: refresh_documents(session, [code]),
        expected_updated_at=expected_updated_at,
    )


def count_vagas(*, session: Session) -> int:
    """How many vagas are stored."""
    return session.exec(select(func.count()).select_from(Vaga)).one()


_INFOS_COLUMNS = [
    getattr(VagaInfosBasicas, name)
    for name in VagaInfosBasicasBase.model_fields
    if name != KEY and name not in ROW_BOOKKEEPING
]


def _summaries() -> Any:
    return (
        select(  # type: ignore[call-overload,misc]  # more columns than its typed overloads
            Vaga.codigo_vaga,
            *_INFOS_COLUMNS,
            VagaPerfil.cidade,
            VagaPerfil.estado,
            VagaPerfil.nivel_profissional,
        )
        .outerjoin(VagaInfosBasicas)
        .outerjoin(VagaPerfil)
    )


def list_vagas(*, session: Session, offset: int, limit: int) -> list[VagaSummary]:
    """One page of vaga summaries, by code: the whole `infos_basicas` and a few `perfil` fields."""
    statement = _summaries().order_by(col(Vaga.codigo_vaga)).offset(offset).limit(limit)
    return [VagaSummary.model_validate(row._mapping) for row in session.exec(statement)]


def summaries_by_code(*, session: Session, codes: list[int]) -> dict[int, VagaSummary]:
    """The summaries (as `list_vagas`) of `codes`, by code; absent codes left out."""
    if not codes:
        return {}
    statement = _summaries().where(col(Vaga.codigo_vaga).in_(codes))
    summaries = (VagaSummary.model_validate(row._mapping) for row in session.exec(statement))
    return {summary.codigo_vaga: summary for summary in summaries}


def get_vaga(*, session: Session, codigo_vaga: int) -> Vaga | None:
    """The vaga's root row, or None."""
    return session.get(Vaga, codigo_vaga)


def get_titulo_vaga(*, session: Session, codigo_vaga: int) -> str | None:
    """The vaga's title, or None when the vaga or its title is absent."""
    infos = session.get(VagaInfosBasicas, codigo_vaga)
    return infos.titulo_vaga if infos else None


def get_vaga_sections(*, session: Session, codigo_vaga: int) -> VagaSections:
    """Every stored field of a vaga; raises NotFound."""
    root = session.get(Vaga, codigo_vaga)
    if root is None:
        raise NotFound(f"Vaga {codigo_vaga} não encontrada.")
    sections = load_sections(session, key_name=KEY, code=codigo_vaga, tables=SECTION_TABLES)
    # The code inside each section, where the original schema put it (its front end reads it
    # from all three); the record's own unknown keys go at the top level.
    infos = {KEY: codigo_vaga, **(sections.pop("infos_basicas") or {})}
    return VagaSections(
        infos_basicas=infos,
        **{name: {KEY: codigo_vaga, **data} for name, data in sections.items() if data is not None},
        **(root.extras or {}),
    )
