"""/candidatos/{codigo}/dados-pessoais and /anonimizar: LGPD's access and erasure (admin)."""

from typing import Annotated

from fastapi import APIRouter, Path

from talentmatch.auditoria.models import AuditAction
from talentmatch.auditoria.service import record
from talentmatch.db.dependencies import AuthSessionDep, SystemSessionDep
from talentmatch.db.types import MAX_CODE
from talentmatch.lgpd import service as lgpd
from talentmatch.lgpd.dependencies import ErasureListenersDep
from talentmatch.lgpd.schemas import Anonimizacao, DadosPessoais
from talentmatch.usuarios.dependencies import AdminUser

router = APIRouter(prefix="/candidatos", tags=["candidatos"])

CodigoProfissional = Annotated[int, Path(ge=1, le=MAX_CODE, description="Código do candidato")]


@router.get("/{codigo_profissional}/dados-pessoais", response_model=DadosPessoais)
def dados_pessoais(
    codigo_profissional: CodigoProfissional,
    session: SystemSessionDep,
    audit_session: AuthSessionDep,
    admin: AdminUser,
) -> DadosPessoais:
    """Everything held about one candidate, unmasked, with its pipelines (admin only; audited);
    404 when absent."""
    data = lgpd.personal_data(session=session, codigo_profissional=codigo_profissional)
    # Recorded before the answer leaves: no audit entry, no data.
    record(
        audit_session,
        action=AuditAction.dados_pessoais_lidos,
        actor=admin,
        target=f"candidato:{codigo_profissional}",
    )
    return data


@router.post("/{codigo_profissional}/anonimizar", response_model=Anonimizacao)
def anonimizar(
    codigo_profissional: CodigoProfissional,
    session: SystemSessionDep,
    audit_session: AuthSessionDep,
    listeners: ErasureListenersDep,
    admin: AdminUser,
) -> Anonimizacao:
    """Remove a candidate's personal data and keep its pipeline statistics (admin only;
    audited; idempotent); 404 when absent. The recommender forgets the person's words and
    vector at once."""
    return lgpd.anonymize_audited(
        session=session,
        audit_session=audit_session,
        listeners=listeners,
        admin=admin,
        codigo_profissional=codigo_profissional,
    )
