"""/app/modelos and /app/drift: the match and recommender versions with their metrics (which is
in service on this replica, which is CURRENT), their reload (admin), and the drift summary with
server-drawn bars and a link to Evidently's full report."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from starlette.responses import Response

from talentmatch.core.dependencies import SettingsDep
from talentmatch.db.dependencies import SystemSessionDep
from talentmatch.drift import storage as drift_reports
from talentmatch.drift.errors import NoDriftReport
from talentmatch.drift.html import score_bar
from talentmatch.inferencias.router import EVIDENTLY_CSP
from talentmatch.matching.dependencies import MatchServingDep
from talentmatch.matching.pipeline import KIND as MATCH
from talentmatch.recommending.dependencies import RecommenderServingDep
from talentmatch.web import jobs_calls
from talentmatch.web.auth import AdminForm, LeitorPage
from talentmatch.web.jobs_calls import StoreDep
from talentmatch.web.templating import redirect, render

router = APIRouter(prefix="/app")

MAX_METRICS = 40
SKIPPED_KEYS = frozenset({"version", "current", "in_service", "encoder", "reference"})


def flat_metrics(values: Any, prefix: str = "") -> list[tuple[str, str]]:
    """The scalar numbers and words of a nested metrics dict as (`a · b`, value) pairs."""
    out: list[tuple[str, str]] = []
    if not isinstance(values, dict):
        return out
    for name, value in values.items():
        label = f"{prefix} · {name}" if prefix else str(name)
        if isinstance(value, dict):
            out.extend(flat_metrics(value, label))
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, float):
            out.append((label, f"{value:.4f}".replace(".", ",")))
        elif isinstance(value, int | str):
            out.append((label, str(value)))
    return out[:MAX_METRICS]


def _version_rows(
    manifests: list[dict[str, Any]], in_service: str | None, metric_keys: tuple[str, ...]
) -> list[dict[str, Any]]:
    rows = []
    for manifest in reversed(manifests):  # newest first
        metrics: list[tuple[str, str]] = []
        for key in metric_keys:
            metrics.extend(flat_metrics(manifest.get(key), key))
        rows.append(
            {
                "version": str(manifest.get("version")),
                "created_at": str(manifest.get("created_at") or "")[:16].replace("T", " "),
                "current": bool(manifest.get("current")),
                "in_service": manifest.get("version") == in_service,
                "metrics": metrics,
            }
        )
    return rows


@router.get("/modelos")
def models_page(
    request: Request,
    match: MatchServingDep,
    recommender: RecommenderServingDep,
    user: LeitorPage,
) -> Response:
    """Both kinds' versions, as `GET /inferencias/models` and `/recommendationModel` show."""
    match_served = match.served_version()
    match_manifests = match.registry.list_versions(MATCH)
    rec_served = recommender.served_version()
    rec_manifests = recommender.versions()
    kinds = [
        {
            "kind": "match",
            "title": "Modelo de match",
            "in_service": match_served,
            "current": next((str(m["version"]) for m in match_manifests if m.get("current")), None),
            "load_error": match.load_error,
            "versions": _version_rows(match_manifests, match_served, ("metrics", "ranking")),
        },
        {
            "kind": "recommender",
            "title": "Recomendador",
            "in_service": rec_served,
            "current": next((str(m["version"]) for m in rec_manifests if m.get("current")), None),
            "load_error": recommender.load_error,
            "versions": _version_rows(rec_manifests, rec_served, ("evaluation",)),
        },
    ]
    return render(request, "modelos.html", {"kinds": kinds})


@router.post("/modelos/recarregar")
def reload_model(
    request: Request,
    match: MatchServingDep,
    recommender: RecommenderServingDep,
    user: AdminForm,
    kind: Annotated[Literal["match", "recommender"], Form()],
) -> Response:
    """Serve the registry's CURRENT version (as `POST /inferencias/models/reload` and
    `/recommendationModel/reload`); a version that cannot load changes nothing (409 page)."""
    if kind == "match":
        version = match.reload(None)
        message = f"Modelo em serviço: {version or 'nenhum'}."
    else:
        version = recommender.reload(None)
        message = f"Recomendador em serviço: {version or 'nenhum'}."
    return redirect(request, f"/app/modelos#{kind}", message=message)


def number(value: Any) -> str:
    """A score as the page shows it (4 significant digits, decimal comma)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "—"
    return f"{value:.4g}".replace(".", ",")


def _columns(rows: Any, name_key: str) -> list[dict[str, Any]]:
    out = []
    for column in rows if isinstance(rows, list) else []:
        if not isinstance(column, dict):
            continue
        score, threshold = column.get("score"), column.get("threshold")
        out.append(
            {
                "name": str(column.get(name_key, "")),
                "method": column.get("method") or "—",
                "score": number(score),
                "threshold": number(threshold),
                "drifted": bool(column.get("drifted")),
                "skipped": column.get("skipped"),
                # Attributes only (no style): the page's CSP allows no inline style.
                "bar": Markup(score_bar(score, threshold, bool(column.get("drifted")))),
            }
        )
    out.sort(key=lambda c: (not c["drifted"], c["name"]))
    return out


@router.get("/drift")
def drift_page(request: Request, store: StoreDep, user: LeitorPage) -> Response:
    """The latest drift report's verdict and per-field and per-feature tables."""
    try:
        summary = drift_reports.latest_summary(store)
    except NoDriftReport as exc:
        return render(request, "drift.html", {"summary": None, "missing": exc.message})
    share = summary.get("drift_share")
    limit = summary.get("drift_share_threshold")
    values = {
        "drifted": bool(summary.get("drifted")),
        "drifted_count": len(summary.get("drifted_features") or []),
        "tested": summary.get("features_tested", len(summary.get("features") or [])),
        "share": f"{share * 100:.1f}%" if isinstance(share, int | float) else "—",
        "limit": f"{limit * 100:.1f}%" if isinstance(limit, int | float) else "—",
        "share_bar": Markup(score_bar(share, limit, bool(summary.get("drifted")))),
        "model_version": summary.get("model_version"),
        "report_id": summary.get("report_id"),
        "created_at": str(summary.get("created_at") or "")[:19].replace("T", " "),
        "current_rows": summary.get("current_rows"),
        "reference_rows": summary.get("reference_rows"),
        "payload_fields": _columns(summary.get("payload_fields"), "field"),
        "features": _columns(summary.get("features"), "feature"),
        "prediction": _columns([summary.get("prediction")], "feature"),
    }
    return render(request, "drift.html", {"summary": values, "missing": None})


@router.post("/drift/gerar")
def start_drift_page(
    request: Request,
    session: SystemSessionDep,
    match: MatchServingDep,
    settings: SettingsDep,
    user: AdminForm,
) -> Response:
    """Queue a drift report on the model in service: the API's `POST
    /inferencias/driftReport/run` itself (its 409/503 refusals as pages); then watch it."""
    job_id, message = jobs_calls.begin_drift(
        session=session, request=request, serving=match, settings=settings, user=user
    )
    return redirect(request, f"/app/tarefas/{job_id}", message=message)


@router.get("/drift/relatorio")
def drift_full_report(store: StoreDep, user: LeitorPage) -> HTMLResponse:
    """Evidently's interactive page (it draws itself with inline scripts: its own policy, as
    the API's `GET /inferencias/driftReport/html`)."""
    return HTMLResponse(
        drift_reports.latest_html(store), headers={"Content-Security-Policy": EVIDENTLY_CSP}
    )
