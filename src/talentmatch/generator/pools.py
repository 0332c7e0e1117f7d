"""Precomputed pools of pt-BR values (Faker is slow per call) and small value formatters."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from faker import Faker

from talentmatch.generator.vocabulary import N_CLIENTES

INSTITUTIONS: Final[tuple[str, ...]] = (
    "Universidade de São Paulo",
    "Universidade Estadual de Campinas",
    "Universidade Presbiteriana Mackenzie",
    "FIAP",
    "Universidade Nove de Julho",
    "Universidade Paulista",
    "Universidade Anhembi Morumbi",
    "Pontifícia Universidade Católica de São Paulo",
    "Centro Universitário FEI",
    "Universidade Estácio de Sá",
    "Faculdade Impacta",
    "Universidade Federal do Rio de Janeiro",
    "Universidade Federal de Minas Gerais",
    "Universidade Cruzeiro do Sul",
    "Universidade São Judas Tadeu",
    "Faculdade de Tecnologia de São Paulo",
    "Universidade Federal de São Carlos",
    "Universidade Metodista de São Paulo",
)
COURSES_IT: Final[tuple[str, ...]] = (
    "Ciência da Computação",
    "Sistemas de Informação",
    "Análise e Desenvolvimento de Sistemas",
    "Engenharia da Computação",
    "Tecnologia em Redes de Computadores",
    "Gestão da Tecnologia da Informação",
    "Engenharia de Software",
)
COURSES_OTHER: Final[tuple[str, ...]] = (
    "Administração de Empresas",
    "Ciências Contábeis",
    "Economia",
    "Recursos Humanos",
    "Gastronomia",
    "Logística",
)
# gmail repeated: it dominates Brazilian personal addresses.
EMAIL_DOMAINS: Final[tuple[str, ...]] = (
    *("gmail.com",) * 6,
    *("hotmail.com",) * 3,
    "yahoo.com.br",
    "outlook.com",
    "uol.com.br",
    "bol.com.br",
    "terra.com.br",
)
EXTRA_COURSES: Final[tuple[str, ...]] = (
    "Inglês instrumental",
    "Excel avançado",
    "Scrum Fundamentals",
    "Lógica de programação",
    "Fundamentos de Cloud Computing",
    "Power BI",
    "Gestão de projetos",
)


@dataclass(frozen=True, slots=True)
class Pools:
    """Name, place and company pools drawn once from Faker for a seed."""

    first_male: tuple[str, ...]
    first_female: tuple[str, ...]
    last_names: tuple[str, ...]
    streets: tuple[str, ...]
    bairros: tuple[str, ...]
    companies: tuple[str, ...]
    clientes: tuple[str, ...]
    recruiters: tuple[str, ...]
    analysts: tuple[str, ...]
    contacts: tuple[str, ...]
    email_domains: tuple[str, ...]


def _unique(make: Callable[[], str], count: int, limit: int = 50) -> tuple[str, ...]:
    """Call a Faker method until `count` distinct values (or `limit` x tries) come out."""
    seen: dict[str, None] = {}
    for _ in range(count * limit):
        seen.setdefault(make(), None)
        if len(seen) == count:
            break
    return tuple(seen)


def build_pools(seed: int) -> Pools:
    """Draw the pools from a seeded pt_BR Faker (and en_US for client names, as in the data)."""
    fake = Faker("pt_BR")
    fake.seed_instance(seed)
    # The real file's client names are anglophone company names (the data was anonymised so).
    fake_en = Faker("en_US")
    fake_en.seed_instance(seed)
    first_male = _unique(fake.first_name_male, 120)
    first_female = _unique(fake.first_name_female, 120)
    last_names = _unique(fake.last_name, 100)
    rng = random.Random(f"{seed}-pools")

    def full_name() -> str:
        first = rng.choice(first_male if rng.random() < 0.5 else first_female)
        return f"{first} {rng.choice(last_names)} {rng.choice(last_names)}"

    return Pools(
        first_male=first_male,
        first_female=first_female,
        last_names=last_names,
        streets=_unique(fake.street_name, 600),
        bairros=_unique(fake.bairro, 300),
        companies=_unique(fake.company, 400),
        clientes=_unique(fake_en.company, N_CLIENTES),
        recruiters=tuple(full_name() for _ in range(60)),
        analysts=tuple(full_name() for _ in range(40)),
        contacts=tuple(full_name() for _ in range(400)),
        email_domains=EMAIL_DOMAINS,
    )


def maybe(rng: random.Random, share: float, value: str) -> str:
    """The value in `share` of records, else the empty string the real files are full of."""
    return value if rng.random() < share else ""


def person_name(rng: random.Random, pools: Pools, female: bool) -> str:
    """A pt-BR full name: one or two given names and one or two surnames."""
    firsts = pools.first_female if female else pools.first_male
    parts = [rng.choice(firsts)]
    if rng.random() < 0.2:
        parts.append(rng.choice(firsts))
    parts.append(rng.choice(pools.last_names))
    if rng.random() < 0.6:
        parts.append(rng.choice(pools.last_names))
    return " ".join(parts)


def ascii_slug(text: str) -> str:
    """Lower-case ASCII form of a name, for e-mail addresses and URLs."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch == " "))


def email_for(rng: random.Random, pools: Pools, name: str) -> str:
    """An e-mail address built from a person's name."""
    words = ascii_slug(name).split()
    sep = rng.choice(("_", ".", ""))
    user = f"{words[0]}{sep}{words[-1]}"
    if rng.random() < 0.4:
        user += str(rng.randint(1, 99))
    return f"{user}@{rng.choice(pools.email_domains)}"


def cpf_digits(rng: random.Random) -> str:
    """Eleven CPF digits whose two check digits are valid."""
    digits = [rng.randint(0, 9) for _ in range(9)]
    if len(set(digits)) == 1:  # all-equal CPFs are invalid by rule
        digits[0] = (digits[0] + 1) % 10
    for size in (9, 10):
        total = sum(d * w for d, w in zip(digits, range(size + 1, 1, -1), strict=True))
        rest = total * 10 % 11
        digits.append(0 if rest == 10 else rest)
    return "".join(map(str, digits))


def cpf(rng: random.Random) -> str:
    """A valid CPF, formatted "123.456.789-09" mostly, bare digits sometimes."""
    d = cpf_digits(rng)
    if rng.random() < 0.3:
        return d
    return f"{d[:3]}.{d[3:6]}.{d[6:9]}-{d[9:]}"


def mobile(rng: random.Random, ddd: str) -> str:
    """A mobile number like "(11) 91234-5678"."""
    return f"({ddd}) 9{rng.randint(6000, 9999)}-{rng.randint(0, 9999):04d}"


def landline(rng: random.Random, ddd: str) -> str:
    """A landline number like "(11) 3456-7890"."""
    return f"({ddd}) {rng.randint(2000, 5999)}-{rng.randint(0, 9999):04d}"


def day_str(day: date) -> str:
    """A date as the files print it: DD-MM-YYYY."""
    return f"{day.day:02d}-{day.month:02d}-{day.year}"


def stamp_str(moment: datetime) -> str:
    """A timestamp as the files print it: DD-MM-YYYY HH:MM:SS."""
    return f"{day_str(moment)} {moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"


def random_day(rng: random.Random, start: date, end: date) -> date:
    """A uniform day in [start, end]."""
    return start + timedelta(days=rng.randint(0, (end - start).days))


def random_moment(rng: random.Random, day: date) -> datetime:
    """A working-hours moment on a given day."""
    return datetime(day.year, day.month, day.day, rng.randint(7, 20), rng.randint(0, 59)) + (
        timedelta(seconds=rng.randint(0, 59))
    )
