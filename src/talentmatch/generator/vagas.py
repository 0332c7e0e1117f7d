"""One vagas.json record from a vaga's latent requirements."""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import accumulate
from typing import Any, Final

from talentmatch.generator import pools as pl
from talentmatch.generator.areas import AREA_BY_KEY, AREAS, BEHAVIOURAL
from talentmatch.generator.latent import VagaLatent
from talentmatch.generator.texts import (
    SKILL_TITLE_AREAS,
    role_title,
    vaga_activities,
    vaga_competences,
)
from talentmatch.generator.vocabulary import (
    CITIES,
    EMPRESA_DIVISAO,
    LANGUAGE_LEVELS,
    LANGUAGE_TECNICO,
    N_CLIENTES,
    NIVEL_ACADEMICO,
    PRIORIDADE_VAGA,
    SENIORITY_LABELS,
    TIPO_CONTRATACAO_ATOMS,
    TIPO_CONTRATACAO_WEIGHTS,
)

_DDD: Final[dict[str, str]] = {city: ddd for city, _, _, ddd, _ in CITIES}
_CLIENT_CUM: Final[tuple[float, ...]] = tuple(
    accumulate(1 / (rank + 1) ** 0.9 for rank in range(N_CLIENTES))
)
_REGIOES: Final[tuple[str, ...]] = ("Zona Sul", "Zona Norte", "Zona Leste", "Zona Oeste", "Centro")
_LOCAL: Final[tuple[str, ...]] = ("2000", "1000", "Cliente", "Remoto", "Híbrido", "")
_EQUIPAMENTOS: Final[tuple[str, ...]] = ("Nenhum -", "Notebook padrão -", "Notebook Decision -", "")
_OBSERVACOES: Final[tuple[str, ...]] = (
    "Alocação no cliente, modelo híbrido.",
    "Projeto com duração prevista de 6 meses, com possibilidade de extensão.",
    "Vaga confidencial, não divulgar o nome do cliente.",
    "Início imediato.",
)


def tipo_contratacao(rng: random.Random) -> str:
    """A comma-joined combination of contract types, as the real form stores them."""
    count = rng.choices((1, 2, 3), (0.6, 0.3, 0.1))[0]
    atoms = {rng.choices(TIPO_CONTRATACAO_ATOMS, TIPO_CONTRATACAO_WEIGHTS)[0] for _ in range(count)}
    # Keep the form's order so the same set always prints the same way.
    return ", ".join(atom for atom in TIPO_CONTRATACAO_ATOMS if atom in atoms)


def language_label(rng: random.Random, level: int) -> str:
    """A required language level as vagas print it ("Técnico" now and then for level 2)."""
    if level == 2 and rng.random() < 0.2:
        return LANGUAGE_TECNICO
    return LANGUAGE_LEVELS[level]


def vaga_title(rng: random.Random, latent: VagaLatent) -> str:
    """titulo_vaga: role, often the key skill, often the level."""
    area = AREA_BY_KEY[latent.area]
    skill = latent.skills[0] if area.key in SKILL_TITLE_AREAS and rng.random() < 0.7 else None
    level = rng.choice(SENIORITY_LABELS[latent.seniority]) if rng.random() < 0.6 else None
    return role_title(rng.choice(area.roles), skill, level)


def vaga_record(
    rng: random.Random,
    pools: pl.Pools,
    latent: VagaLatent,
    *,
    requested: date,
    title: str,
    tipo: str,
) -> dict[str, Any]:
    """The full vagas.json value for one vaga, every leaf a string."""
    area = AREA_BY_KEY[latent.area]
    origem = rng.choices(("Nova Posição", "Substituição", ""), (0.6, 0.25, 0.15))[0]
    english = language_label(rng, latent.english)
    basicas = {
        "data_requicisao": pl.day_str(requested),
        "limite_esperado_para_contratacao": (
            "00-00-0000"
            if rng.random() < 0.6
            else pl.day_str(requested + timedelta(days=rng.randint(7, 60)))
        ),
        "titulo_vaga": title,
        "vaga_sap": "Sim" if latent.area == "sap" or rng.random() < 0.02 else "Não",
        "cliente": _cliente(rng, pools),
        "solicitante_cliente": rng.choice(pools.contacts),
        "empresa_divisao": rng.choices((*EMPRESA_DIVISAO, ""), (0.7, 0.27, 0.03))[0],
        "requisitante": rng.choice(pools.analysts),
        "analista_responsavel": rng.choice(pools.analysts),
        "tipo_contratacao": pl.maybe(rng, 0.95, tipo),
        "prazo_contratacao": rng.choices(("Indeterminado", "Determinado", ""), (0.5, 0.2, 0.3))[0],
        "objetivo_vaga": rng.choices(("Contratação", "Prospecção", ""), (0.6, 0.1, 0.3))[0],
        "prioridade_vaga": rng.choice(PRIORIDADE_VAGA),
        "origem_vaga": origem,
        "superior_imediato": pl.maybe(rng, 0.2, f"Superior Imediato: {rng.choice(pools.contacts)}"),
        "nome": pl.maybe(rng, 0.6, rng.choice(pools.contacts)),
        "telefone": pl.maybe(rng, 0.5, pl.landline(rng, _DDD[latent.city])),
    }
    if rng.random() < 0.4:
        start = requested + timedelta(days=rng.randint(15, 60))
        basicas["data_inicial"] = pl.day_str(start)
        basicas["data_final"] = (
            "00-00-0000" if rng.random() < 0.5 else pl.day_str(start + timedelta(days=180))
        )
    if origem == "Substituição" and rng.random() < 0.5:
        basicas["nome_substituto"] = rng.choice(pools.contacts)

    perfil = {
        "pais": "Brasil",
        "estado": latent.state,
        "cidade": latent.city,
        "bairro": pl.maybe(rng, 0.3, rng.choice(pools.bairros)),
        "regiao": pl.maybe(rng, 0.2, rng.choice(_REGIOES)),
        "local_trabalho": rng.choice(_LOCAL),
        "vaga_especifica_para_pcd": rng.choices(("Não", "Sim", ""), (0.96, 0.03, 0.01))[0],
        "faixa_etaria": "De: Até: " if rng.random() < 0.85 else "De: 25 Até: 45",
        "horario_trabalho": rng.choices(("", "Comercial", "Das 8h às 17h"), (0.5, 0.3, 0.2))[0],
        "nivel profissional": pl.maybe(rng, 0.92, rng.choice(SENIORITY_LABELS[latent.seniority])),
        "nivel_academico": pl.maybe(rng, 0.85, _academic_requirement(rng, area.is_it)),
        "nivel_ingles": pl.maybe(rng, 0.9, english),
        "nivel_espanhol": pl.maybe(rng, 0.85, language_label(rng, latent.spanish)),
        "outro_idioma": pl.maybe(rng, 0.03, "Alemão - Intermediário"),
        "areas_atuacao": _areas(rng, area.label),
        "principais_atividades": vaga_activities(rng, latent),
        "competencia_tecnicas_e_comportamentais": vaga_competences(rng, latent, english=english),
        "demais_observacoes": pl.maybe(rng, 0.4, rng.choice(_OBSERVACOES)),
        "viagens_requeridas": rng.choices(("", "Não", "Sim, eventuais"), (0.6, 0.3, 0.1))[0],
        "equipamentos_necessarios": rng.choice(_EQUIPAMENTOS),
    }
    if rng.random() < 0.2:
        perfil["habilidades_comportamentais_necessarias"] = ", ".join(rng.sample(BEHAVIOURAL, 4))

    rate = round((40 + 25 * latent.seniority) * rng.uniform(0.8, 1.3))
    beneficios = {
        "valor_venda": "-" if rng.random() < 0.3 else f"{rate},00 -",
        "valor_compra_1": rng.choice(("hora", "mês", "")),
        "valor_compra_2": pl.maybe(rng, 0.5, f"{round(rate * 0.7)},00 - {tipo.split(', ')[0]}"),
    }
    return {"informacoes_basicas": basicas, "perfil_vaga": perfil, "beneficios": beneficios}


def _cliente(rng: random.Random, pools: pl.Pools) -> str:
    # A few large clients post many vagas: Zipf-like shares over the pool.
    return rng.choices(pools.clientes, cum_weights=_CLIENT_CUM[: len(pools.clientes)])[0]


def _academic_requirement(rng: random.Random, is_it: bool) -> str:
    grau = rng.choices((1, 2, 3, 4), (0.1, 0.1, 0.7, 0.1) if is_it else (0.5, 0.2, 0.3, 0.0))[0]
    return NIVEL_ACADEMICO[grau * 3 + rng.choices((1, 2), (0.2, 0.8))[0]]


def _areas(rng: random.Random, label: str) -> str:
    if rng.random() < 0.1:
        return f"{label}, {rng.choice(AREAS).label}"
    return label
