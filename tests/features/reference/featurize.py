"""Reference copy (test oracle) of talentmatch.features.featurize as of commit 79b7954, before
the fast path: the straightforward per-pair computation, without any cache. Not to be edited:
the property test checks the served feature function against it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pandas as pd

from talentmatch.features.payload import normalize_payload
from talentmatch.features.schema import MatchPayload
from tests.features.reference import text as tx
from tests.features.reference.skills import skill_features

# Protected characteristics (Lei 9.029/95 forbids sex and marital status as hiring criteria):
# accepted in the payload for compatibility, never turned into model input.
IGNORED_FIELDS: Final[tuple[str, ...]] = ("sexo", "estado_civil")

CONTRACT_TYPES: Final[dict[str, tuple[str, ...]]] = {
    "contrato_clt": ("clt",),
    "contrato_pj": ("pj", "autonomo"),
    "contrato_cooperado": ("cooperado",),
    "contrato_estagio": ("estagiario", "estagio"),
    "contrato_hunting": ("hunting",),
    "contrato_a_escolher": ("escolher",),
}
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


def _first(*values: float) -> float:
    return next((v for v in values if not math.isnan(v)), NAN)


def _short(required: float, has: float) -> float:
    """Levels missing (0 when enough or nothing required); NaN when the candidate's is unknown."""
    if math.isnan(required) or required <= 0:
        return 0.0
    return NAN if math.isnan(has) else max(0.0, required - has)


def _same(a: str, b: str) -> float:
    a, b = tx.fold(a), tx.fold(b)
    return NAN if not a or not b else float(a == b)


def _areas(value: str) -> set[str]:
    return {" ".join(tx.words(item)) for item in tx.split_items(value)} - {""}


def _seniority(p: dict[str, str], head: str) -> dict[str, float]:
    # The form field first; else the level a title (or the résumé's objective) ends with.
    cand = _first(
        tx.seniority_level(p["nivel_profissional"], form_field=True),
        tx.seniority_level(p["titulo_profissional"]),
        tx.seniority_level(head),
    )
    vaga = _first(
        tx.seniority_level(p["nivel_profissional_vaga"], form_field=True),
        tx.seniority_level(p["titulo_vaga"]),
    )
    known = not math.isnan(cand + vaga)
    return {
        "seniority_candidate": cand,
        "seniority_vaga": vaga,
        "seniority_under": max(0.0, vaga - cand) if known else NAN,
        "seniority_over": max(0.0, cand - vaga) if known else NAN,
    }


LANGUAGES: Final[tuple[tuple[str, str, str, str], ...]] = (
    ("english", "ingles", "ingles", "nivel_ingles_vaga"),
    ("spanish", "espanhol", "espanhol", "nivel_espanhol_vaga"),
)


@dataclass(frozen=True, slots=True)
class _Resume:
    """What the features read from a résumé, computed once per distinct résumé text."""

    folded: str
    head: str  # a résumé's header: name, city, objective
    grams: set[str]
    padded_words: str
    years: float
    languages: dict[str, float]  # level written after each language's name


def _resume(text: str) -> _Resume:
    cv = tx.fold(text)  # folded once; the helpers' own folding is then cheap
    return _Resume(
        folded=cv,
        head=cv[:400],
        grams=tx.ngrams(tx.tokens(cv)),
        padded_words=f" {' '.join(tx.words(cv))} ",
        years=tx.years_of_experience(cv),
        languages={language: tx.language_in_text(cv, language) for _, language, _, _ in LANGUAGES},
    )


def _languages(p: dict[str, str], cv: _Resume) -> dict[str, float]:
    # The form fields first; else what the résumé / requirements write ("inglês: avançado").
    vaga_text = p["competencia_tecnicas_e_comportamentais"]
    out: dict[str, float] = {}
    for name, language, cand_field, vaga_field in LANGUAGES:
        cand = _first(tx.language_level(p[cand_field]), cv.languages[language])
        vaga = _first(tx.language_level(p[vaga_field]), tx.language_in_text(vaga_text, language))
        out |= {
            f"{name}_candidate": cand,
            f"{name}_vaga": vaga,
            f"{name}_short": _short(vaga, cand),
        }
    out["other_languages"] = float(tx.language_level(p["outros_idiomas"]) > 0)
    return out


def _place_and_area(p: dict[str, str], cv: _Resume) -> dict[str, float]:
    cand_areas, vaga_areas = _areas(p["area_atuacao"]), _areas(p["areas_atuacao_vaga"])
    cv_words, head = cv.padded_words, cv.head
    city = " ".join(tx.words(p["cidade_vaga"]))
    return {
        "same_area": float(bool(cand_areas & vaga_areas)) if cand_areas and vaga_areas else NAN,
        # "TI - SAP-" is written "sap" in a résumé's "área de ..." sentence.
        "area_in_cv": float(any(f" {a.removeprefix('ti ')} " in cv_words for a in vaga_areas)),
        "same_city": _same(p["cidade"], p["cidade_vaga"]),
        "city_in_cv": float(bool(city) and f" {city} " in f" {' '.join(tx.words(head))} "),
        "vaga_abroad": float(tx.fold(p["pais_vaga"]) not in ("", "brasil", "brazil")),
    }


def _row(p: dict[str, str], cv: _Resume) -> dict[str, float]:
    years = cv.years
    contracts = set(tx.words(p["tipo_contratacao"]))
    row = {
        **skill_features(p, cv.grams),
        **_seniority(p, cv.head),
        **_languages(p, cv),
        **_place_and_area(p, cv),
        "years_experience": years,
        "years_short": _short(tx.minimum_years(p["competencia_tecnicas_e_comportamentais"]), years),
        "education": tx.education_level(p["nivel_academico"]),
        "pcd_requirement_unmet": float(
            tx.fold(p["vaga_especifica_para_pcd"]) == "sim" and tx.fold(p["pcd"]) != "sim"
        ),
        "certifications": float(
            len(tx.split_items(p["certificacoes"] + "," + p["outras_certificacoes"]))
        ),
        "cv_length": math.log1p(len(p["cv_candidato"])),
    }
    for name, words in CONTRACT_TYPES.items():
        row[name] = float(any(w in contracts for w in words))
    return row


def featurize(payloads: Sequence[Mapping[str, Any] | MatchPayload]) -> pd.DataFrame:
    """One row per payload, float columns FEATURES (NaN: unknown); missing fields are empty."""
    # A ranking scores one résumé against many vagas (or the other way round): each distinct
    # résumé is read once per call.
    resumes: dict[str, _Resume] = {}
    rows = []
    for payload in payloads:
        p = normalize_payload(payload)
        text = p["cv_candidato"]
        resume = resumes.get(text)
        if resume is None:
            resume = resumes[text] = _resume(text)
        rows.append(_row(p, resume))
    # Built column by column with the final dtype: a one-row frame costs ~0.1 ms this way.
    columns = {
        name: np.fromiter((row[name] for row in rows), dtype=np.float64, count=len(rows))
        for name in FEATURES
    }
    return pd.DataFrame(columns, columns=list(FEATURES), copy=False)
