"""Recommendation payloads and answers (both directions) and recommender versions."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from talentmatch.features.schema import LongText, ShortText
from talentmatch.matching.schemas import MatchExplanation

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
    in_service: str | None = Field(description="The version THIS replica serves")
    current: str | None = Field(
        default=None,
        description="The version the registry's CURRENT names (every replica "
        "swaps to it within MODEL_POLL_INTERVAL_S once it loads)",
    )
    method: str | None = Field(description="The method answers use now")
    data: list[RecommenderVersion]
