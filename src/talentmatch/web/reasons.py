"""The match model's reasons as sentences a recruiter reads (pt-BR)."""

from typing import Any

YES_NO_FEATURES = frozenset(
    {
        "same_area", "area_in_cv", "same_city", "city_in_cv", "pcd_requirement_unmet",
        "other_languages", "vaga_abroad", "contrato_clt", "contrato_pj", "contrato_cooperado",
        "contrato_estagio", "contrato_hunting", "contrato_a_escolher",
    }
)  # fmt: skip
SHARE_FEATURES = frozenset(
    {"skill_coverage", "skill_coverage_declared", "nice_coverage", "title_overlap"}
)


def _value(feature: str, value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "não informado"
    if isinstance(value, str):
        return value
    if feature in YES_NO_FEATURES:
        return "sim" if float(value) >= 0.5 else "não"
    if feature in SHARE_FEATURES:
        return f"{float(value) * 100:.0f}%"
    number = float(value)
    return f"{number:.0f}" if number.is_integer() else f"{number:.1f}".replace(".", ",")


def sentence(reason: dict[str, Any]) -> str:
    """One reason: what the feature is, its value here, and which way it moved the chance."""
    feature = str(reason.get("feature", ""))
    description = str(reason.get("description") or feature)
    points = float(reason.get("contribution") or 0) * 100
    direction = "aumenta" if points >= 0 else "reduz"
    typical = reason.get("typical_value")
    typical_text = f"; o típico é {_value(feature, typical)}" if typical is not None else ""
    amount = f"{abs(points):.1f}".replace(".", ",")
    label = description[:1].upper() + description[1:]
    value = _value(feature, reason.get("value"))
    return f"{label}: {value}{typical_text} — {direction} a chance em {amount} pontos percentuais."


def sentences(reasons: list[dict[str, Any]] | None) -> list[str]:
    """Every reason as a sentence, in the model's order (largest effect first)."""
    return [sentence(reason) for reason in reasons or []]
