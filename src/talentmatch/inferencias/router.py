"""/inferencias: match probability, model versions, the prediction log, recommendations, drift.

The recommender and the drift report come with their own issues; until they exist those
endpoints answer 503 / 404 with a clear message, never 500.
"""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from talentmatch.core.dependencies import PageDep, SettingsDep
from talentmatch.core.errors import ServiceUnavailable
from talentmatch.db.dependencies import SystemSessionDep
from talentmatch.drift import storage as drift_reports
from talentmatch.drift.html import render_summary
from talentmatch.drift.jobs import start_drift
from talentmatch.features.payload import normalize_payload
from talentmatch.features.schema import MatchPayload
from talentmatch.inferencias import service
from talentmatch.inferencias.models import (
    DriftReportAnswer,
    DriftSummary,
    MatchResult,
    ModelsAnswer,
    ModelVersion,
    PairIn,
    PairResult,
    PairsIn,
    PairsResult,
    PredictionPublic,
    PredictionsPage,
    ReloadAnswer,
    ReloadIn,
)
from talentmatch.jobs.dependencies import RunnerDep, StoreDep
from talentmatch.jobs.models import JobStarted
from talentmatch.matching.dependencies import MatchServingDep
from talentmatch.matching.pipeline import KIND as MATCH
from talentmatch.recommending import service as recommending
from talentmatch.recommending.dependencies import RecommenderServingDep, VagasK
from talentmatch.recommending.pipeline import KIND as RECOMMENDER
from talentmatch.recommending.schemas import (
    RecommendationPayload,
    RecommenderVersion,
    RecommenderVersions,
    VagaRecommendations,
)
from talentmatch.usuarios.dependencies import AdminUser, LeitorUser, RecrutadorUser

router = APIRouter(prefix="/inferencias", tags=["inferencias"])

Explain = Annotated[bool, Query(description="Include the features that moved the score most")]
NO_MODEL: dict[int | str, dict[str, Any]] = {503: {"description": "Nenhum modelo em serviço"}}


@router.post("/matchModel/predict", response_model=MatchResult, responses=NO_MODEL)
def predict_match(
    payload: MatchPayload,
    session: SystemSessionDep,
    serving: MatchServingDep,
    _user: RecrutadorUser,
    explain: Explain = False,
) -> MatchResult:
    """Probability, in percent, that the candidate fits the vaga (missing fields count as empty)."""
    return service.predict(
        session=session,
        model=serving.require(),
        payloads=[normalize_payload(payload)],
        explain=explain,
        source="payload",
    )[0]


@router.post("/matchModel/predict-ids", response_model=PairResult, responses=NO_MODEL)
def predict_match_ids(
    pair: PairIn,
    session: SystemSessionDep,
    serving: MatchServingDep,
    _user: RecrutadorUser,
    explain: Explain = False,
) -> PairResult:
    """The match probability of a stored candidate and a stored vaga; 404 if either is unknown."""
    model = serving.require()
    payloads = service.payloads_for_pairs(session=session, pairs=[pair])
    result = service.predict(
        session=session, model=model, payloads=payloads, explain=explain, source="ids"
    )[0]
    return PairResult(**result.model_dump(), **pair.model_dump())


@router.post("/matchModel/predict-batch", response_model=PairsResult, responses=NO_MODEL)
def predict_match_batch(
    body: PairsIn, session: SystemSessionDep, serving: MatchServingDep, _user: RecrutadorUser
) -> PairsResult:
    """Up to 1,000 stored pairs scored in one call, in the order given."""
    model = serving.require()
    payloads = service.payloads_for_pairs(session=session, pairs=body.pairs)
    results = service.predict(
        session=session, model=model, payloads=payloads, explain=False, source="batch"
    )
    return PairsResult(
        model_version=model.version or "unversioned",
        data=[
            PairResult(**result.model_dump(), **pair.model_dump())
            for pair, result in zip(body.pairs, results, strict=True)
        ],
    )


@router.get("/models", response_model=ModelsAnswer)
def list_models(serving: MatchServingDep, _user: LeitorUser) -> ModelsAnswer:
    """Published match model versions with their metrics, and the one in service."""
    in_service = serving.served_version()
    manifests = serving.registry.list_versions(MATCH)
    versions = [
        ModelVersion(**{**manifest, "in_service": manifest.get("version") == in_service})
        for manifest in manifests
    ]
    current = next((m["version"] for m in manifests if m.get("current")), None)
    return ModelsAnswer(kind=MATCH, in_service=in_service, current=current, data=versions)


RELOAD_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "Versão não publicada"},
    409: {"description": "A versão não pôde ser carregada (arquivo danificado): nada mudou"},
}


@router.post("/models/reload", response_model=ReloadAnswer, responses=RELOAD_ERRORS)
def reload_models(
    serving: MatchServingDep, _admin: AdminUser, body: ReloadIn | None = None
) -> ReloadAnswer:
    """Serve the registry's current version (or the one named, made CURRENT once it loaded)
    without a restart; the other replicas follow within MODEL_POLL_INTERVAL_S."""
    version = serving.reload(body.version if body else None)
    return ReloadAnswer(message=f"Modelo em serviço: {version or 'nenhum'}.", in_service=version)


@router.get("/list", response_model=PredictionsPage)
def list_predictions(
    session: SystemSessionDep,
    page: PageDep,
    _user: RecrutadorUser,
    model_version: Annotated[str | None, Query(max_length=128)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> PredictionsPage:
    """Logged predictions, newest first, filtered by model version and time."""
    total, rows = service.list_predictions(
        session=session,
        offset=page.offset,
        limit=page.limit,
        model_version=model_version,
        since=since,
        until=until,
    )
    return PredictionsPage(
        total=total,
        offset=page.offset,
        limit=page.limit,
        data=[PredictionPublic.model_validate(row, from_attributes=True) for row in rows],
    )


@router.post(
    "/recommendationModel/predict",
    response_model=VagaRecommendations,
    responses=NO_MODEL,
)
def recommend_vagas(
    payload: RecommendationPayload,
    session: SystemSessionDep,
    recommender: RecommenderServingDep,
    match: MatchServingDep,
    _user: RecrutadorUser,
    k: VagasK = 5,
) -> VagaRecommendations:
    """The vagas that fit a candidate's profile best, best first, no vaga twice."""
    return recommending.recommend_for_profile(
        connection=session.connection(),
        current=recommender.require(),
        match_model=match.model,
        profile=payload.model_dump(),
        k=k,
    )


@router.get("/recommendationModel", response_model=RecommenderVersions)
def list_recommenders(recommender: RecommenderServingDep, _user: LeitorUser) -> RecommenderVersions:
    """Published recommender versions (sizes, encoder, evaluation) and the one in service."""
    current = recommender.current
    manifests = recommender.versions()
    return RecommenderVersions(
        kind=RECOMMENDER,
        in_service=current.recommender.version if current else None,
        current=next((str(m["version"]) for m in manifests if m.get("current")), None),
        method=current.method if current else None,
        data=[RecommenderVersion(**manifest) for manifest in manifests],
    )


@router.post("/recommendationModel/reload", response_model=ReloadAnswer, responses=RELOAD_ERRORS)
def reload_recommender(
    recommender: RecommenderServingDep, _admin: AdminUser, body: ReloadIn | None = None
) -> ReloadAnswer:
    """Serve the registry's current recommender (or the one named, made CURRENT once it
    loaded) without a restart; the other replicas follow within MODEL_POLL_INTERVAL_S."""
    version = recommender.reload(body.version if body else None)
    return ReloadAnswer(
        message=f"Recomendador em serviço: {version or 'nenhum'}.", in_service=version
    )


NO_DRIFT_REPORT: dict[int | str, dict[str, Any]] = {404: {"description": "Nenhum relatório ainda"}}


@router.get("/driftReport", response_model=DriftReportAnswer, responses=NO_DRIFT_REPORT)
def drift_report(store: StoreDep, _user: LeitorUser) -> DriftReportAnswer:
    """The latest drift report as self-contained HTML with no script (verdict, per-field and
    per-feature tables, inline SVG bars): it renders where a client inserts it with
    `innerHTML`. Evidently's interactive page is at /driftReport/html."""
    return DriftReportAnswer(drift_report=render_summary(drift_reports.latest_summary(store)))


# Evidently's page draws itself with inline scripts and styles and embeds its fonts: that one
# answer gets the policy it needs (the security middleware keeps a CSP an endpoint set).
EVIDENTLY_CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'unsafe-inline' 'unsafe-eval'",
        "style-src 'unsafe-inline'",
        "img-src data: blob:",
        "font-src data:",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    )
)


@router.get(
    "/driftReport/html",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}}, **NO_DRIFT_REPORT},
)
def drift_report_page(store: StoreDep, _user: LeitorUser) -> HTMLResponse:
    """The latest drift report as Evidently's interactive page (text/html; needs scripts)."""
    return HTMLResponse(
        drift_reports.latest_html(store), headers={"Content-Security-Policy": EVIDENTLY_CSP}
    )


@router.get("/driftReport/summary", response_model=DriftSummary, responses=NO_DRIFT_REPORT)
def drift_summary(store: StoreDep, _user: LeitorUser) -> DriftSummary:
    """The latest drift report's verdict, drifted share and per-feature scores, as JSON."""
    return DriftSummary.model_validate(drift_reports.latest_summary(store))


@router.post(
    "/driftReport/run",
    response_model=JobStarted,
    responses={
        409: {"description": "Versão sem referência, ou predições de menos na janela"},
        503: {"description": "Nenhum modelo em serviço"},
    },
)
def run_drift_report(
    session: SystemSessionDep,
    runner: RunnerDep,
    serving: MatchServingDep,
    settings: SettingsDep,
    admin: AdminUser,
) -> JobStarted:
    """Compare the training rows of the model in service with its recent predictions (a job)."""
    model = serving.require()
    if model.version is None:
        raise ServiceUnavailable("O modelo em serviço não tem versão publicada.")
    job_id = start_drift(
        session=session,
        runner=runner,
        registry=serving.registry,
        settings=settings,
        version=model.version,
        username=admin.username,
    )
    return JobStarted(message="Relatório de drift iniciado em background.", job_id=job_id)
