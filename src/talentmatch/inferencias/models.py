"""Inference endpoints: request and answer shapes (the seed's contract), model versions, the
prediction log's and drift's answers."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from talentmatch.db.types import MAX_CODE
from talentmatch.matching.schemas import MatchExplanation

MAX_BATCH = 1000


class MatchAnswer(BaseModel):
    match_probability: float = Field(ge=0, le=100, description="Probabilidade em porcentagem")


class DriftReportAnswer(BaseModel):
    drift_report: str


class MatchResult(BaseModel):
    """A match probability, with the version that computed it and, on request, its reasons."""

    match_probability: float = Field(ge=0, le=100, description="Probabilidade em porcentagem")
    is_match: bool = Field(description="Probability at or above the model's chosen threshold")
    model_version: str
    explanation: list[MatchExplanation] | None = None


class PairIn(BaseModel):
    """A stored candidate and a stored vaga."""

    codigo_profissional: int = Field(ge=1, le=MAX_CODE)
    codigo_vaga: int = Field(ge=1, le=MAX_CODE)


class PairsIn(BaseModel):
    """Up to MAX_BATCH stored pairs, scored in one call."""

    pairs: list[PairIn] = Field(min_length=1, max_length=MAX_BATCH)


class PairResult(MatchResult):
    codigo_profissional: int
    codigo_vaga: int


class PairsResult(BaseModel):
    model_version: str
    data: list[PairResult]


class ModelVersion(BaseModel):
    """A published model version: its manifest (metrics, features, data, libraries)."""

    model_config = ConfigDict(extra="allow")

    version: str
    current: bool = False
    in_service: bool = False
    metrics: dict[str, Any] | None = Field(
        default=None, description="ROC-AUC, PR-AUC, Brier, F1... on the held-out test vagas"
    )
    ranking: dict[str, Any] | None = Field(
        default=None,
        description="Where each held-out vaga's hired candidates land among its prospects "
        "ordered by the model: MRR, recall@5, recall@10, nDCG@10 (model, random order, and "
        "a generator's oracle when one was given); {'skipped': why} when too few outcomes",
    )


class ModelsAnswer(BaseModel):
    kind: str
    in_service: str | None = Field(description="The version THIS replica serves")
    current: str | None = Field(
        default=None,
        description="The version the registry's CURRENT names (every replica "
        "swaps to it within MODEL_POLL_INTERVAL_S once it loads)",
    )
    data: list[ModelVersion]


class ReloadIn(BaseModel):
    """A version to serve (and make current); the registry's current version when omitted."""

    version: str | None = Field(default=None, max_length=128)


class ReloadAnswer(BaseModel):
    message: str
    in_service: str | None


class PredictionPublic(BaseModel):
    id: int
    created_at: datetime
    model_kind: str
    model_version: str
    source: str
    features: dict[str, Any]
    probability: float
    latency_ms: float


class PredictionsPage(BaseModel):
    total: int
    offset: int
    limit: int
    data: list[PredictionPublic]


class FeatureDrift(BaseModel):
    """Drift of one column between the training rows and the window of recent predictions."""

    feature: str
    method: str | None = Field(
        description="Evidently's test: K-S p_value (drift below the threshold), "
        "Wasserstein distance (normed) or Jensen-Shannon distance (drift at or above it)"
    )
    score: float | None
    threshold: float | None
    drifted: bool
    skipped: str | None = Field(default=None, description="Why the column was not compared")
    reference_mean: float | None = None
    current_mean: float | None = None
    reference_missing_share: float | None = None
    current_missing_share: float | None = None


class PayloadFieldDrift(BaseModel):
    """Drift of one field the recruiter sends (seed name), reference vs window shares."""

    field: str = Field(description="The payload field by its seed name, e.g. ingles")
    method: str | None = Field(
        description="chi-square p_value (drift at or below the threshold) or Jensen-Shannon "
        "distance (drift at or above it)"
    )
    score: float | None
    threshold: float | None
    drifted: bool
    skipped: str | None = None
    reference: dict[str, float] = Field(
        description="Share (0..1) of each value in the training rows; '(vazio)' = not sent, "
        "'(outros)' = every value beyond the top ones"
    )
    current: dict[str, float] = Field(description="The same shares in the window")


class DriftWindow(BaseModel):
    """The recent predictions compared: how many at most, how old at most, what was found."""

    max_predictions: int
    days: int | None
    rows: int
    first_prediction_at: datetime | None
    last_prediction_at: datetime | None


class DriftSummary(BaseModel):
    """The latest drift report for machines: verdict, share, per-feature scores."""

    report_id: str
    created_at: datetime
    model_kind: str
    model_version: str
    drifted: bool = Field(description="drift_share reached drift_share_threshold")
    drift_share: float = Field(description="Share of compared features that drifted")
    drift_share_threshold: float
    features_tested: int
    drifted_features: list[str]
    prediction: FeatureDrift = Field(description="Drift of the predicted probability")
    window: DriftWindow
    reference_rows: int
    current_rows: int
    features: list[FeatureDrift]
    payload_fields: list[PayloadFieldDrift] = Field(
        default_factory=list,
        description="The payload's own categorical fields: what was sent, reference vs window "
        "(empty for versions or logs older than this comparison)",
    )
    evidently_version: str
    files: dict[str, str] = Field(description="Object-store keys of the HTML and JSON reports")
