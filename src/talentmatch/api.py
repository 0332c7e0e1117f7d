"""The /api/v1 router: every domain's endpoints."""

from fastapi import APIRouter

from talentmatch.auditoria.router import router as auditoria_router
from talentmatch.candidatos.router import router as candidatos_router
from talentmatch.inferencias.router import router as inferencias_router
from talentmatch.jobs.router import router as jobs_router
from talentmatch.prospects.router import router as prospects_router
from talentmatch.usuarios.router import router as usuarios_router
from talentmatch.vagas.router import router as vagas_router

api_router = APIRouter(prefix="/api/v1")
for router in (
    usuarios_router,
    candidatos_router,
    vagas_router,
    prospects_router,
    inferencias_router,
    jobs_router,
    auditoria_router,
):
    api_router.include_router(router)
