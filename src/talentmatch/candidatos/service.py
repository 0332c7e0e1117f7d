"""Candidates: upsert, list, details."""

from sqlmodel import Session, SQLModel, col, func, select

from talentmatch.candidatos.models import (
    Candidato,
    CandidatoCargoAtual,
    CandidatoDetails,
    CandidatoFormacaoIdiomas,
    CandidatoIn,
    CandidatoInformacoesPessoais,
    CandidatoInformacoesProfissionais,
    CandidatoInfosBasicas,
    CandidatoSummary,
    Curriculos,
)
from talentmatch.core.errors import NotFound
from talentmatch.db.sections import load_sections, upsert_record

KEY = "codigo_profissional"
SECTION_TABLES: dict[str, type[SQLModel]] = {
    "infos_basicas": CandidatoInfosBasicas,
    "informacoes_pessoais": CandidatoInformacoesPessoais,
    "informacoes_profissionais": CandidatoInformacoesProfissionais,
    "formacao_e_idiomas": CandidatoFormacaoIdiomas,
    "cargo_atual": CandidatoCargoAtual,
}


def upsert_candidato(*, session: Session, candidato_in: CandidatoIn) -> tuple[int, bool]:
    """Insert or update a candidate by its code; returns (code, created).

    A section or résumé present in the input replaces the stored one; what the input
    does not carry is left as it was. A missing code is assigned.
    """
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
    )


def count_candidatos(*, session: Session) -> int:
    """How many candidates are stored."""
    return session.exec(select(func.count()).select_from(Candidato)).one()


def list_candidatos(*, session: Session, offset: int, limit: int) -> list[CandidatoSummary]:
    """One page of candidate summaries, by code."""
    statement = (
        select(  # type: ignore[call-overload,misc]  # more columns than its typed overloads
            Candidato.codigo_profissional,
            CandidatoInfosBasicas.nome,
            CandidatoInfosBasicas.email,
            CandidatoInfosBasicas.local,
            CandidatoInfosBasicas.data_atualizacao,
            CandidatoInformacoesProfissionais.titulo_profissional,
            CandidatoInformacoesProfissionais.nivel_profissional,
        )
        .outerjoin(CandidatoInfosBasicas)
        .outerjoin(CandidatoInformacoesProfissionais)
        .order_by(col(Candidato.codigo_profissional))
        .offset(offset)
        .limit(limit)
    )
    return [CandidatoSummary.model_validate(row._mapping) for row in session.exec(statement)]


def candidato_exists(*, session: Session, codigo_profissional: int) -> bool:
    """True when a candidate with this code is stored."""
    return session.get(Candidato, codigo_profissional) is not None


def get_candidato_details(*, session: Session, codigo_profissional: int) -> CandidatoDetails:
    """Every stored field of a candidate; raises NotFound."""
    root = session.get(Candidato, codigo_profissional)
    if root is None:
        raise NotFound(f"Candidato {codigo_profissional} não encontrado.")
    sections = load_sections(session, key_name=KEY, code=codigo_profissional, tables=SECTION_TABLES)
    infos = sections.pop("infos_basicas") or {}
    infos[KEY] = codigo_profissional
    texts = {"cv_pt": root.cv_pt, "cv_en": root.cv_en}
    curriculos = Curriculos(**{name: text for name, text in texts.items() if text is not None})
    return CandidatoDetails(
        infos_basicas=infos,
        curriculos=curriculos,
        **{name: data for name, data in sections.items() if data is not None},
        **(root.extras or {}),
    )
