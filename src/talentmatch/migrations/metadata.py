"""The metadata of each database with every table registered (for Alembic and tests).

The one module that knows every table; it sits with the migrations, above every package that
defines one, so that no lower layer has to import its way up to them.
"""

from sqlalchemy import MetaData

from talentmatch.auditoria import models as _auditoria
from talentmatch.candidatos import models as _candidatos
from talentmatch.db.bases import AuthBase, SystemBase
from talentmatch.features import prediction_log as _prediction_log
from talentmatch.jobs import models as _jobs
from talentmatch.prospects import models as _prospects
from talentmatch.usuarios import models as _usuarios
from talentmatch.usuarios import sessions as _web_sessions
from talentmatch.vagas import models as _vagas

# Importing a models module registers its tables on its database's metadata.
AUTH_MODELS = (_usuarios, _auditoria, _web_sessions)
SYSTEM_MODELS = (_candidatos, _vagas, _prospects, _jobs, _prediction_log)


def auth_metadata() -> MetaData:
    """Metadata of the auth database, all its tables registered."""
    return AuthBase.metadata


def system_metadata() -> MetaData:
    """Metadata of the system database, all its tables registered."""
    return SystemBase.metadata
