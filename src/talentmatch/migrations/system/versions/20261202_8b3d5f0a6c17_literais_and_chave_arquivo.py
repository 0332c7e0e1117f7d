"""literais on section rows (JSON values a text column cannot say), chave_arquivo on roots

Revision ID: 8b3d5f0a6c17
Revises: 5e7a1c3b9d42
Create Date: 2026-12-02 10:40:00

Existing rows get NULL: a row written before keeps the old behaviour (its export adds
`infos_basicas.codigo_profissional`, as it always did).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "8b3d5f0a6c17"
down_revision: str | None = "5e7a1c3b9d42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SECTION_TABLES = (
    "candidato_infos_basicas",
    "candidato_informacoes_pessoais",
    "candidato_informacoes_profissionais",
    "candidato_formacao_e_idiomas",
    "candidato_cargo_atual",
    "vaga_informacoes_basicas",
    "vaga_perfil",
    "vaga_beneficios",
)
ROOT_TABLES = ("candidato", "vaga", "prospect_vaga")


def upgrade() -> None:
    for table in SECTION_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("literais", sa.JSON(), nullable=True))
    for table in ROOT_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(
                    "chave_arquivo", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True
                )
            )


def downgrade() -> None:
    for table in ROOT_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("chave_arquivo")
    for table in SECTION_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("literais")
