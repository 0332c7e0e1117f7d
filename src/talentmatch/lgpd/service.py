"""LGPD: export everything held about a person; remove the personal part of it.

What anonymisation removes (each value becomes "" — or [] / {} / null for other types —
so that an exported record keeps its shape; absent fields stay absent):

- informacoes_pessoais: every field (name, CPF and its derived columns, e-mails, phones,
  birth date, address, sex, marital status, PcD, social links, consent and referral notes,
  the résumé file name) and every unknown key of that section;
- infos_basicas: nome, email, telefone, telefone_recado;
- cargo_atual: id_ibrati, email_corporativo, nome_superior_imediato, email_superior_imediato;
- the résumés cv_pt and cv_en;
- in every section's unknown keys and the record's unknown top-level keys, at any depth:
  every key that is not professional by an allow-list (PROFESSIONAL_TOKENS: a word of
  the key names a professional attribute, and no word of it names a personal one), so
  `contato_whats`, `tel`, `responsavel` or a nested `obs` lose their values;
- in this candidate's prospect rows: nome, comentario and personal unknown keys; in their
  status history: the comentario of each change.

Kept: the candidate's row and code, the professional sections (level, area, skills,
education), infos_basicas' professional and bookkeeping fields, the prospect rows with their
status, dates and recruiter, and the status history (from, to, when, by whom).

A later import of a file that still carries the person restores what the file says: the
import writes what its file holds (the source file must be purged as well). The record's
content hash is cleared, so such an import does rewrite it; `anonimizado_em` stays as the
time of the last anonymisation, and the audit log shows both.
"""

from collections.abc import Callable, Iterable
from typing import Any

from sqlmodel import Session, col, select

from talentmatch.auditoria.models import AuditAction
from talentmatch.auditoria.service import Actor, record
from talentmatch.candidatos.documents import refresh_documents
from talentmatch.candidatos.models import (
    Candidato,
    CandidatoInformacoesPessoais,
)
from talentmatch.candidatos.personal import PERSONAL_FIELDS, scrub
from talentmatch.candidatos.service import SECTION_TABLES, load_section_dicts
from talentmatch.core.errors import NotFound
from talentmatch.db.types import utcnow
from talentmatch.lgpd.schemas import (
    Anonimizacao,
    DadosPessoais,
    HistoricoPessoal,
    ProspectPessoal,
)
from talentmatch.prospects.models import Prospect, ProspectHistorico, ProspectVaga


def _scrub_extras(row: Any, *, everything: bool = False) -> int:
    if not row.extras:
        return 0
    cleaned, changed = scrub(row.extras, everything=everything)
    if changed:
        row.extras = cleaned  # a new object: JSON columns do not track changes in place
    return changed


def _blank_fields(row: Any, names: tuple[str, ...]) -> int:
    changed = 0
    for name in names:
        if getattr(row, name) not in (None, ""):
            setattr(row, name, "")
            changed += 1
    return changed


def _get_root(session: Session, codigo_profissional: int) -> Candidato:
    root = session.get(Candidato, codigo_profissional)
    if root is None:
        raise NotFound(f"Candidato {codigo_profissional} não encontrado.")
    return root


def _prospects(session: Session, codigo_profissional: int) -> list[Prospect]:
    statement = (
        select(Prospect)
        .where(Prospect.codigo_candidato == codigo_profissional)
        .order_by(col(Prospect.codigo_vaga))
    )
    return list(session.exec(statement).all())


def _history(session: Session, prospect_ids: list[int]) -> list[ProspectHistorico]:
    statement = (
        select(ProspectHistorico)
        .where(col(ProspectHistorico.prospect_id).in_(prospect_ids))
        .order_by(col(ProspectHistorico.alterado_em), col(ProspectHistorico.id))
    )
    return list(session.exec(statement).all())


def personal_data(*, session: Session, codigo_profissional: int) -> DadosPessoais:
    """Everything stored about a candidate, nothing masked; raises NotFound."""
    root = _get_root(session, codigo_profissional)
    sections = load_section_dicts(
        session=session, codigo_profissional=codigo_profissional, derived=True
    )
    prospects = _prospects(session, codigo_profissional)
    titles = dict(
        session.exec(
            select(ProspectVaga.codigo_vaga, ProspectVaga.titulo_vaga).where(
                col(ProspectVaga.codigo_vaga).in_([p.codigo_vaga for p in prospects])
            )
        ).all()
    )
    history: dict[int, list[HistoricoPessoal]] = {}
    for change in _history(session, [p.id for p in prospects if p.id is not None]):
        history.setdefault(change.prospect_id, []).append(
            HistoricoPessoal.model_validate(change, from_attributes=True)
        )
    return DadosPessoais(
        codigo_profissional=codigo_profissional,
        gerado_em=utcnow(),
        criado_em=root.created_at,
        atualizado_em=root.updated_at,
        anonimizado_em=root.anonimizado_em,
        **sections,
        curriculos={"cv_pt": root.cv_pt, "cv_en": root.cv_en},
        extras=root.extras,
        prospects=[
            ProspectPessoal.model_validate(
                {
                    **prospect.model_dump(),
                    "titulo_vaga": titles.get(prospect.codigo_vaga),
                    "historico": history.get(prospect.id or 0, []),
                }
            )
            for prospect in prospects
        ],
    )


def anonymize(*, session: Session, codigo_profissional: int) -> Anonimizacao:
    """Remove a candidate's personal data, keep its pipeline; idempotent. Raises NotFound."""
    root = _get_root(session, codigo_profissional)
    removed = _blank_fields(root, ("cv_pt", "cv_en")) + _scrub_extras(root)
    for table in SECTION_TABLES.values():
        row = session.get(table, codigo_profissional)
        if row is None:
            continue
        removed += _blank_fields(row, PERSONAL_FIELDS.get(table, ()))
        everything = isinstance(row, CandidatoInformacoesPessoais)
        removed += _scrub_extras(row, everything=everything)
        if isinstance(row, CandidatoInformacoesPessoais):
            row.cpf_normalizado = row.cpf_valido = None
        session.add(row)
    prospects = _prospects(session, codigo_profissional)
    for prospect in prospects:
        removed += _blank_fields(prospect, ("nome", "comentario")) + _scrub_extras(prospect)
        session.add(prospect)
    for change in _history(session, [p.id for p in prospects if p.id is not None]):
        removed += _blank_fields(change, ("comentario",))
        session.add(change)
    already = removed == 0 and root.anonimizado_em is not None
    if not already:
        now = utcnow()
        root.anonimizado_em = now
        root.updated_at = now
        root.content_hash = None  # a later import of this record rewrites it (see above)
    session.add(root)
    refresh_documents(session, [codigo_profissional])  # the name is no longer found by search
    session.commit()
    session.refresh(root)
    assert root.anonimizado_em is not None
    return Anonimizacao(
        message="Dados pessoais removidos.",
        codigo_profissional=codigo_profissional,
        anonimizado_em=root.anonimizado_em,
        ja_anonimizado=already,
        campos_removidos=removed,
        prospects=len(prospects),
    )


def anonymize_audited(
    *,
    session: Session,
    audit_session: Session,
    listeners: Iterable[Callable[[int], None]],
    admin: Actor,
    codigo_profissional: int,
    via: str | None = None,
) -> Anonimizacao:
    """`anonymize`, then tell the erasure listeners (the recommender forgets the person),
    then audit: the steps of the API route and of the web app's confirmation alike."""
    result = anonymize(session=session, codigo_profissional=codigo_profissional)
    for forget in listeners:
        forget(codigo_profissional)
    details: dict[str, Any] = {
        "campos_removidos": result.campos_removidos,
        "ja_anonimizado": result.ja_anonimizado,
        "prospects": result.prospects,
    }
    if via is not None:
        details["via"] = via
    record(
        audit_session,
        action=AuditAction.candidato_anonimizado,
        actor=admin,
        target=f"candidato:{codigo_profissional}",
        details=details,
    )
    return result
