"""The match payload: the 25 fields of a candidate-vaga pair the match model reads (the seed's
`/inferencias/predict` body), and its example."""

from pydantic import BaseModel, ConfigDict, Field, JsonValue

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
