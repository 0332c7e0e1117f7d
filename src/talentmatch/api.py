"""Every route of the service: the one place where routers of different packages are composed.

Each resource path is served by several packages, each owning its part: `/candidatos` by
candidatos (CRUD), decision (its file's import and export), recommending (recommended
vagas) and lgpd (access and erasure); `/vagas` and `/prospects` likewise. Routers of the
packages that must not know users (jobs, auditoria) get the admin check here.
"""

from fastapi import APIRouter, Depends, FastAPI

from talentmatch.auditoria.router import router as auditoria_router
from talentmatch.candidatos.router import router as candidatos_router
from talentmatch.decision import router as decision
from talentmatch.health.router import router as health_router
from talentmatch.inferencias.router import router as inferencias_router
from talentmatch.jobs.router import router as jobs_router
from talentmatch.lgpd.router import router as lgpd_router
from talentmatch.monitoring.router import router as monitoring_router
from talentmatch.prospects import search_router
from talentmatch.prospects.router import router as prospects_router
from talentmatch.recommending import router as recommending
from talentmatch.usuarios.dependencies import require_admin
from talentmatch.usuarios.router import router as usuarios_router
from talentmatch.vagas.router import router as vagas_router

api_router = APIRouter(prefix="/api/v1")
for router in (
    usuarios_router,
    decision.candidatos_router,
    candidatos_router,
    recommending.candidatos_router,
    lgpd_router,
    decision.vagas_router,
    vagas_router,
    search_router.vagas_router,
    recommending.vagas_router,
    decision.prospects_router,
    prospects_router,
    search_router.prospects_router,
    inferencias_router,
):
    api_router.include_router(router)
for admin_only in (jobs_router, auditoria_router):
    api_router.include_router(admin_only, dependencies=[Depends(require_admin)])


def include_routers(app: FastAPI) -> None:
    """/health, /ready and /metrics at the root, the API under /api/v1."""
    app.include_router(health_router)
    app.include_router(monitoring_router)
    app.include_router(api_router)
