"""Issue 12's cases: Decision files → `talentmatch import` → `train match` and
`train recommender` end in a published model or in a one-line refusal (exit 2), never a crash.
"""

from __future__ import annotations

import random
import re

import pytest

from talentmatch.matching.splits import MIN_ROWS
from tests.ml_robustness.conftest import MATCH, RECOMMENDER, Cli, Outcome
from tests.ml_robustness.world import IN_PROGRESS, NEGATIVE, POSITIVE, World


def published(outcome: Outcome, kind: str) -> dict:
    result = outcome.match if kind == MATCH else outcome.recommender
    assert result is not None
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 0, result.output
    version = outcome.current(kind)
    assert version is not None and version in result.output
    return outcome.registry.manifest(kind, version)


def refused(outcome: Outcome, *expected: str) -> str:
    """The match training's refusal: exit 2, one line with the counts, nothing published."""
    result = outcome.match
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    line = result.output.strip()
    assert "\n" not in line and "Traceback" not in line
    assert "o treino do modelo de match precisa de" in line
    for text in expected:
        assert text in line, line
    assert outcome.current(MATCH) is None
    assert outcome.registry.list_versions(MATCH) == []
    return line


def no_years(rng: random.Random, skills: list[str]) -> str:
    return f"Objetivo: desenvolvedor {skills[0]}\nTrabalhei com {', '.join(skills)}."


def test_features_and_payload_fields_missing_in_every_row(cli: Cli) -> None:
    """The issue's crash (two columns NaN in every row killed the boosted model's CV), with
    fields some files never fill (keys absent), vagas without "requisitos"/"diferenciais"
    sections, and résumés without "N anos de experiência"."""
    world = World(
        vagas=12,
        per_vaga=12,
        cv=no_years,  # years_experience: NaN everywhere
        requisitos=lambda rng, skills: " ".join(skills) + " e boa comunicação",
        drop_applicant=[
            ("formacao_e_idiomas", "nivel_espanhol"),
            ("formacao_e_idiomas", "nivel_academico"),
            ("informacoes_profissionais", "area_atuacao"),
            ("informacoes_profissionais", "nivel_profissional"),
        ],
        drop_vaga=[
            ("perfil_vaga", "nivel_espanhol"),
            ("perfil_vaga", "nivel profissional"),
            ("perfil_vaga", "areas_atuacao"),
        ],
    )
    outcome = cli.run(world)
    manifest = published(outcome, MATCH)
    guard = manifest["feature_guard"]
    for name in ("years_experience", "spanish_candidate", "education"):
        assert guard["dropped"][name] == "missing in every training row", name
        assert name not in guard["kept"]
    assert "same_area" in guard["dropped"]
    assert {row["model"] for row in manifest["comparison"]} == {
        "logistic_regression",
        "hist_gradient_boosting",
    }
    published(outcome, RECOMMENDER)


def test_a_constant_feature_and_codes_at_the_int32_limit(cli: Cli) -> None:
    world = World(
        vagas=10,
        per_vaga=12,
        top_codes=True,  # 2147483647 and below
        set_applicant={("infos_basicas", "local"): "Campinas"},
        set_vaga={("perfil_vaga", "cidade"): "Campinas"},
    )
    outcome = cli.run(world)
    manifest = published(outcome, MATCH)
    assert manifest["feature_guard"]["dropped"]["same_city"].startswith("constant: 1.0")
    assert manifest["rows"] > 0
    published(outcome, RECOMMENDER)


def test_a_single_vaga_is_refused_with_the_counts(cli: Cli) -> None:
    outcome = cli.run(World(vagas=1, per_vaga=80))
    refused(outcome, "em 1 vagas", "ao menos 3 vagas")
    published(outcome, RECOMMENDER)  # the recommender needs no outcome


def test_a_single_class_is_refused_with_the_counts(cli: Cli) -> None:
    world = World(vagas=8, per_vaga=12, status=lambda rng, hired: rng.choice(NEGATIVE))
    outcome = cli.run(world, recommender=False)
    refused(outcome, "encontrados 96 prospects finalizados (0 positivos, 96 negativos)")


def test_a_few_dozen_rows_are_refused(cli: Cli) -> None:
    world = World(vagas=4, per_vaga=9, status=lambda rng, hired: rng.choice(POSITIVE + NEGATIVE))
    refused(
        cli.run(world, recommender=False),
        f"ao menos {MIN_ROWS} prospects finalizados",
        "encontrados 36",
    )


def test_sixty_rows_train_without_early_stopping(cli: Cli) -> None:
    world = World(vagas=6, per_vaga=10, status=lambda rng, hired: rng.choice(POSITIVE + NEGATIVE))
    manifest = published(cli.run(world, recommender=False), MATCH)
    assert manifest["rows"] == 60 and manifest["split"]["early_stopping"] is False


def test_only_in_progress_statuses_are_refused_with_their_count(cli: Cli) -> None:
    world = World(vagas=5, per_vaga=10, status=lambda rng, hired: rng.choice(IN_PROGRESS))
    outcome = cli.run(world)
    refused(outcome, "encontrados 0 prospects finalizados", "50 em andamento")
    published(outcome, RECOMMENDER)


def huge_or_english(rng: random.Random, skills: list[str]) -> str:
    if rng.random() < 0.5:
        return (f"{skills[0]} {rng.randint(0, 9)} anos de experiência " * 6000)[:200_000]
    return f"Software engineer, {rng.randint(1, 9)} years with {' and '.join(skills)}. Fluent."


@pytest.mark.parametrize(
    "make_cv",
    [
        pytest.param(lambda rng, skills: "", id="every-resume-empty"),
        pytest.param(huge_or_english, id="200000-characters-or-english-only"),
    ],
)
def test_odd_resumes_train_both_models(cli: Cli, make_cv) -> None:
    outcome = cli.run(World(vagas=10, per_vaga=12, cv=make_cv))
    published(outcome, MATCH)
    published(outcome, RECOMMENDER)


def test_statuses_outside_the_21_values(cli: Cli) -> None:
    """Never a training label: refused by the import (today's enum) or stored and counted as
    unlabelled (statuses as a table); the model trains on the rest either way."""

    def status(rng: random.Random, hired: bool) -> str:
        if rng.random() < 0.3:
            return rng.choice(("Em espera", "Contratado (retroativo)", "APROVADO ", "???"))
        return rng.choice(POSITIVE) if hired else rng.choice(NEGATIVE)

    outcome = cli.run(World(vagas=10, per_vaga=12, status=status))
    found = re.search(r"prospects\.json: .* (\d+) rejeitados", outcome.imported.output)
    assert found, outcome.imported.output
    manifest = published(outcome, MATCH)
    stats = manifest["data_stats"]
    unlabelled = stats.get("dropped_in_progress_or_unknown", 0)
    assert int(found.group(1)) + unlabelled > 0
    assert stats["rows"] + unlabelled + int(found.group(1)) == 120
    published(outcome, RECOMMENDER)
