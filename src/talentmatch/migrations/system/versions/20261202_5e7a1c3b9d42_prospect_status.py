"""prospect_status: pipeline stages as data, seeded with DATA.md's 21 and their classes

Revision ID: 5e7a1c3b9d42
Revises: a033aa4e7779
Create Date: 2026-12-02 10:20:00

"""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
import sqlmodel
from alembic import op

import talentmatch.db.types

revision: str = "5e7a1c3b9d42"
down_revision: str | None = "a033aa4e7779"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# DATA.md's 21 statuses in pipeline order, with their outcome class (a frozen copy: the
# migration must not change when the code's classification does).
SEED = [
    ("Prospect", "in_progress"),
    ("Inscrito", "in_progress"),
    ("Encaminhado ao Requisitante", "in_progress"),
    ("Em avaliação pelo RH", "in_progress"),
    ("Entrevista Técnica", "in_progress"),
    ("Entrevista com Cliente", "in_progress"),
    ("Aprovado", "positive"),
    ("Encaminhar Proposta", "in_progress"),
    ("Proposta Aceita", "positive"),
    ("Documentação CLT", "positive"),
    ("Documentação PJ", "positive"),
    ("Documentação Cooperado", "positive"),
    ("Contratado pela Decision", "positive"),
    ("Contratado como Hunting", "positive"),
    ("Não Aprovado pelo RH", "negative"),
    ("Não Aprovado pelo Cliente", "negative"),
    ("Não Aprovado pelo Requisitante", "negative"),
    ("Recusado", "negative"),
    ("Desistiu", "negative"),
    ("Desistiu da Contratação", "negative"),
    ("Sem interesse nesta vaga", "negative"),
]


def upgrade() -> None:
    table = op.create_table(
        "prospect_status",
        sa.Column("nome", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("classe", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("criado_em", talentmatch.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("criado_por", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.PrimaryKeyConstraint("nome", name=op.f("pk_prospect_status")),
    )
    # One second apart, so that listing by creation time gives the pipeline order.
    start = datetime(2026, 1, 1, tzinfo=UTC)
    rows = [
        {"nome": nome, "classe": classe, "criado_em": start + timedelta(seconds=i)}
        for i, (nome, classe) in enumerate(SEED)
    ]
    seeded = {nome for nome, _ in SEED}
    stored = (
        op.get_bind().execute(sa.text("SELECT DISTINCT situacao_candidato FROM prospect")).scalars()
    )
    later = start + timedelta(seconds=len(SEED))
    rows += [
        {"nome": nome, "classe": "unclassified", "criado_em": later}
        for nome in sorted(s for s in stored if s and s not in seeded)
    ]
    op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table("prospect_status")
