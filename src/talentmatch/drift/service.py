"""Compute a drift report for a model version and store it; checks a request can make first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from talentmatch.core.config import Settings
from talentmatch.db.types import utcnow
from talentmatch.drift.errors import NoModelInService, NoReference, NotEnoughPredictions
from talentmatch.drift.payload_fields import (
    PAYLOAD_REFERENCE_FILE,
    compare_payload_fields,
    read_payload_reference,
)
from talentmatch.drift.reference import has_reference, load_reference
from talentmatch.drift.storage import EVIDENTLY_JSON, HTML, new_report_id, report_key, save_report
from talentmatch.drift.window import Window, count_window, read_window
from talentmatch.features.featurize import FEATURES
from talentmatch.registry import ModelRegistry
from talentmatch.registry.kinds import MATCH as KIND
from talentmatch.storage import ObjectStore

Progress = Callable[..., None]


def window_from(settings: Settings) -> Window:
    """The window the settings configure (DRIFT_WINDOW_PREDICTIONS, DRIFT_WINDOW_DAYS)."""
    return Window(
        max_predictions=settings.drift_window_predictions, days=settings.drift_window_days or None
    )


def current_version(registry: ModelRegistry) -> str:
    """The registry's CURRENT match version; 503 when none was published."""
    version = registry.current_version(KIND)
    if version is None:
        raise NoModelInService(
            "Nenhum modelo de match publicado: treine um com `talentmatch train match`."
        )
    return version


def _too_few(rows: int, version: str, window: Window, min_rows: int) -> NotEnoughPredictions:
    return NotEnoughPredictions(
        f"Há {rows} predições do modelo {version} em {window.describe()}; o relatório de "
        f"drift precisa de ao menos {min_rows} (DRIFT_MIN_ROWS)."
    )


def check_can_run(
    *, session: Session, registry: ModelRegistry, version: str, window: Window, min_rows: int
) -> int:
    """Refuse now what the report would refuse later: no reference, too few predictions."""
    if not has_reference(registry.manifest(KIND, version)):
        raise NoReference(
            f"A versão {version} do modelo foi publicada sem as features de referência (antes "
            "do relatório de drift): treine uma nova versão com `talentmatch train match`."
        )
    rows = count_window(session=session, model_kind=KIND, model_version=version, window=window)
    if rows < min_rows:
        raise _too_few(rows, version, window, min_rows)
    return rows


def run_drift(
    *,
    engine: Engine,
    registry: ModelRegistry,
    store: ObjectStore,
    version: str,
    window: Window,
    min_rows: int,
    drift_share: float,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Compare the version's training rows with its recent predictions; the stored summary."""
    loaded = registry.fetch(KIND, version)
    reference = load_reference(loaded)
    features = [name for name in loaded.manifest.get("features", FEATURES) if name in reference]
    with Session(engine) as session:
        current = read_window(
            session=session,
            model_kind=KIND,
            model_version=version,
            window=window,
            features=features,
        )
    if len(current) < min_rows:
        raise _too_few(len(current), version, window, min_rows)
    if progress is not None:
        progress(total=len(current), done=0)
    # Imported here: Evidently takes seconds to import, and only this work needs it.
    from talentmatch.drift.report import compute_drift

    now = utcnow()
    report_id = new_report_id(now)
    window_info = {
        "max_predictions": window.max_predictions,
        "days": window.days,
        "rows": len(current),
        "first_prediction_at": current.first.isoformat() if current.first else None,
        "last_prediction_at": current.last.isoformat() if current.last else None,
    }
    report = compute_drift(
        reference,
        current.frame,
        features=features,
        drift_share=drift_share,
        metadata={"model_kind": KIND, "model_version": version, "report_id": report_id},
    )
    # What was sent, field by field (versions published before this have no such reference).
    payload_fields = (
        compare_payload_fields(
            read_payload_reference(loaded.read(PAYLOAD_REFERENCE_FILE)), current.payload_fields
        )
        if PAYLOAD_REFERENCE_FILE in loaded.files
        else []
    )
    summary = {
        "report_id": report_id,
        "created_at": now.isoformat(),
        "model_kind": KIND,
        "model_version": version,
        "window": window_info,
        **report.summary,
        "payload_fields": payload_fields,
        "files": {
            "html": report_key(report_id, HTML),
            "json": report_key(report_id, EVIDENTLY_JSON),
        },
    }
    save_report(
        store, report_id, html=report.html, evidently_json=report.evidently_json, summary=summary
    )
    if progress is not None:
        progress(done=len(current))
    return summary
