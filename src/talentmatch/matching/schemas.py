"""The match model's reasons, as the API shows them."""

from pydantic import BaseModel, Field


class MatchExplanation(BaseModel):
    """How much one feature moved the score (LGPD art. 20: why this decision)."""

    feature: str
    description: str
    value: float | str | None
    typical_value: float | str | None
    contribution: float = Field(description="Change in probability (0..1) due to this feature")
