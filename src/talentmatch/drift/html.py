"""The drift summary as self-contained HTML that renders where it is inserted, with no script.

The original front end inserts `drift_report` with `innerHTML`, where scripts never run (and
Evidently's page draws itself with scripts): this page is plain HTML, inline styles and inline
SVG bars. It shows the verdict, then one table per kind of column of the summary: the
prediction, the per-field drift of the payload (`payload_fields`, when the summary has it) and
the per-feature drift, each row with a bar of its score against its threshold. Every value
from the summary is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any, Final

GREEN: Final = "#1a7f37"
RED: Final = "#cf222e"
GREY: Final = "#8c959f"
BLUE: Final = "#0969da"
ORANGE: Final = "#bc4c00"
BAR_WIDTH: Final = 120
BAR_HEIGHT: Final = 10
MAX_VALUES: Final = 8

_TABLE = "border-collapse:collapse;width:100%;font-size:13px;margin:8px 0 16px 0"
_CELL = "border-bottom:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top"
_HEAD = _CELL + ";background:#f6f8fa;font-weight:600"


def _text(value: Any) -> str:
    return escape(str(value), quote=True)


def _number(value: Any, digits: int = 4) -> str:
    if isinstance(value, bool) or value is None:
        return "—"
    if isinstance(value, int | float):
        return f"{value:.{digits}g}"
    return _text(value)


def _percent(value: Any) -> str:
    return f"{value * 100:.1f}%" if isinstance(value, int | float) else "—"


def _verdict(drifted: bool, *, yes: str = "Drift detectado", no: str = "Sem drift") -> str:
    colour = RED if drifted else GREEN
    label = yes if drifted else no
    return f'<strong style="color:{colour}">{escape(label)}</strong>'


def score_bar(score: Any, threshold: Any, drifted: bool) -> str:
    """An inline SVG bar: the score on a scale that puts the threshold at its middle."""
    if not isinstance(score, int | float) or not isinstance(threshold, int | float):
        return ""
    scale = 2 * threshold if threshold > 0 else max(float(score), 1.0)
    filled = 0.0 if scale <= 0 else min(max(float(score) / scale, 0.0), 1.0)
    width = round(filled * BAR_WIDTH, 1)
    colour = RED if drifted else GREEN
    mark = BAR_WIDTH // 2
    return (
        f'<svg width="{BAR_WIDTH}" height="{BAR_HEIGHT}" role="img" '
        f'aria-label="score {_number(score)}, limite {_number(threshold)}">'
        f'<rect width="{BAR_WIDTH}" height="{BAR_HEIGHT}" fill="#eaeef2"/>'
        f'<rect width="{width}" height="{BAR_HEIGHT}" fill="{colour}"/>'
        f'<line x1="{mark}" x2="{mark}" y1="0" y2="{BAR_HEIGHT}" stroke="#24292f" '
        f'stroke-width="1"/></svg>'
    )


def share_bars(reference: Mapping[str, Any], current: Mapping[str, Any]) -> str:
    """Paired inline SVG bars: each value's share in the reference (blue) and now (orange)."""
    values = sorted(
        set(reference) | set(current),
        key=lambda v: -max(_share(reference.get(v)), _share(current.get(v))),
    )[:MAX_VALUES]
    if not values:
        return ""
    rows = []
    for value in values:
        before, now = _share(reference.get(value)), _share(current.get(value))
        rows.append(
            f'<div style="display:flex;align-items:center;gap:6px;font-size:12px">'
            f'<span style="width:110px;overflow:hidden;text-overflow:ellipsis;'
            f'white-space:nowrap" title="{_text(value)}">{_text(value)}</span>'
            f'<svg width="{BAR_WIDTH}" height="12" role="img" aria-label="referência '
            f'{_percent(before)}, atual {_percent(now)}">'
            f'<rect width="{round(before * BAR_WIDTH, 1)}" height="5" fill="{BLUE}"/>'
            f'<rect y="6" width="{round(now * BAR_WIDTH, 1)}" height="5" fill="{ORANGE}"/>'
            f"</svg><span>{_percent(before)} → {_percent(now)}</span></div>"
        )
    return "".join(rows)


def _share(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    return min(max(float(value), 0.0), 1.0)


def _table(headers: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    head = "".join(f'<th style="{_HEAD}">{escape(h)}</th>' for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td style="{_CELL}">{cell}</td>' for cell in row) + "</tr>"
        for row in rows
    )
    return f'<table style="{_TABLE}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _feature_row(column: Mapping[str, Any]) -> list[str]:
    drifted = bool(column.get("drifted"))
    skipped = column.get("skipped")
    state = (
        f'<span style="color:{GREY}">não comparada: {_text(skipped)}</span>'
        if skipped
        else _verdict(drifted, yes="Sim", no="Não")
    )
    return [
        f"<code>{_text(column.get('feature', ''))}</code>",
        _text(column.get("method") or "—"),
        _number(column.get("score")),
        _number(column.get("threshold")),
        state,
        score_bar(column.get("score"), column.get("threshold"), drifted),
        f"{_number(column.get('reference_mean'))} → {_number(column.get('current_mean'))}",
    ]


def _payload_row(column: Mapping[str, Any]) -> list[str]:
    drifted = bool(column.get("drifted"))
    reference, current = column.get("reference"), column.get("current")
    shares = (
        share_bars(reference, current)
        if isinstance(reference, Mapping) and isinstance(current, Mapping)
        else ""
    )
    return [
        f"<code>{_text(column.get('field', ''))}</code>",
        _text(column.get("method") or "—"),
        _number(column.get("score")),
        _number(column.get("threshold")),
        _verdict(drifted, yes="Sim", no="Não"),
        score_bar(column.get("score"), column.get("threshold"), drifted),
        shares,
    ]


_COMMON: Final = ("Método", "Score", "Limite", "Drift", "Score e limite")
FEATURE_HEADERS: Final = ("Feature", *_COMMON, "Média ref. → atual")
PAYLOAD_HEADERS: Final = ("Campo", *_COMMON, "Valores: referência → atual")


def render_summary(summary: Mapping[str, Any]) -> str:
    """The summary as an HTML fragment (no script, no external resource)."""
    drifted = bool(summary.get("drifted"))
    features = [f for f in summary.get("features") or [] if isinstance(f, Mapping)]
    tested = summary.get("features_tested", len(features))
    drifted_names = summary.get("drifted_features") or []
    window = summary.get("window") or {}
    parts = [
        '<div class="talentmatch-drift" style="font-family:system-ui,sans-serif;color:#24292f">',
        '<h2 style="font-size:18px;margin:0 0 8px 0">Relatório de drift do modelo de match</h2>',
        f'<p style="font-size:16px;margin:0 0 8px 0">{_verdict(drifted)}: '
        f"{len(drifted_names)} de {_text(tested)} features com drift "
        f"({_percent(summary.get('drift_share'))}; limite "
        f"{_percent(summary.get('drift_share_threshold'))}).</p>",
        f'<p style="font-size:13px;margin:0 0 8px 0;color:#57606a">Modelo '
        f"{_text(summary.get('model_version', '—'))} · relatório "
        f"{_text(summary.get('report_id', '—'))} de {_text(summary.get('created_at', '—'))} · "
        f"{_text(summary.get('current_rows', window.get('rows', '—')))} predições recentes "
        f"contra {_text(summary.get('reference_rows', '—'))} linhas de treino.</p>",
    ]
    prediction = summary.get("prediction")
    if isinstance(prediction, Mapping):
        parts.append('<h3 style="font-size:15px;margin:12px 0 0 0">Probabilidade prevista</h3>')
        parts.append(_table(FEATURE_HEADERS, [_feature_row(prediction)]))
    payload_fields = summary.get("payload_fields")
    if isinstance(payload_fields, list) and payload_fields:
        parts.append('<h3 style="font-size:15px;margin:12px 0 0 0">Campos do payload</h3>')
        rows = [_payload_row(field) for field in payload_fields if isinstance(field, Mapping)]
        parts.append(_table(PAYLOAD_HEADERS, rows))
    if features:
        ordered = sorted(features, key=lambda f: (not f.get("drifted"), str(f.get("feature"))))
        parts.append('<h3 style="font-size:15px;margin:12px 0 0 0">Features do modelo</h3>')
        parts.append(_table(FEATURE_HEADERS, [_feature_row(f) for f in ordered]))
    parts.append(
        '<p style="font-size:12px;color:#57606a">Barra: score da coluna, com o limite no '
        "meio (traço); vermelho quando há drift (para o p-valor do K-S, drift é abaixo do "
        "limite). O relatório interativo do Evidently está em "
        "GET /api/v1/inferencias/driftReport/html.</p></div>"
    )
    return "".join(parts)
