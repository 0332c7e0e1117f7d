"""Drift reports in the object store: one folder per report, a pointer to the latest.

drift_reports/<id>/report.html    Evidently's page, for people
drift_reports/<id>/report.json    Evidently's snapshot, for machines
drift_reports/<id>/summary.json   the compact summary the API answers
drift_reports/LATEST              the id of the latest report (written last)
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import datetime
from typing import Any, Final

from talentmatch.drift.errors import NoDriftReport
from talentmatch.storage import ObjectNotFound, ObjectStore

PREFIX: Final[str] = "drift_reports"
LATEST: Final[str] = f"{PREFIX}/LATEST"
HTML: Final[str] = "report.html"
EVIDENTLY_JSON: Final[str] = "report.json"
SUMMARY: Final[str] = "summary.json"
_REPORT_ID: Final = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{6}$")
NO_REPORT: Final[str] = (
    "Nenhum relatório de drift foi gerado ainda: rode POST /api/v1/inferencias/driftReport/run "
    "(admin) ou `talentmatch drift`."
)


def new_report_id(now: datetime) -> str:
    """A sortable, unique folder name: UTC time and a random suffix."""
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def report_key(report_id: str, name: str = "") -> str:
    """The key of a report's folder (or of one of its files)."""
    return f"{PREFIX}/{report_id}/{name}"


def save_report(
    store: ObjectStore, report_id: str, *, html: str, evidently_json: str, summary: dict[str, Any]
) -> dict[str, str]:
    """Write the three files, then move LATEST to them; the keys written."""
    keys = {
        "html": report_key(report_id, HTML),
        "json": report_key(report_id, EVIDENTLY_JSON),
        "summary": report_key(report_id, SUMMARY),
    }
    store.write_bytes(keys["html"], html.encode("utf-8"))
    store.write_bytes(keys["json"], evidently_json.encode("utf-8"))
    body = json.dumps(summary, ensure_ascii=False, indent=2, default=str)
    store.write_bytes(keys["summary"], body.encode("utf-8"))
    # Readers follow LATEST, so a report is visible only once all its files are written.
    store.write_bytes(LATEST, f"{report_id}\n".encode())
    return keys


def latest_report_id(store: ObjectStore) -> str:
    """The id LATEST points at; NoDriftReport while there is none."""
    try:
        text = store.read_bytes(LATEST).decode("utf-8").strip()
    except ObjectNotFound as exc:
        raise NoDriftReport(NO_REPORT) from exc
    if not _REPORT_ID.match(text):
        raise NoDriftReport(f"O ponteiro {LATEST} não aponta para um relatório válido.")
    return text


def _read_latest(store: ObjectStore, name: str) -> bytes:
    report_id = latest_report_id(store)
    try:
        return store.read_bytes(report_key(report_id, name))
    except ObjectNotFound as exc:
        raise NoDriftReport(f"O relatório {report_id} não tem o arquivo {name}.") from exc


def latest_html(store: ObjectStore) -> str:
    """The latest report's HTML page."""
    return _read_latest(store, HTML).decode("utf-8")


def latest_summary(store: ObjectStore) -> dict[str, Any]:
    """The latest report's summary."""
    return dict(json.loads(_read_latest(store, SUMMARY)))
