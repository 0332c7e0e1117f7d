"""Free texts built from the latent attributes: résumés and vaga activities/competences."""

from __future__ import annotations

import random
from typing import Final

from talentmatch.generator.areas import AREA_BY_KEY, AREAS, BEHAVIOURAL, GENERIC_ACTIVITIES
from talentmatch.generator.latent import CandidateLatent, VagaLatent
from talentmatch.generator.pools import (
    COURSES_IT,
    COURSES_OTHER,
    EXTRA_COURSES,
    INSTITUTIONS,
    Pools,
)
from talentmatch.generator.vocabulary import (
    CERTIFICACOES,
    CITIES,
    LANGUAGE_LEVELS,
    NIVEL_ACADEMICO,
    SENIORITY_LABELS,
)

# Years of experience typical of each seniority level.
YEARS_BY_SENIORITY: Final[tuple[tuple[int, int], ...]] = (
    (1, 4),
    (1, 3),
    (3, 7),
    (6, 14),
    (8, 20),
    (10, 25),
)
SEGMENTS: Final[tuple[str, ...]] = (
    "bancos e serviços financeiros",
    "varejo",
    "seguros",
    "telecomunicações",
    "indústria",
    "saúde",
    "logística",
    "agronegócio",
    "energia",
    "setor público",
)
ADDITIONAL_INFO: Final[tuple[str, ...]] = (
    "disponibilidade para início imediato",
    "disponibilidade para viagens",
    "cnh categoria b",
    "disponibilidade para trabalho híbrido ou remoto",
    "pretensão salarial a combinar",
)
UF_BY_STATE: Final[dict[str, str]] = {state: uf for _, state, uf, _, _ in CITIES}
_ALL_SKILLS: Final[tuple[str, ...]] = tuple(
    dict.fromkeys(s for area in AREAS for stack in area.stacks.values() for s in stack)
)


def visible_skills(rng: random.Random, skills: tuple[str, ...], drop: float) -> list[str]:
    """The skills a text shows: some dropped, now and then an unrelated one added (noise)."""
    shown = [skill for skill in skills if rng.random() >= drop] or list(skills[:1])
    if rng.random() < 0.25:
        shown.append(rng.choice(_ALL_SKILLS))
    return list(dict.fromkeys(shown))


# Areas whose job titles name a technology ("Desenvolvedor Java", "Consultor SAP FI").
SKILL_TITLE_AREAS: Final[frozenset[str]] = frozenset({"dev", "sap", "infra", "dados", "qa"})


def role_title(role: str, skill: str | None = None, level: str | None = None) -> str:
    """A job title such as "Consultor SAP FI Sênior", without doubled words."""
    title = role
    if level and level.lower() == "analista":  # "Técnico de Suporte Analista" reads wrong
        level = "Pleno" if level[0].isupper() else "pleno"
    if skill:
        if role.endswith(" SAP") and skill.startswith("SAP "):
            skill = skill.removeprefix("SAP ")
        title = f"{title} {skill}"
    if level and not role.lower().startswith(level.lower()):
        title = f"{title} {level}"
    return title


def _activity(rng: random.Random, templates: tuple[str, ...], skills: list[str]) -> str:
    s1, s2 = rng.choice(skills), rng.choice(skills)
    return rng.choice(templates).format(s1=s1, s2=s2)


def _sentence_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} e {items[-1]}"


def cv_text(
    rng: random.Random,
    pools: Pools,
    latent: CandidateLatent,
    *,
    name: str,
    role: str,
    age: int,
    years: int,
    as_of: int,
    contact: str,
) -> str:
    """A pt-BR résumé whose sections mention the candidate's real skills and level."""
    area = AREA_BY_KEY[latent.area]
    skills = visible_skills(rng, latent.skills, drop=0.15)
    label = rng.choice(SENIORITY_LABELS[latent.seniority]).lower()
    field = area.label.rstrip("-").removeprefix("TI - ").lower()
    lines = [
        name.lower() if rng.random() < 0.5 else name,
        f"{latent.city.lower()}/{UF_BY_STATE[latent.state].lower()}, {age} anos",
        contact,
        "",
        "objetivo",
        role_title(role, level=label),
        "",
        "resumo profissional",
        f"profissional com {years} anos de experiência na área de {field}, atuando com "
        f"{_sentence_list(skills)}. experiência em projetos para clientes dos segmentos de "
        f"{_sentence_list(rng.sample(SEGMENTS, 2))}. perfil com {rng.choice(BEHAVIOURAL)}, "
        f"{rng.choice(BEHAVIOURAL)} e {rng.choice(BEHAVIOURAL)}.",
        "",
        "experiência profissional",
    ]
    templates = area.activities + GENERIC_ACTIVITIES
    end_year = as_of
    for job in range(rng.randint(1, 2 + latent.seniority)):
        start_year = max(as_of - years, end_year - rng.randint(1, 4))
        until = "atual" if job == 0 else f"{rng.randint(1, 12):02d}/{end_year}"
        lines += [
            "",
            f"{rng.choice(pools.companies)} - {rng.randint(1, 12):02d}/{start_year} a {until}",
            f"cargo: {role if job < 2 else rng.choice(area.roles)}",
        ]
        if rng.random() < 0.5:
            lines.append(f"cliente: {rng.choice(pools.clientes)} ({rng.choice(SEGMENTS)})")
        activities = (_activity(rng, templates, skills) for _ in range(rng.randint(3, 8)))
        lines += [f"- {activity};" for activity in dict.fromkeys(activities)]
        if rng.random() < 0.6:
            lines.append(f"tecnologias: {', '.join(rng.sample(skills, min(len(skills), 4)))}")
        end_year = start_year
    if rng.random() < 0.5:
        lines += ["", "principais projetos"]
        lines += [
            f"- projeto para cliente do segmento de {rng.choice(SEGMENTS)}: "
            f"{_activity(rng, area.activities, skills)}."
            for _ in range(rng.randint(1, 3))
        ]
    courses = COURSES_IT if area.is_it else COURSES_OTHER
    lines += [
        "",
        "formação acadêmica",
        f"{NIVEL_ACADEMICO[latent.education].lower()} - {rng.choice(courses)}",
        f"{rng.choice(INSTITUTIONS)} - {end_year + rng.randint(-4, 2)}",
        "",
        "idiomas",
        f"inglês: {LANGUAGE_LEVELS[latent.english].lower()}",
        f"espanhol: {LANGUAGE_LEVELS[latent.spanish].lower()}",
    ]
    if rng.random() < 0.6:
        lines += ["", "cursos e certificações"]
        lines += [f"- {c}" for c in rng.sample(CERTIFICACOES + EXTRA_COURSES, rng.randint(1, 5))]
    lines += ["", "conhecimentos técnicos", ", ".join(skills)]
    if rng.random() < 0.4:
        lines += ["", "informações adicionais", *rng.sample(ADDITIONAL_INFO, 2)]
    text = "\n".join(lines)
    if rng.random() < 0.08:  # some résumés arrive as a single paragraph after PDF extraction
        text = text.replace("\n", " ")
    return text


def vaga_activities(rng: random.Random, latent: VagaLatent) -> str:
    """principais_atividades: bullet lines built from the vaga's required skills."""
    area = AREA_BY_KEY[latent.area]
    skills = visible_skills(rng, latent.skills, drop=0.1)
    lines = [f"- {_activity(rng, area.activities, skills)};" for _ in range(rng.randint(2, 5))]
    lines += [f"- {rng.choice(GENERIC_ACTIVITIES)};" for _ in range(rng.randint(0, 3))]
    return "\n".join(dict.fromkeys(lines))


def vaga_competences(rng: random.Random, latent: VagaLatent, *, english: str) -> str:
    """competencia_tecnicas_e_comportamentais: requirements, nice-to-haves and soft skills."""
    area = AREA_BY_KEY[latent.area]
    skills = visible_skills(rng, latent.skills, drop=0.1)
    low, _ = YEARS_BY_SENIORITY[latent.seniority]
    lines = ["requisitos obrigatórios:"]
    lines += [f"- experiência com {skill};" for skill in skills]
    lines.append(f"- experiência mínima de {low} anos na função;")
    if latent.english:
        lines.append(f"- inglês {english.lower()};")
    extras = [s for stack in area.stacks.values() for s in stack if s not in latent.skills]
    if extras and rng.random() < 0.7:
        lines += ["", "diferenciais:"]
        lines += [
            f"- {skill};" for skill in rng.sample(extras, min(len(extras), rng.randint(1, 3)))
        ]
    lines += ["", "competências comportamentais:", ", ".join(rng.sample(BEHAVIOURAL, 3)) + "."]
    return "\n".join(lines)
