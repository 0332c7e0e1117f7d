"""The prospect pipeline: add a candidate to a vaga, move it through statuses."""

from collections import defaultdict
from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from talentmatch.candidatos.models import CandidatoInfosBasicas
from talentmatch.candidatos.service import candidato_exists
from talentmatch.core.errors import Conflict, NotFound
from talentmatch.db.types import utcnow
from talentmatch.db.upserts import insert_ignoring_conflict
from talentmatch.prospects.models import (
    HistoricoPublic,
    Prospect,
    ProspectCreate,
    ProspectGroup,
    ProspectHistorico,
    ProspectPublic,
    ProspectUpdate,
    ProspectVaga,
    ProspectWithHistory,
)
from talentmatch.prospects.statuses import require_registered
from talentmatch.vagas.service import get_titulo_vaga, get_vaga

# Decision's dates are São Paulo local dates, written DD-MM-YYYY; Brazil has had no
# daylight saving time since 2019, so a fixed offset is exact.
SAO_PAULO = timezone(timedelta(hours=-3))


def today_decision_format() -> str:
    """Today's date in São Paulo, as Decision writes dates."""
    return datetime.now(UTC).astimezone(SAO_PAULO).strftime("%d-%m-%Y")


def _public(prospect: Prospect, titulo_vaga: str | None) -> ProspectPublic:
    return ProspectPublic.model_validate(
        {**prospect.model_dump(), "titulo_vaga": titulo_vaga}, from_attributes=False
    )


def _with_history(session: Session, prospect: Prospect, titulo: str | None) -> ProspectWithHistory:
    history = session.exec(
        select(ProspectHistorico)
        .where(ProspectHistorico.prospect_id == prospect.id)
        .order_by(col(ProspectHistorico.id))
    ).all()
    return ProspectWithHistory(
        **_public(prospect, titulo).model_dump(),
        historico=[HistoricoPublic.model_validate(h, from_attributes=True) for h in history],
    )


def _find(session: Session, codigo_vaga: int, codigo_candidato: int) -> Prospect | None:
    return session.exec(
        select(Prospect).where(
            Prospect.codigo_vaga == codigo_vaga, Prospect.codigo_candidato == codigo_candidato
        )
    ).first()


def add_candidate(
    *, session: Session, prospect_in: ProspectCreate, username: str
) -> ProspectWithHistory:
    """Put a known candidate in a known vaga's pipeline; 404 / 409 as the API says."""
    if get_vaga(session=session, codigo_vaga=prospect_in.codigo_vaga) is None:
        raise NotFound(f"Vaga {prospect_in.codigo_vaga} não encontrada.")
    if not candidato_exists(session=session, codigo_profissional=prospect_in.codigo_candidato):
        raise NotFound(f"Candidato {prospect_in.codigo_candidato} não encontrado.")
    require_registered(session=session, nome=prospect_in.situacao_candidato)
    if _find(session, prospect_in.codigo_vaga, prospect_in.codigo_candidato) is not None:
        raise _already_there(prospect_in)
    # The vaga's pipeline may be created by a concurrent request: the database decides.
    insert_ignoring_conflict(
        session,
        ProspectVaga.__table__,  # type: ignore[attr-defined]
        {
            "codigo_vaga": prospect_in.codigo_vaga,
            "titulo_vaga": prospect_in.titulo_vaga
            or get_titulo_vaga(session=session, codigo_vaga=prospect_in.codigo_vaga),
            "modalidade": prospect_in.modalidade,
        },
        keys=("codigo_vaga",),
    )
    group = session.get(ProspectVaga, prospect_in.codigo_vaga, populate_existing=True)
    assert group is not None
    nome = prospect_in.nome
    if nome is None:
        infos = session.get(CandidatoInfosBasicas, prospect_in.codigo_candidato)
        nome = infos.nome if infos else None
    today = today_decision_format()
    prospect = Prospect(
        codigo_vaga=prospect_in.codigo_vaga,
        codigo_candidato=prospect_in.codigo_candidato,
        nome=nome,
        situacao_candidato=prospect_in.situacao_candidato,
        data_candidatura=prospect_in.data_candidatura or today,
        ultima_atualizacao=today,
        comentario=prospect_in.comentario,
        recrutador=prospect_in.recrutador,
        extras=dict(prospect_in.model_extra or {}) or None,
    )
    session.add(prospect)
    try:
        session.flush()  # the pair's unique key: a concurrent add of the same pair fails here
    except IntegrityError as exc:
        session.rollback()
        raise _already_there(prospect_in) from exc
    session.add(
        ProspectHistorico(
            prospect_id=prospect.id,  # type: ignore[arg-type]
            situacao_anterior=None,
            situacao_nova=prospect.situacao_candidato or "",
            comentario=prospect_in.comentario,
            alterado_por=username,
        )
    )
    titulo = group.titulo_vaga
    session.commit()
    return _with_history(session, prospect, titulo)


def _already_there(prospect_in: ProspectCreate) -> Conflict:
    return Conflict(
        f"O candidato {prospect_in.codigo_candidato} já está na vaga {prospect_in.codigo_vaga}."
    )


def _lock(session: Session, codigo_vaga: int, codigo_candidato: int) -> Prospect | None:
    """The prospect, read under its row's write lock until the commit; None when absent.

    An UPDATE first takes the lock on both databases (PostgreSQL: the row; SQLite: the write
    transaction, so the read below sees the last committed status); FOR UPDATE says it again
    on PostgreSQL. Two concurrent changes then chain in the history, neither lost.
    """
    touched = session.execute(
        update(Prospect)
        .where(
            col(Prospect.codigo_vaga) == codigo_vaga,
            col(Prospect.codigo_candidato) == codigo_candidato,
        )
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if not touched.rowcount:  # type: ignore[attr-defined]
        return None
    return session.exec(
        select(Prospect)
        .where(Prospect.codigo_vaga == codigo_vaga, Prospect.codigo_candidato == codigo_candidato)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def update_candidate(
    *, session: Session, update_in: ProspectUpdate, username: str
) -> ProspectWithHistory:
    """Move a prospect to a new status, keeping the change in its history; 404 if absent."""
    prospect = _lock(session, update_in.codigo_vaga, update_in.codigo_candidato)
    if prospect is None:
        raise NotFound(
            f"O candidato {update_in.codigo_candidato} não está na vaga {update_in.codigo_vaga}."
        )
    require_registered(session=session, nome=update_in.situacao_candidato)
    if update_in.expected_status is not None:
        # Read again under the row lock (PostgreSQL), so no concurrent move slips in between.
        session.refresh(prospect, with_for_update=True)
        if prospect.situacao_candidato != update_in.expected_status:
            raise Conflict(
                f"O candidato {update_in.codigo_candidato} já foi movido para "
                f"'{prospect.situacao_candidato}' por outra pessoa; nada foi alterado. "
                "Recarregue e tente de novo."
            )
    previous = prospect.situacao_candidato
    prospect.situacao_candidato = update_in.situacao_candidato
    if update_in.comentario is not None:
        prospect.comentario = update_in.comentario
    prospect.ultima_atualizacao = today_decision_format()
    prospect.updated_at = utcnow()
    session.add(prospect)
    session.add(
        ProspectHistorico(
            prospect_id=prospect.id,  # type: ignore[arg-type]
            situacao_anterior=previous,
            situacao_nova=prospect.situacao_candidato,
            comentario=update_in.comentario,
            alterado_por=username,
        )
    )
    session.commit()
    group = session.get(ProspectVaga, prospect.codigo_vaga)
    return _with_history(session, prospect, group.titulo_vaga if group else None)


def get_history(
    *, session: Session, codigo_vaga: int, codigo_candidato: int
) -> ProspectWithHistory:
    """One prospect with its status history; 404 if absent."""
    prospect = _find(session, codigo_vaga, codigo_candidato)
    if prospect is None:
        raise NotFound(f"O candidato {codigo_candidato} não está na vaga {codigo_vaga}.")
    group = session.get(ProspectVaga, codigo_vaga)
    return _with_history(session, prospect, group.titulo_vaga if group else None)


def count_prospects(*, session: Session) -> int:
    """How many prospect rows are stored."""
    return session.exec(select(func.count()).select_from(Prospect)).one()


def list_prospects(*, session: Session, offset: int, limit: int) -> list[ProspectPublic]:
    """One page of prospects, by vaga then candidate."""
    rows = session.exec(
        select(Prospect, ProspectVaga.titulo_vaga)
        .join(ProspectVaga)
        .order_by(col(Prospect.codigo_vaga), col(Prospect.codigo_candidato))
        .offset(offset)
        .limit(limit)
    ).all()
    return [_public(prospect, titulo) for prospect, titulo in rows]


def count_groups(*, session: Session) -> int:
    """How many vagas have a pipeline (possibly empty)."""
    return session.exec(select(func.count()).select_from(ProspectVaga)).one()


def _groups(session: Session, groups: list[ProspectVaga]) -> list[ProspectGroup]:
    codes = [group.codigo_vaga for group in groups]
    members: dict[int, list[Prospect]] = defaultdict(list)
    if codes:
        statement = (
            select(Prospect)
            .where(col(Prospect.codigo_vaga).in_(codes))
            .order_by(col(Prospect.codigo_candidato))
        )
        for prospect in session.exec(statement):
            members[prospect.codigo_vaga].append(prospect)
    return [
        ProspectGroup(
            codigo_vaga=group.codigo_vaga,
            titulo_vaga=group.titulo_vaga,
            modalidade=group.modalidade,
            prospects=[_public(p, group.titulo_vaga) for p in members[group.codigo_vaga]],
        )
        for group in groups
    ]


def list_groups(*, session: Session, offset: int, limit: int) -> list[ProspectGroup]:
    """One page of vaga pipelines, by vaga code, each with its prospects."""
    groups = session.exec(
        select(ProspectVaga).order_by(col(ProspectVaga.codigo_vaga)).offset(offset).limit(limit)
    ).all()
    return _groups(session, list(groups))


def get_group(*, session: Session, codigo_vaga: int) -> ProspectGroup:
    """The pipeline of one vaga; an empty one for a known vaga with no prospects; else 404."""
    group = session.get(ProspectVaga, codigo_vaga)
    if group is None:
        if get_vaga(session=session, codigo_vaga=codigo_vaga) is None:
            raise NotFound(f"Nenhum prospect para a vaga {codigo_vaga}.")
        titulo = get_titulo_vaga(session=session, codigo_vaga=codigo_vaga)
        return ProspectGroup(codigo_vaga=codigo_vaga, titulo_vaga=titulo, prospects=[])
    return _groups(session, [group])[0]


def candidate_prospects(*, session: Session, codigo_candidato: int) -> list[ProspectWithHistory]:
    """A candidate's pipeline across vagas, each with its status history, by vaga."""
    rows = session.exec(
        select(Prospect, ProspectVaga.titulo_vaga)
        .join(ProspectVaga)
        .where(Prospect.codigo_candidato == codigo_candidato)
        .order_by(col(Prospect.codigo_vaga))
    ).all()
    return [_with_history(session, prospect, titulo) for prospect, titulo in rows]
