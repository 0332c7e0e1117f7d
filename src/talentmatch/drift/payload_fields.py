"""Drift of what a recruiter sent: the payload's own categorical fields, by their seed names.

The reference holds, per field, how often each value appeared in the training rows' payloads
(`payload_reference.json`, stored with the version); the window holds the values logged with
each recent prediction (`prediction_log.payload_fields`). Only categorical fields are kept:
no free text (résumé, skills, certifications, titles), no personal data (name, e-mail, CPF),
and not `sexo`/`estado_civil`, which the model never reads. Each field's two distributions
are compared over their top values (the rest pooled as "(outros)"): a chi-square test on the
counts when the smaller sample has at most 1,000 rows (drift at p <= 0.05), else the
Jensen-Shannon distance (drift at >= 0.1), the rule the feature report follows.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import numpy as np

PAYLOAD_REFERENCE_FILE: Final[str] = "payload_reference.json"
# Seed field names (inferencias.models.MatchPayload), candidate side then vaga side.
PAYLOAD_DRIFT_FIELDS: Final[tuple[str, ...]] = (
    "ingles",
    "espanhol",
    "outros_idiomas",
    "cidade",
    "nivel_profissional",
    "nivel_academico",
    "area_atuacao",
    "pcd",
    "nivel_ingles_vaga",
    "nivel_espanhol_vaga",
    "cidade_vaga",
    "nivel_profissional_vaga",
    "areas_atuacao_vaga",
    "tipo_contratacao",
    "pais_vaga",
    "vaga_especifica_para_pcd",
)
EMPTY: Final[str] = "(vazio)"
OTHERS: Final[str] = "(outros)"
MAX_VALUE_CHARS: Final[int] = 64
# Values kept per field in the reference (the rest counted as OTHERS) and shown in a summary.
REFERENCE_TOP: Final[int] = 50
SHOWN_TOP: Final[int] = 10
LARGE_SAMPLE: Final[int] = 1000
P_VALUE_THRESHOLD: Final[float] = 0.05
DISTANCE_THRESHOLD: Final[float] = 0.1


def field_value(value: Any) -> str:
    """A sent value as logged: trimmed; "(vazio)" when empty; "(outros)" when it holds a
    digit or "@" or is over 64 characters."""
    text = "" if value is None else " ".join(str(value).split())
    if not text:
        return EMPTY
    # A category never holds digits or an e-mail; such a value (an address typed into
    # `cidade`, a phone) could be personal data: it is logged only as "(outros)".
    if any(ch.isdigit() for ch in text) or "@" in text or len(text) > MAX_VALUE_CHARS:
        return OTHERS
    return text


def payload_values(payload: Mapping[str, Any]) -> dict[str, str]:
    """The categorical fields of one payload, as the prediction log keeps them."""
    return {name: field_value(payload.get(name)) for name in PAYLOAD_DRIFT_FIELDS}


def _top(counts: Counter[str], top: int) -> dict[str, int]:
    kept = dict(counts.most_common(top))
    rest = sum(counts.values()) - sum(kept.values())
    if rest:
        kept[OTHERS] = kept.get(OTHERS, 0) + rest
    return kept


def build_payload_reference(payloads: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Per field, the count of each value in the training payloads (top values kept)."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in PAYLOAD_DRIFT_FIELDS}
    rows = 0
    for payload in payloads:
        rows += 1
        for name, value in payload_values(payload).items():
            counts[name][value] += 1
    return {
        "rows": rows,
        "fields": {name: _top(counter, REFERENCE_TOP) for name, counter in counts.items()},
    }


def payload_reference_bytes(reference: Mapping[str, Any]) -> bytes:
    return json.dumps(reference, ensure_ascii=False, sort_keys=True).encode("utf-8")


def read_payload_reference(data: bytes) -> dict[str, Any]:
    reference: dict[str, Any] = json.loads(data)
    return reference


def _test(reference: list[int], current: list[int]) -> tuple[str, float, float, bool]:
    ref, cur = np.asarray(reference, dtype=float), np.asarray(current, dtype=float)
    if min(ref.sum(), cur.sum()) <= LARGE_SAMPLE:
        from scipy.stats import chi2_contingency

        table = np.vstack([ref, cur])
        table = table[:, table.sum(axis=0) > 0]
        if table.shape[1] < 2:
            return "chi-square p_value", 1.0, P_VALUE_THRESHOLD, False
        p_value = float(chi2_contingency(table)[1])
        return "chi-square p_value", p_value, P_VALUE_THRESHOLD, p_value <= P_VALUE_THRESHOLD
    from scipy.spatial.distance import jensenshannon

    distance = float(jensenshannon(ref / ref.sum(), cur / cur.sum(), base=2))
    distance = 0.0 if math.isnan(distance) else distance
    return "Jensen-Shannon distance", distance, DISTANCE_THRESHOLD, distance >= DISTANCE_THRESHOLD


def _shares(counts: Mapping[str, int], values: Sequence[str]) -> dict[str, float]:
    total = sum(counts.values())
    return {value: round(counts.get(value, 0) / total, 4) for value in values}


def _pooled(counts: Mapping[str, int], shown: Sequence[str]) -> dict[str, int]:
    pooled = {value: counts.get(value, 0) for value in shown}
    rest = sum(counts.values()) - sum(pooled.values())
    if rest:
        pooled[OTHERS] = pooled.get(OTHERS, 0) + rest
    return pooled


def compare_field(name: str, reference: Mapping[str, int], current: Counter[str]) -> dict[str, Any]:
    """One field's drift: the test, its verdict, and the shares of the top values."""
    if not sum(current.values()) or not sum(reference.values()):
        side = "janela" if not sum(current.values()) else "referência"
        return {
            "field": name,
            "method": None,
            "score": None,
            "threshold": None,
            "drifted": False,
            "skipped": f"sem valores na {side}",
            "reference": {},
            "current": {},
        }
    ref_total, cur_total = sum(reference.values()), sum(current.values())
    # Rank values by their share in either sample, so a value new in the window shows.
    ranking = sorted(
        dict.fromkeys([*reference, *current]),
        key=lambda v: -max(reference.get(v, 0) / ref_total, current.get(v, 0) / cur_total),
    )
    shown = [value for value in ranking if value != OTHERS][:SHOWN_TOP]
    ref_pooled, cur_pooled = _pooled(reference, shown), _pooled(current, shown)
    values = list(dict.fromkeys([*ref_pooled, *cur_pooled]))
    method, score, threshold, drifted = _test(
        [ref_pooled.get(v, 0) for v in values], [cur_pooled.get(v, 0) for v in values]
    )
    return {
        "field": name,
        "method": method,
        "score": round(score, 6),
        "threshold": threshold,
        "drifted": drifted,
        "reference": _shares(ref_pooled, values),
        "current": _shares(cur_pooled, values),
    }


def compare_payload_fields(
    reference: Mapping[str, Any], window: Sequence[Mapping[str, str] | None]
) -> list[dict[str, Any]]:
    """Every field's drift between the reference counts and the logged window values."""
    logged = [row for row in window if row]
    fields: Mapping[str, Mapping[str, int]] = reference.get("fields", {})
    out = []
    for name in PAYLOAD_DRIFT_FIELDS:
        if name not in fields:
            continue
        current = Counter(str(row[name]) for row in logged if name in row)
        out.append(compare_field(name, fields[name], current))
    return out
