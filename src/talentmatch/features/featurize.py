"""THE match feature function: a payload (or many) to one row of model input each.

Training and serving both call `featurize`, so the model never sees a value shaped
differently from what it learned on. Only the 25 payload fields are read; `sexo` and
`estado_civil` are accepted but deliberately not used (see IGNORED_FIELDS). Each row
combines a candidate side and a vaga side (`sides.py`), each computed once per distinct
record and kept in a bounded cache keyed by the fields it reads.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

import numpy as np
import pandas as pd

from talentmatch.features import sides
from talentmatch.features.payload import normalize_payload
from talentmatch.features.schema import MatchPayload
from talentmatch.features.sides import CANDIDATE_FIELDS, CONTRACT_TYPES, VAGA_FIELDS
from talentmatch.features.skills import share

# Protected characteristics (Lei 9.029/95 forbids sex and marital status as hiring criteria):
# accepted in the payload for compatibility, never turned into model input.
IGNORED_FIELDS: Final[tuple[str, ...]] = sides.IGNORED_FIELDS

# Every feature is numeric (NaN = unknown): one-hot area/country columns added nothing in
# grouped CV, and a plain float matrix keeps a single prediction in the low milliseconds.
# Each name maps to the sentence an explanation shows (LGPD art. 20: the person must follow it).
DESCRIPTIONS: Final[dict[str, str]] = {
    "skill_coverage": "parcela dos requisitos da vaga encontrados no perfil ou no currículo",
    "skill_coverage_declared": "parcela dos requisitos da vaga nos conhecimentos declarados",
    "skills_matched": "número de requisitos da vaga atendidos",
    "vaga_skills": "número de requisitos listados pela vaga",
    "nice_coverage": "parcela dos diferenciais da vaga encontrados no perfil",
    "title_overlap": "semelhança entre o título profissional e o título da vaga",
    "title_words_in_cv": "termos do título da vaga presentes no currículo",
    "same_area": "área de atuação igual à da vaga",
    "area_in_cv": "área da vaga mencionada no currículo",
    "same_city": "cidade do candidato igual à da vaga",
    "city_in_cv": "cidade da vaga no cabeçalho do currículo",
    "seniority_candidate": "nível profissional do candidato",
    "seniority_vaga": "nível profissional pedido pela vaga",
    "seniority_under": "níveis abaixo do pedido pela vaga",
    "seniority_over": "níveis acima do pedido pela vaga",
    "years_experience": "anos de experiência declarados no currículo",
    "years_short": "anos de experiência que faltam para o mínimo da vaga",
    "english_candidate": "nível de inglês do candidato",
    "english_vaga": "nível de inglês pedido pela vaga",
    "english_short": "níveis de inglês abaixo do pedido",
    "spanish_candidate": "nível de espanhol do candidato",
    "spanish_vaga": "nível de espanhol pedido pela vaga",
    "spanish_short": "níveis de espanhol abaixo do pedido",
    "education": "nível acadêmico do candidato",
    "pcd_requirement_unmet": "vaga exclusiva para PcD e candidato não declarado PcD",
    "certifications": "número de certificações declaradas",
    "other_languages": "outro idioma declarado",
    "cv_length": "tamanho do currículo",
    "vaga_abroad": "vaga fora do Brasil",
    "contrato_clt": "vaga aceita contratação CLT",
    "contrato_pj": "vaga aceita contratação PJ",
    "contrato_cooperado": "vaga aceita contratação cooperado",
    "contrato_estagio": "vaga de estágio",
    "contrato_hunting": "vaga de hunting",
    "contrato_a_escolher": "candidato escolhe o tipo de contratação",
}
FEATURES: Final[tuple[str, ...]] = tuple(DESCRIPTIONS)
NAN: Final[float] = math.nan


def _short(required: float, has: float) -> float:
    """Levels missing (0 when enough or nothing required); NaN when the candidate's is unknown."""
    if math.isnan(required) or required <= 0:
        return 0.0
    return NAN if math.isnan(has) else max(0.0, required - has)


def _skills(c: sides.CandidateSide, v: sides.VagaSide) -> dict[str, float]:
    coverage = share(v.required, c.declared_tokens, c.cv_tokens) if c.known else NAN
    union = c.title_words | v.title_words
    in_cv = sum(c.declared_tokens.has(g) or c.cv_tokens.has(g) for g in v.title_grams)
    return {
        "skill_coverage": coverage,
        "skill_coverage_declared": share(v.required, c.declared_tokens)
        if c.declared_known
        else NAN,
        "skills_matched": coverage * len(v.required) if v.required else NAN,
        "vaga_skills": float(len(v.required)),
        "nice_coverage": share(v.nice, c.declared_tokens, c.cv_tokens) if c.known else NAN,
        "title_overlap": len(c.title_words & v.title_words) / len(union)
        if c.title_words and v.title_words
        else NAN,
        "title_words_in_cv": in_cv / len(v.title_grams) if v.title_grams and c.known else NAN,
    }


def _row(c: sides.CandidateSide, v: sides.VagaSide) -> dict[str, float]:
    known = not math.isnan(c.seniority + v.seniority)
    row = _skills(c, v) | {
        "seniority_candidate": c.seniority,
        "seniority_vaga": v.seniority,
        "seniority_under": max(0.0, v.seniority - c.seniority) if known else NAN,
        "seniority_over": max(0.0, c.seniority - v.seniority) if known else NAN,
    }
    # The form fields first; else what the résumé / requirements write ("inglês: avançado").
    for (name, *_), cand, vaga in zip(sides.LANGUAGES, c.languages, v.languages, strict=True):
        row[f"{name}_candidate"] = cand
        row[f"{name}_vaga"] = vaga
        row[f"{name}_short"] = _short(vaga, cand)
    row |= {
        "other_languages": c.other_languages,
        "same_area": float(bool(c.areas & v.areas)) if c.areas and v.areas else NAN,
        "area_in_cv": float(any(a in c.cv_words for a in v.area_in_text)),
        "same_city": NAN if not c.city or not v.city else float(c.city == v.city),
        "city_in_cv": float(bool(v.city_words) and v.city_words in c.head_words),
        "vaga_abroad": v.abroad,
        "years_experience": c.years,
        "years_short": _short(v.min_years, c.years),
        "education": c.education,
        "pcd_requirement_unmet": float(v.pcd_only and not c.pcd),
        "certifications": c.certifications,
        "cv_length": c.cv_length,
    }
    row.update(zip(CONTRACT_TYPES, v.contracts, strict=True))
    return row


def featurize(payloads: Sequence[Mapping[str, Any] | MatchPayload]) -> pd.DataFrame:
    """One row per payload, float columns FEATURES (NaN: unknown); missing fields are empty."""
    rows = []
    for payload in payloads:
        p = normalize_payload(payload)
        candidate = sides.CANDIDATES.get(tuple(p[name] for name in CANDIDATE_FIELDS))
        vaga = sides.VAGAS.get(tuple(p[name] for name in VAGA_FIELDS))
        rows.append(_row(candidate, vaga))
    # Built column by column with the final dtype: a one-row frame costs ~0.1 ms this way.
    columns = {
        name: np.fromiter((row[name] for row in rows), dtype=np.float64, count=len(rows))
        for name in FEATURES
    }
    return pd.DataFrame(columns, columns=list(FEATURES), copy=False)
