"""Pipeline statuses as data: the registered stages, their outcome classes, new ones."""

from collections.abc import Iterable

from sqlalchemy import Connection
from sqlmodel import Session, col, select

from talentmatch.core.errors import Conflict, InvalidInput
from talentmatch.db.types import utcnow
from talentmatch.prospects.models import ProspectStatus, StatusCreate, StatusPublic
from talentmatch.prospects.outcomes import OutcomeClass, status_key


def list_statuses(*, session: Session) -> list[StatusPublic]:
    """Every registered stage, the oldest first (the seed's 21 in pipeline order)."""
    rows = session.exec(
        select(ProspectStatus).order_by(col(ProspectStatus.criado_em), col(ProspectStatus.nome))
    ).all()
    return [StatusPublic(nome=row.nome, classe=OutcomeClass(row.classe)) for row in rows]


def create_status(*, session: Session, status_in: StatusCreate, username: str) -> StatusPublic:
    """Register a stage; 409 when one of the same name (case and accents aside) exists."""
    wanted = status_key(status_in.nome)
    for nome in session.exec(select(ProspectStatus.nome)):
        if status_key(nome) == wanted:
            raise Conflict(f"A etapa {nome!r} já está registrada.")
    session.add(
        ProspectStatus(nome=status_in.nome, classe=status_in.classe.value, criado_por=username)
    )
    session.commit()
    return StatusPublic(nome=status_in.nome, classe=status_in.classe)


def require_registered(*, session: Session, nome: str) -> None:
    """Nothing when `nome` is a registered stage; 400 listing the registered ones otherwise."""
    if session.get(ProspectStatus, nome) is not None:
        return
    registered = ", ".join(status.nome for status in list_statuses(session=session))
    raise InvalidInput(
        f"situacao_candidato {nome!r} não é uma etapa registrada; as registradas são: "
        f"{registered}. Um admin registra novas em POST /api/v1/prospects/status."
    )


def register_unknown(*, session: Session, names: Iterable[str | None], by: str) -> list[str]:
    """Register as unclassified the statuses of `names` not registered yet; those, sorted.

    Does not commit: an import registers them in the same transaction as its rows.
    """
    wanted = {name for name in names if name}
    if not wanted:
        return []
    known = set(
        session.exec(select(ProspectStatus.nome).where(col(ProspectStatus.nome).in_(wanted)))
    )
    new = sorted(wanted - known)
    now = utcnow()
    for name in new:
        session.add(
            ProspectStatus(
                nome=name, classe=OutcomeClass.unclassified.value, criado_em=now, criado_por=by
            )
        )
    return new


def status_classes(connection: Connection) -> dict[str, str]:
    """Each registered stage's class, by name (what training's labels read)."""
    rows = connection.execute(select(ProspectStatus.nome, ProspectStatus.classe)).all()
    return {nome: classe for nome, classe in rows}
