"""One applicants.json record from a candidate's latent attributes."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from talentmatch.generator import pools as pl
from talentmatch.generator.areas import AREA_BY_KEY, AREAS
from talentmatch.generator.latent import CandidateLatent
from talentmatch.generator.texts import (
    SKILL_TITLE_AREAS,
    YEARS_BY_SENIORITY,
    cv_text,
    role_title,
    visible_skills,
)
from talentmatch.generator.vocabulary import (
    CERTIFICACOES,
    CITIES,
    EMPRESA_DIVISAO,
    ESTADO_CIVIL,
    ESTADO_CIVIL_WEIGHTS,
    FONTE_INDICACAO,
    LANGUAGE_LEVELS,
    NIVEL_ACADEMICO,
    OUTRO_IDIOMA,
    SABENDO_DE_NOS_POR,
    SENIORITY_LABELS,
    SEXO,
)

_DDD = {city: ddd for city, _, _, ddd, _ in CITIES}
_UF = {city: uf for city, _, uf, _, _ in CITIES}
# The consent field was added to the system in 2021; older records carry this phrase instead.
_ACEITE_ANTERIOR = "Cadastro anterior ao registro do aceite"
_CONSENT_SINCE = datetime(2021, 3, 1)


@dataclass(frozen=True, slots=True)
class Identity:
    """A candidate's printed identity, shared by applicants.json and prospects.json."""

    nome: str
    email: str
    celular: str
    created: datetime


def make_identity(
    rng: random.Random, pools: pl.Pools, latent: CandidateLatent, created: datetime
) -> Identity:
    """Name, e-mail and phone of a candidate, drawn once so every file agrees."""
    nome = pl.person_name(rng, pools, latent.female)
    ddd = _DDD[latent.city]
    return Identity(nome, pl.email_for(rng, pools, nome), pl.mobile(rng, ddd), created)


def _role(rng: random.Random, latent: CandidateLatent) -> str:
    area = AREA_BY_KEY[latent.area]
    skill = latent.skills[0] if area.key in SKILL_TITLE_AREAS and rng.random() < 0.6 else None
    return role_title(rng.choice(area.roles), skill)


def _remuneracao(rng: random.Random, seniority: int) -> str:
    monthly = round((2500 + 3200 * seniority) * rng.uniform(0.7, 1.4), -2)
    forms = (
        f"R$ {monthly:,.2f}".replace(",", "X").replace(".", ",").replace("X", "."),
        f"{monthly:.0f}",
        f"{monthly / 170:.0f},00/hora PJ",
        f"{monthly:.0f} CLT",
    )
    return rng.choice(forms)


def applicant_record(
    rng: random.Random, pools: pl.Pools, latent: CandidateLatent, who: Identity
) -> dict[str, Any]:
    """The full applicants.json value for one candidate, every leaf a string."""
    ddd = _DDD[latent.city]
    role = _role(rng, latent)
    level = rng.choice(SENIORITY_LABELS[latent.seniority])
    updated = who.created + timedelta(days=rng.randint(0, 400), seconds=rng.randint(0, 86399))
    low, high = YEARS_BY_SENIORITY[latent.seniority]
    years = rng.randint(low, high)
    age = 18 + years + rng.randint(0, 12)
    born = who.created.date() - timedelta(days=age * 365 + rng.randint(0, 364))
    recado = pl.maybe(rng, 0.15, pl.landline(rng, ddd))
    sexo = SEXO[latent.female]

    infos_basicas = {
        "telefone_recado": recado,
        "telefone": pl.maybe(rng, 0.95, who.celular),
        "objetivo_profissional": pl.maybe(rng, 0.4, role),
        "data_criacao": pl.stamp_str(who.created),
        "inserido_por": rng.choice(pools.recruiters),
        "email": who.email,
        "local": pl.maybe(rng, 0.5, latent.city),
        "sabendo_de_nos_por": rng.choice(SABENDO_DE_NOS_POR),
        "data_atualizacao": pl.maybe(rng, 0.9, pl.stamp_str(updated)),
        "codigo_profissional": latent.codigo,
        "nome": who.nome,
    }
    slug = pl.ascii_slug(who.nome).replace(" ", "-")
    pessoais = {
        "data_aceite": (
            _ACEITE_ANTERIOR if who.created < _CONSENT_SINCE else pl.stamp_str(who.created)
        ),
        "nome": who.nome,
        "cpf": pl.maybe(rng, 0.7, pl.cpf(rng)),
        "fonte_indicacao": pl.maybe(rng, 0.7, rng.choice(FONTE_INDICACAO)),
        "email": who.email,
        "email_secundario": pl.maybe(rng, 0.12, pl.email_for(rng, pools, who.nome)),
        "data_nascimento": "0000-00-00" if rng.random() < 0.3 else pl.day_str(born),
        "telefone_celular": who.celular,
        "telefone_recado": recado,
        "sexo": pl.maybe(rng, 0.65, sexo),
        "estado_civil": pl.maybe(rng, 0.6, rng.choices(ESTADO_CIVIL, ESTADO_CIVIL_WEIGHTS)[0]),
        "pcd": rng.choices(("Não", "Sim", ""), (0.75, 0.01, 0.24))[0],
        "endereco": pl.maybe(rng, 0.7, f"{latent.city.lower()}, {_UF[latent.city].lower()}"),
        "skype": pl.maybe(rng, 0.08, slug.replace("-", ".")),
        "url_linkedin": pl.maybe(rng, 0.2, f"https://www.linkedin.com/in/{slug}"),
        "facebook": pl.maybe(rng, 0.04, f"https://www.facebook.com/{slug}"),
    }
    if rng.random() < 0.35:
        pessoais["download_cv"] = f"{latent.codigo}.pdf"

    profissionais = {
        "titulo_profissional": pl.maybe(rng, 0.75, role_title(role, level=level)),
        "area_atuacao": pl.maybe(rng, 0.55, _areas_label(rng, latent)),
        "conhecimentos_tecnicos": pl.maybe(
            rng, 0.45, ", ".join(visible_skills(rng, latent.skills, drop=0.3))
        ),
        "certificacoes": pl.maybe(
            rng, 0.2, ", ".join(rng.sample(CERTIFICACOES, rng.randint(1, 2)))
        ),
        "outras_certificacoes": pl.maybe(rng, 0.08, rng.choice(pl.EXTRA_COURSES)),
        "remuneracao": pl.maybe(rng, 0.4, _remuneracao(rng, latent.seniority)),
        "nivel_profissional": pl.maybe(rng, 0.45, level),
    }
    if rng.random() < 0.03:
        profissionais["qualificacoes"] = (
            f"{role_title(role, level=level)}: {', '.join(latent.skills)}"
        )
        profissionais["experiencias"] = f"{rng.choice(pools.companies)}: {role}"

    formacao = {
        "nivel_academico": pl.maybe(rng, 0.65, NIVEL_ACADEMICO[latent.education]),
        "nivel_ingles": pl.maybe(rng, 0.6, LANGUAGE_LEVELS[latent.english]),
        "nivel_espanhol": pl.maybe(rng, 0.55, LANGUAGE_LEVELS[latent.spanish]),
        "outro_idioma": rng.choices(
            ("-", "", f"{rng.choice(OUTRO_IDIOMA)} - {rng.choice(LANGUAGE_LEVELS[1:])}"),
            (0.88, 0.04, 0.08),
        )[0],
    }
    if rng.random() < 0.35:
        finished = "0" if rng.random() < 0.2 else str(born.year + rng.randint(21, 27))
        formacao |= {
            "instituicao_ensino_superior": rng.choice(pl.INSTITUTIONS),
            "cursos": rng.choice(
                pl.COURSES_IT if AREA_BY_KEY[latent.area].is_it else pl.COURSES_OTHER
            ),
            "ano_conclusao": finished,
            "outro_curso": pl.maybe(rng, 0.2, rng.choice(pl.EXTRA_COURSES)),
        }

    contact = f"telefone: {who.celular} | e-mail: {who.email}"
    cv_pt = cv_text(
        rng,
        pools,
        latent,
        name=who.nome,
        role=role,
        age=age,
        years=years,
        as_of=who.created.year,
        contact=contact,
    )
    return {
        "infos_basicas": infos_basicas,
        "informacoes_pessoais": pessoais,
        "informacoes_profissionais": profissionais,
        "formacao_e_idiomas": formacao,
        "cargo_atual": _cargo_atual(rng, pools, who, role) if rng.random() < 0.02 else {},
        "cv_pt": cv_pt if rng.random() < 0.97 else "",
        "cv_en": pl.maybe(rng, 0.005, "professional experience: " + ", ".join(latent.skills)),
    }


def _areas_label(rng: random.Random, latent: CandidateLatent) -> str:
    label = AREA_BY_KEY[latent.area].label
    if rng.random() < 0.15:  # a second area, as the real form allows several
        label = f"{label}, {rng.choice(AREAS).label}"
    return label


def _cargo_atual(rng: random.Random, pools: pl.Pools, who: Identity, role: str) -> dict[str, str]:
    """Filled only for people placed by Decision (about 2% of records)."""
    admitted: date = who.created.date() + timedelta(days=rng.randint(10, 300))
    boss = rng.choice(pools.contacts)
    corporate = pl.ascii_slug(who.nome).split()
    return {
        "id_ibrati": str(rng.randint(1000, 99999)),
        "email_corporativo": f"{corporate[0]}.{corporate[-1]}@decisionbr.com.br",
        "cargo_atual": role,
        "projeto_atual": pl.maybe(rng, 0.7, f"Projeto {rng.choice(pools.clientes).split(',')[0]}"),
        "cliente": rng.choice(pools.clientes),
        "unidade": rng.choice(EMPRESA_DIVISAO),
        "data_admissao": pl.day_str(admitted),
        "data_ultima_promocao": pl.maybe(rng, 0.3, pl.day_str(admitted + timedelta(days=365))),
        "nome_superior_imediato": boss,
        "email_superior_imediato": f"{pl.ascii_slug(boss).split()[0]}@decisionbr.com.br",
    }
