"""Inference endpoints: request and answer shapes (the seed's contract), the prediction log."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, JsonValue
from sqlalchemy import JSON
from sqlmodel import Field as SQLField

from talentmatch.db.bases import SystemBase
from talentmatch.db.types import MAX_CODE, UTCDateTime, utcnow

MAX_BATCH = 1000

SEED_MATCH_EXAMPLE: dict[str, JsonValue] = {
    "sexo": "M",
    "estado_civil": "Solteiro",
    "pcd": "Não",
    "vaga_especifica_para_pcd": "Não",
    "pais_vaga": "Brasil",
    "nivel_academico": "Ensino Superior Completo",
    "tipo_contratacao": "CLT",
    "cidade": "São Paulo",
    "cidade_vaga": "São Paulo",
    "nivel_profissional": "Pleno",
    "nivel_profissional_vaga": "Pleno",
    "ingles": "Avançado",
    "espanhol": "Intermediário",
    "outros_idiomas": "Nenhum",
    "nivel_ingles_vaga": "Avançado",
    "nivel_espanhol_vaga": "Intermediário",
    "titulo_profissional": "Desenvolvedor Backend",
    "titulo_vaga": "Backend Developer",
    "conhecimentos_tecnicos": "Python, FastAPI, SQLAlchemy",
    "certificacoes": "AWS Certified",
    "outras_certificacoes": "Scrum",
    "area_atuacao": "TI",
    "areas_atuacao_vaga": "Desenvolvimento",
    "competencia_tecnicas_e_comportamentais": "Trabalho em equipe, responsabilidade",
    "cv_candidato": "https://link-para-cv.com",
}

SEED_RECOMMENDATION_EXAMPLE: dict[str, JsonValue] = {
    "titulo_profissional": "Desenvolvedor Backend",
    "conhecimentos_tecnicos": "Python, FastAPI, SQLAlchemy",
    "certificacoes": "AWS Certified",
    "outras_certificacoes": "Scrum",
    "cidade": "São Paulo",
    "ingles": "Avançado",
    "espanhol": "Básico",
    "outros_idiomas": "Nenhum",
    "pcd": "Não",
    "cv_candidato": "https://link-para-cv.com",
}

ShortText = Field(default="", max_length=10_000)
LongText = Field(default="", max_length=200_000)


class MatchPayload(BaseModel):
    """The 25 fields of a candidate-vaga pair; a missing field counts as empty."""

    model_config = ConfigDict(
        extra="ignore",
        coerce_numbers_to_str=True,
        json_schema_extra={"example": SEED_MATCH_EXAMPLE},
    )

    sexo: str = ShortText
    estado_civil: str = ShortText
    pcd: str = ShortText
    vaga_especifica_para_pcd: str = ShortText
    pais_vaga: str = ShortText
    nivel_academico: str = ShortText
    tipo_contratacao: str = ShortText
    cidade: str = ShortText
    cidade_vaga: str = ShortText
    nivel_profissional: str = ShortText
    nivel_profissional_vaga: str = ShortText
    ingles: str = ShortText
    espanhol: str = ShortText
    outros_idiomas: str = ShortText
    nivel_ingles_vaga: str = ShortText
    nivel_espanhol_vaga: str = ShortText
    titulo_profissional: str = ShortText
    titulo_vaga: str = ShortText
    conhecimentos_tecnicos: str = LongText
    certificacoes: str = LongText
    outras_certificacoes: str = LongText
    area_atuacao: str = ShortText
    areas_atuacao_vaga: str = ShortText
    competencia_tecnicas_e_comportamentais: str = LongText
    cv_candidato: str = LongText


class MatchAnswer(BaseModel):
    match_probability: float = Field(ge=0, le=100, description="Probabilidade em porcentagem")


class RecommendationPayload(BaseModel):
    """The 10 fields of a candidate's profile; a missing field counts as empty."""

    model_config = ConfigDict(
        extra="ignore",
        coerce_numbers_to_str=True,
        json_schema_extra={"example": SEED_RECOMMENDATION_EXAMPLE},
    )

    titulo_profissional: str = ShortText
    conhecimentos_tecnicos: str = LongText
    certificacoes: str = LongText
    outras_certificacoes: str = LongText
    cidade: str = ShortText
    ingles: str = ShortText
    espanhol: str = ShortText
    outros_idiomas: str = ShortText
    pcd: str = ShortText
    cv_candidato: str = LongText


class RecommendedVaga(BaseModel):
    codigo_vaga: int
    titulo_vaga: str | None = None
    competencia_tecnicas_e_comportamentais: str | None = None
    areas_atuacao_vaga: str | None = None


class RecommendationAnswer(BaseModel):
    data: list[RecommendedVaga]


class DriftReportAnswer(BaseModel):
    drift_report: str


class MatchExplanation(BaseModel):
    """How much one feature moved the score (LGPD art. 20: why this decision)."""

    feature: str
    description: str
    value: float | str | None
    typical_value: float | str | None
    contribution: float = Field(description="Change in probability (0..1) due to this feature")


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
    in_service: str | None
    data: list[ModelVersion]


class ReloadIn(BaseModel):
    """A version to serve (and make current); the registry's current version when omitted."""

    version: str | None = Field(default=None, max_length=128)


class ReloadAnswer(BaseModel):
    message: str
    in_service: str | None


class PredictionLog(SystemBase, table=True):
    """One prediction: when, which model, its input features (no personal data), its output."""

    __tablename__ = "prediction_log"

    id: int | None = SQLField(default=None, primary_key=True)
    created_at: datetime = SQLField(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    model_kind: str = SQLField(max_length=32)
    model_version: str = SQLField(max_length=128, index=True)
    source: str = SQLField(max_length=16)
    features: dict[str, Any] = SQLField(sa_type=JSON)
    # The categorical payload fields sent (drift/payload_fields.py): no free text, no
    # personal data. Null for rows logged before it existed.
    payload_fields: dict[str, str] | None = SQLField(default=None, sa_type=JSON, nullable=True)
    probability: float
    latency_ms: float


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


# --- recommendations (recommending/) ---------------------------------------------------
class Similarity(BaseModel):
    """How close the two documents are (cosine, -1..1): sentence embeddings and TF-IDF words."""

    embeddings: float | None = Field(description="None when the method did not encode the query")
    lexical: float


class Recommended(BaseModel):
    """Scores shared by both directions."""

    score: float = Field(
        description="What the list is sorted by: the match probability in percent when "
        "ranked_by is match_model, else the retrieval score of `method`"
    )
    match_probability: float | None = Field(default=None, ge=0, le=100)
    similarity: Similarity
    common_terms: list[str] = Field(description="Words that weigh most in the lexical score")
    reasons: list[MatchExplanation] | None = Field(
        default=None, description="Features that moved the match probability most"
    )


class ScoredVaga(Recommended, RecommendedVaga):
    """A recommended vaga: the seed's four fields and its scores."""


class RankedCandidato(Recommended):
    """A candidate for a vaga."""

    codigo_profissional: int
    nome: str | None = None
    titulo_profissional: str | None = None


class RankingInfo(BaseModel):
    """How a list was made."""

    ranked_by: str = Field(description="match_model, or similarity when none is in service")
    method: str = Field(description="embeddings, lexical, hybrid or reranked")
    message: str | None = None
    recommender_version: str
    match_model_version: str | None = None


class VagaRecommendations(RankingInfo):
    """Vagas for a candidate, best first, no vaga twice (the seed's `data` shape, extended)."""

    codigo_profissional: int | None = None
    data: list[ScoredVaga]


class CandidatoRanking(RankingInfo):
    """Candidates for a vaga, best first."""

    codigo_vaga: int
    titulo_vaga: str | None = None
    data: list[RankedCandidato]


class RecommenderVersion(BaseModel):
    """A published recommender version: its manifest (sizes, encoder, evaluation)."""

    model_config = ConfigDict(extra="allow")

    version: str
    current: bool = False
    in_service: bool = False
    evaluation: dict[str, Any] | None = Field(
        default=None,
        description="By the data's outcomes, on held-out vagas: MRR, recall@5/@10, nDCG@10 "
        "of each method (test half), the method and hybrid weight chosen on the validation "
        "half; {'skipped': why, ...} when too few outcomes (defaults then apply)",
    )
    ground_truth_evaluation: dict[str, Any] | None = Field(
        default=None,
        description="Only with a data generator's ground truth: a report, never the selector",
    )


class RecommenderVersions(BaseModel):
    kind: str
    in_service: str | None
    method: str | None = Field(description="The method answers use now")
    data: list[RecommenderVersion]
