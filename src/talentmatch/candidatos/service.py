"""Candidates: upsert, list, details (CPFs masked in what the list and details show)."""

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from talentmatch.candidatos import cpf
from talentmatch.candidatos.documents import refresh_documents
from talentmatch.candidatos.models import (
    SECTION_TABLES,
    Candidato,
    CandidatoDetails,
    CandidatoIn,
    CandidatoInformacoesPessoais,
    CandidatoInformacoesProfissionais,
    CandidatoInfosBasicas,
    CandidatoSummary,
    Curriculos,
    InfosBasicasBase,
)
from talentmatch.core.errors import NotFound
from talentmatch.db.sections import ROW_BOOKKEEPING, section_dict, upsert_record

KEY = "codigo_profissional"


def upsert_candidato(
    *, session: Session, candidato_in: CandidatoIn, expected_updated_at: datetime | None = None
) -> tuple[int, bool]:
    """Insert or update a candidate by its code; returns (code, created).

    A section or résumé present in the input replaces the stored one; what the input
    does not carry is left as it was. A missing code is assigned. With `expected_updated_at`
    (optimistic locking), Conflict when the candidate was written since the client read it.
    """
    _keep_masked_cpf(session=session, candidato_in=candidato_in)
    return upsert_record(
        session,
        root_table=Candidato,
        key_name=KEY,
        code=candidato_in.infos_basicas.codigo_profissional,
        root_values={
            name: getattr(candidato_in, name)
            for name in ("cv_pt", "cv_en")
            if name in candidato_in.model_fields_set
        },
        extras=candidato_in.model_extra,
        sections=[(table, getattr(candidato_in, name)) for name, table in SECTION_TABLES.items()],
        before_commit=lambda session, code: refresh_documents(session, [code]),
        expected_updated_at=expected_updated_at,
    )


def count_candidatos(*, session: Session) -> int:
    """How many candidates are stored."""
    return session.exec(select(func.count()).select_from(Candidato)).one()


_INFOS_COLUMNS = [
    getattr(CandidatoInfosBasicas, name)
    for name in InfosBasicasBase.model_fields
    if name != KEY and name not in ROW_BOOKKEEPING
]


def _summaries() -> Any:
    return (
        select(  # type: ignore[call-overload,misc]  # more columns than its typed overloads
            Candidato.codigo_profissional,
            *_INFOS_COLUMNS,
            CandidatoInformacoesPessoais.cpf,
            CandidatoInformacoesProfissionais.titulo_profissional,
            CandidatoInformacoesProfissionais.nivel_profissional,
        )
        .outerjoin(CandidatoInfosBasicas)
        .outerjoin(CandidatoInformacoesProfissionais)
        .outerjoin(CandidatoInformacoesPessoais)
    )


def list_candidatos(*, session: Session, offset: int, limit: int) -> list[CandidatoSummary]:
    """One page of candidate summaries, by code: the whole `infos_basicas`, CPFs masked."""
    statement = (
        _summaries().order_by(col(Candidato.codigo_profissional)).offset(offset).limit(limit)
    )
    # The same masking as the details answer, so that one rule covers both.
    return [
        CandidatoSummary.model_validate(mask_cpfs(dict(row._mapping)))
        for row in session.exec(statement)
    ]


def summaries_by_code(*, session: Session, codes: list[int]) -> dict[int, CandidatoSummary]:
    """The summaries (as `list_candidatos`) of `codes`, by code; absent codes left out."""
    if not codes:
        return {}
    statement = _summaries().where(col(Candidato.codigo_profissional).in_(codes))
    summaries = (
        CandidatoSummary.model_validate(mask_cpfs(dict(row._mapping)))
        for row in session.exec(statement)
    )
    return {summary.codigo_profissional: summary for summary in summaries}


def get_candidato(*, session: Session, codigo_profissional: int) -> Candidato | None:
    """The candidate's root row (résumés, unknown keys, timestamps), or None."""
    return session.get(Candidato, codigo_profissional)


def candidato_exists(*, session: Session, codigo_profissional: int) -> bool:
    """True when a candidate with this code is stored."""
    return session.get(Candidato, codigo_profissional) is not None


def load_section_dicts(
    *, session: Session, codigo_profissional: int, derived: bool = False
) -> dict[str, Any]:
    """Each stored section by its API name, full values (None for an absent section); the CPF's
    derived columns only when `derived` (the LGPD export shows them, even when NULL)."""
    hidden = frozenset({KEY}) if derived else frozenset({KEY, *cpf.DERIVED_COLUMNS})
    loaded: dict[str, Any] = {}
    for name, table in SECTION_TABLES.items():
        row = session.get(table, codigo_profissional)
        if row is None:
            loaded[name] = None
            continue
        data = section_dict(row, key_columns=hidden)
        if derived and isinstance(row, CandidatoInformacoesPessoais):
            data |= {"cpf_normalizado": row.cpf_normalizado, "cpf_valido": row.cpf_valido}
        loaded[name] = data
    return loaded


def _masked(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return cpf.mask(str(value))  # a CPF sent as a number is answered as it was: masked
    return cpf.mask(value) if isinstance(value, str) else value


def mask_cpfs(data: dict[str, Any]) -> dict[str, Any]:
    """`data` with every text (or number) under a `cpf` key masked (sections and unknown keys
    alike)."""
    return {key: _masked(value) if key.lower() == "cpf" else value for key, value in data.items()}


def get_candidato_details(*, session: Session, codigo_profissional: int) -> CandidatoDetails:
    """Every stored field of a candidate, CPFs masked; raises NotFound."""
    root = session.get(Candidato, codigo_profissional)
    if root is None:
        raise NotFound(f"Candidato {codigo_profissional} não encontrado.")
    sections = load_section_dicts(session=session, codigo_profissional=codigo_profissional)
    infos = mask_cpfs(sections.pop("infos_basicas") or {})
    infos[KEY] = codigo_profissional
    texts = {"cv_pt": root.cv_pt, "cv_en": root.cv_en}
    curriculos = Curriculos(**{name: text for name, text in texts.items() if text is not None})
    return CandidatoDetails(
        infos_basicas=infos,
        curriculos=curriculos,
        **{name: mask_cpfs(data) for name, data in sections.items() if data is not None},
        **mask_cpfs(root.extras or {}),
    )


def _keep_masked_cpf(*, session: Session, candidato_in: CandidatoIn) -> None:
    """A details answer posted back carries the masked CPF: keep the stored one instead.

    Only when the sent value is exactly the mask of the stored CPF; any other value is
    stored as sent.
    """
    code = candidato_in.infos_basicas.codigo_profissional
    section = candidato_in.informacoes_pessoais
    if code is None or section is None or section.cpf is None or not cpf.MASKED.match(section.cpf):
        return
    stored = session.get(CandidatoInformacoesPessoais, code)
    if stored is not None and stored.cpf is not None and cpf.mask(stored.cpf) == section.cpf:
        section.cpf = stored.cpf
