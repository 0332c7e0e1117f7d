"""The script-free drift report: what a page shows when it inserts it with innerHTML."""

from __future__ import annotations

import copy
from html.parser import HTMLParser
from typing import Any

from talentmatch.drift.html import render_summary

SUMMARY: dict[str, Any] = {
    "report_id": "20261202T101500Z-abc123",
    "created_at": "2026-12-02T10:15:00+00:00",
    "model_kind": "match",
    "model_version": "v3",
    "drifted": True,
    "drift_share": 0.5,
    "drift_share_threshold": 0.3,
    "features_tested": 2,
    "drifted_features": ["skill_coverage"],
    "prediction": {
        "feature": "prediction",
        "method": "wasserstein",
        "score": 0.05,
        "threshold": 0.1,
        "drifted": False,
        "reference_mean": 0.3,
        "current_mean": 0.32,
    },
    "window": {"max_predictions": 1000, "days": 30, "rows": 80},
    "reference_rows": 500,
    "current_rows": 80,
    "features": [
        {
            "feature": "skill_coverage",
            "method": "ks",
            "score": 0.001,
            "threshold": 0.05,
            "drifted": True,
            "reference_mean": 0.4,
            "current_mean": 0.1,
        },
        {
            "feature": "same_city",
            "method": "ks",
            "score": 0.7,
            "threshold": 0.05,
            "drifted": False,
        },
        {
            "feature": "pcd",
            "method": None,
            "score": None,
            "threshold": None,
            "drifted": False,
            "skipped": "constante",
        },
    ],
    "evidently_version": "0.7",
    "files": {},
}
PAYLOAD_FIELDS = [
    {
        "field": "ingles",
        "method": "jensenshannon",
        "score": 0.4,
        "threshold": 0.1,
        "drifted": True,
        "reference": {"Avançado": 0.6, "(vazio)": 0.4},
        "current": {"Básico": 0.9, "(outros)": 0.1},
    }
]


class InnerHTML(HTMLParser):
    """What a browser's innerHTML would hold: the tags, their attributes, the visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def inserted(html: str) -> InnerHTML:
    parser = InnerHTML()
    parser.feed(html)
    parser.close()
    return parser


def test_no_script_and_the_verdict_is_text() -> None:
    page = inserted(render_summary(SUMMARY))
    text = " ".join(page.text)
    assert "script" not in page.tags and "iframe" not in page.tags
    assert not [name for name in page.attributes if name.startswith("on")]
    assert "Drift detectado" in text
    assert "1 de 2 features com drift" in text
    assert "skill_coverage" in text and "same_city" in text and "prediction" in text
    assert "não comparada: constante" in text
    assert page.tags.count("svg") >= 3  # a bar per compared column


def test_payload_fields_are_shown_when_the_summary_has_them() -> None:
    without = " ".join(inserted(render_summary(SUMMARY)).text)
    assert "Campos do payload" not in without
    summary = {**SUMMARY, "payload_fields": PAYLOAD_FIELDS}
    text = " ".join(inserted(render_summary(summary)).text)
    assert "Campos do payload" in text
    assert "ingles" in text and "Avançado" in text and "(vazio)" in text and "Básico" in text
    assert "60.0% → 0.0%" in text and "0.0% → 90.0%" in text


def test_no_drift_reads_so() -> None:
    summary = copy.deepcopy(SUMMARY)
    summary["drifted"] = False
    summary["drifted_features"] = []
    text = " ".join(inserted(render_summary(summary)).text)
    assert "Sem drift" in text and "Drift detectado" not in text


def test_values_from_the_summary_are_escaped() -> None:
    summary = {**SUMMARY, "payload_fields": copy.deepcopy(PAYLOAD_FIELDS)}
    summary["payload_fields"][0]["current"] = {"<script>alert(1)</script>": 1.0}
    summary["model_version"] = '"><img src=x onerror=alert(1)>'
    html = render_summary(summary)
    page = inserted(html)
    assert "script" not in page.tags and "img" not in page.tags
    assert "<script" not in html.lower()
    assert "<script>alert(1)</script>" in " ".join(page.text)  # shown as text


def test_a_partial_summary_still_renders() -> None:
    text = " ".join(inserted(render_summary({"drifted": False})).text)
    assert "Sem drift" in text
