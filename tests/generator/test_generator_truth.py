"""Ground truth, propensity and the statuses drawn from it."""

from __future__ import annotations

import dataclasses
from collections import Counter
from statistics import mean

import pytest

from talentmatch.generator import (
    CandidateLatent,
    VagaLatent,
    load_ground_truth,
    status_group,
    true_propensity,
)

from .conftest import SMALL, Generated

STATUSES = {
    "Prospect",
    "Inscrito",
    "Encaminhado ao Requisitante",
    "Em avaliação pelo RH",
    "Entrevista Técnica",
    "Entrevista com Cliente",
    "Aprovado",
    "Encaminhar Proposta",
    "Proposta Aceita",
    "Documentação CLT",
    "Documentação PJ",
    "Documentação Cooperado",
    "Contratado pela Decision",
    "Contratado como Hunting",
    "Não Aprovado pelo RH",
    "Não Aprovado pelo Cliente",
    "Não Aprovado pelo Requisitante",
    "Recusado",
    "Desistiu",
    "Desistiu da Contratação",
    "Sem interesse nesta vaga",
}

CANDIDATE = CandidateLatent(
    codigo="1",
    area="dev",
    stack="python",
    skills=("Python", "Django", "SQL"),
    seniority=3,
    english=3,
    spanish=1,
    education=11,
    city="São Paulo",
    state="São Paulo",
    female=False,
    disposition=0.0,
)
VAGA = VagaLatent(
    codigo="1001",
    area="dev",
    stack="python",
    skills=("Python", "Django", "FastAPI", "Docker"),
    seniority=3,
    english=2,
    spanish=0,
    city="São Paulo",
    state="São Paulo",
    difficulty=0.0,
)


def _rows(generated: Generated) -> list[dict[str, str]]:
    return [row for entry in generated.prospects.values() for row in entry["prospects"]]


def test_statuses_within_the_21_and_in_progress_largest(generated: Generated) -> None:
    counts = Counter(row["situacao_candidado"] for row in _rows(generated))
    assert set(counts) <= STATUSES
    top_two = {status for status, _ in counts.most_common(2)}
    assert top_two == {"Prospect", "Encaminhado ao Requisitante"}
    hired = sum(n for status, n in counts.items() if status.startswith("Contratado"))
    assert 0.02 < hired / sum(counts.values()) < 0.1


def test_positives_have_higher_true_propensity(generated: Generated) -> None:
    truth = generated.ground_truth["prospects"]
    by_group: dict[str, list[float]] = {"positive": [], "negative": [], "in_progress": []}
    for row, true_row in zip(_rows(generated), truth, strict=True):
        by_group[status_group(row["situacao_candidado"])].append(true_row["p_match"])
    assert by_group["positive"] and by_group["negative"]
    assert mean(by_group["positive"]) > mean(by_group["negative"]) + 0.15


def test_ground_truth_matches_prospects(generated: Generated) -> None:
    truth = load_ground_truth(generated.summary.ground_truth_path)
    assert truth.seed == SMALL["seed"]
    assert truth.params == {k: v for k, v in SMALL.items() if k != "seed"}
    assert set(generated.applicants) <= set(truth.candidates)
    assert set(generated.vagas) <= set(truth.vagas)
    listed = [
        (code, row["codigo"])
        for code, entry in generated.prospects.items()
        for row in entry["prospects"]
    ]
    assert [(t.codigo_vaga, t.codigo) for t in truth.prospects] == listed
    for row in truth.prospects:
        assert 0.0 < row.p_match < 1.0
        assert truth.propensity(row.codigo, row.codigo_vaga) == pytest.approx(row.p_match)
    # Any pair, prospected or not, has a true propensity.
    some_candidate, some_vaga = next(iter(truth.candidates)), next(iter(truth.vagas))
    assert 0.0 < truth.propensity(some_candidate, some_vaga) < 1.0
    assert load_ground_truth(generated.summary.ground_truth_path.parent) == truth


def test_orphans_and_empty_lists(generated: Generated) -> None:
    truth = load_ground_truth(generated.summary.ground_truth_path)
    rows = _rows(generated)
    orphan_rows = [row for row in rows if row["codigo"] not in generated.applicants]
    assert orphan_rows
    assert all(not truth.candidates[row["codigo"]].in_applicants for row in orphan_rows)
    orphan_keys = set(generated.prospects) - set(generated.vagas)
    assert orphan_keys
    assert all(not truth.vagas[code].in_vagas for code in orphan_keys)
    assert len(orphan_rows) < 0.05 * len(rows)
    empty = sum(not entry["prospects"] for entry in generated.prospects.values())
    assert 0.1 < empty / len(generated.prospects) < 0.3
    summary = generated.summary
    assert summary.orphan_candidate_rows == len(orphan_rows)
    assert summary.orphan_vaga_keys == len(orphan_keys)
    assert summary.prospect_rows == len(rows) == SMALL["prospects"]
    assert summary.candidates == len(generated.applicants) == SMALL["candidates"]
    assert summary.vagas == len(generated.vagas) == SMALL["vagas"]


def test_prospected_candidates_are_plausible(generated: Generated) -> None:
    # Recruiters shortlist: a prospected pair shares its area far more often than chance.
    truth = load_ground_truth(generated.summary.ground_truth_path)
    same = [
        truth.candidates[row.codigo].area == truth.vagas[row.codigo_vaga].area
        for row in truth.prospects
    ]
    assert 0.5 < mean(same) < 0.95


def test_true_propensity_is_pure_and_monotone() -> None:
    base = true_propensity(CANDIDATE, VAGA)
    assert base == true_propensity(CANDIDATE, VAGA)
    more_skills = dataclasses.replace(CANDIDATE, skills=(*CANDIDATE.skills, "FastAPI"))
    assert true_propensity(more_skills, VAGA) > base
    junior = dataclasses.replace(CANDIDATE, seniority=1)
    assert true_propensity(junior, VAGA) < base
    no_english = dataclasses.replace(CANDIDATE, english=0)
    assert true_propensity(no_english, VAGA) < base
    elsewhere = dataclasses.replace(CANDIDATE, city="Recife", state="Pernambuco")
    assert true_propensity(elsewhere, VAGA) < base
    other_area = dataclasses.replace(CANDIDATE, area="financeiro", skills=("Contabilidade",))
    assert true_propensity(other_area, VAGA) < 0.1 < base


def test_status_group_rejects_unknown_status() -> None:
    with pytest.raises(ValueError, match="unknown"):
        status_group("Contratado")
