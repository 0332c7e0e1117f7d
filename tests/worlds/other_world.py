"""A second, independent world of Decision-shaped files, for tests only.

Written apart from `talentmatch.generator` (nothing is imported from it) with its own
vocabulary, its own text conventions (English-heavy résumés with "since 2014" instead of
"N anos de experiência", vaga texts as running prose without "requisitos:"/"diferenciais"
headers), its own missingness (candidates never state `nivel_academico`, `nivel_espanhol`
or `outro_idioma`; vagas never state `nivel_espanhol` nor `areas_atuacao`; many résumés
empty), its own status mix, and its own hidden rule for who gets hired:

    p = sigmoid(-1.6 + 1.9 * [holds the certification the vaga asks for]
                + 1.1 * [vaga is remote, or same city] - 0.9 * english levels short
                + 0.8 * share of the vaga's tools the candidate lists - 0.6 * vaga.hardness
                + 0.5 * candidate.drive)

`World.propensity` is its oracle (the true probability of any pair, prospected or not); it
has the shape of `talentmatch.recommending.evaluate.TrueMatches`.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TOOLS = {
    "cloud": ["Terraform", "Kubernetes", "Docker", "Ansible", "Prometheus", "Grafana", "Helm"],
    "data": ["Spark", "Airflow", "dbt", "Snowflake", "Kafka", "Pandas", "Tableau"],
    "web": ["React", "TypeScript", "Node.js", "GraphQL", "Next.js", "Redux", "Tailwind"],
    "erp": ["SAP MM", "SAP FI", "ABAP", "SAP HANA", "Fiori", "SAP BW", "SAP PP"],
    "security": ["SIEM", "Splunk", "OWASP", "Nessus", "IAM", "Firewall", "SOC"],
}
CERTIFICATIONS = {
    "cloud": ["AWS Solutions Architect", "CKA", "Azure AZ-104"],
    "data": ["Databricks Associate", "GCP Data Engineer", "Snowflake SnowPro"],
    "web": ["Meta Front-End", "AWS Developer", "Scrum PSM I"],
    "erp": ["SAP Certified MM", "SAP Certified FI", "SAP Activate"],
    "security": ["CISSP", "CompTIA Security+", "CEH"],
}
ROLES = {
    "cloud": ["Cloud Engineer", "SRE", "Platform Engineer"],
    "data": ["Data Engineer", "Analytics Engineer", "BI Developer"],
    "web": ["Frontend Developer", "Fullstack Engineer", "Web Developer"],
    "erp": ["SAP Consultant", "ABAP Developer", "SAP Functional Analyst"],
    "security": ["Security Analyst", "SOC Analyst", "Pentester"],
}
CITIES = ["Recife", "Curitiba", "Porto Alegre", "Belo Horizonte", "Florianópolis", "Campinas"]
REMOTE = "Remoto"
ENGLISH = ["Nenhum", "Básico", "Intermediário", "Avançado", "Fluente"]
LEVELS = ["Júnior", "Analista", "Pleno", "Sênior", "Especialista"]
POSITIVE = ["Contratado pela Decision", "Aprovado", "Proposta Aceita", "Documentação PJ"]
NEGATIVE = ["Não Aprovado pelo Cliente", "Desistiu", "Não Aprovado pelo RH", "Recusado"]
IN_PROGRESS = ["Entrevista Técnica", "Inscrito", "Em avaliação pelo RH"]
FIRST = ["Alex", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Robin", "Sam", "Kim"]
LAST = ["Almeida", "Tanaka", "Okafor", "Schmidt", "Rossi", "Kowalski", "Nguyen", "Duarte"]


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


@dataclass(frozen=True)
class Candidate:
    code: int
    track: str
    tools: frozenset[str]
    certification: str | None
    city: str
    english: int
    level: int
    drive: float


@dataclass(frozen=True)
class Vaga:
    code: int
    track: str
    tools: frozenset[str]
    certification: str
    city: str
    english: int
    level: int
    hardness: float


@dataclass
class World:
    """The hidden attributes behind one written data set, and its oracle."""

    candidates: dict[str, Candidate] = field(default_factory=dict)
    vagas: dict[str, Vaga] = field(default_factory=dict)
    prospects: list[tuple[int, int, str]] = field(default_factory=list)  # (vaga, cand, status)

    def propensity(self, codigo: str, codigo_vaga: str) -> float:
        """True hire probability of any candidate/vaga pair (the world's oracle)."""
        c, v = self.candidates[str(codigo)], self.vagas[str(codigo_vaga)]
        certified = 1.0 if c.certification == v.certification else 0.0
        place = 1.0 if v.city == REMOTE or v.city == c.city else 0.0
        short = max(0, v.english - c.english)
        tools = len(c.tools & v.tools) / len(v.tools)
        score = (
            -1.6
            + 1.9 * certified
            + 1.1 * place
            - 0.9 * short
            + 0.8 * tools
            - 0.6 * v.hardness
            + 0.5 * c.drive
        )
        return _sigmoid(score)

    def oracle(self, codigo_candidato: int, codigo_vaga: int) -> float:
        return self.propensity(str(codigo_candidato), str(codigo_vaga))


def _candidate(rng: random.Random, code: int) -> Candidate:
    track = rng.choice(list(TOOLS))
    own = rng.sample(TOOLS[track], rng.randint(2, 5))
    if rng.random() < 0.2:  # a few tools of another track
        own += rng.sample(TOOLS[rng.choice(list(TOOLS))], 1)
    certified = rng.random() < 0.45
    return Candidate(
        code=code,
        track=track,
        tools=frozenset(own),
        certification=rng.choice(CERTIFICATIONS[track]) if certified else None,
        city=rng.choice(CITIES),
        english=rng.choices(range(5), weights=[1, 2, 3, 3, 2])[0],
        level=rng.randrange(5),
        drive=rng.gauss(0, 1),
    )


def _vaga(rng: random.Random, code: int) -> Vaga:
    track = rng.choice(list(TOOLS))
    return Vaga(
        code=code,
        track=track,
        tools=frozenset(rng.sample(TOOLS[track], rng.randint(2, 4))),
        certification=rng.choice(CERTIFICATIONS[track]),
        city=REMOTE if rng.random() < 0.3 else rng.choice(CITIES),
        english=rng.choices(range(5), weights=[3, 2, 3, 2, 1])[0],
        level=rng.randrange(5),
        hardness=rng.random(),
    )


def _resume(rng: random.Random, c: Candidate, name: str) -> str:
    if rng.random() < 0.25:
        return ""
    since = rng.randint(2005, 2021)
    lines = [
        name.lower(),
        f"{c.city} - Brazil",
        f"{rng.choice(ROLES[c.track])} since {since}.",
        "Hands-on with " + ", ".join(sorted(c.tools)) + ".",
    ]
    if c.certification:
        lines.append(f"Certified: {c.certification}.")
    lines.append(rng.choice(["Open to relocation.", "Prefers remote work.", "Team player."]))
    return "\n".join(lines)


def _applicant(rng: random.Random, c: Candidate) -> dict[str, Any]:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    email = f"{name.lower().replace(' ', '.')}{c.code}@example.org"
    resume = _resume(rng, c, name)
    return {
        "infos_basicas": {
            "telefone_recado": "",
            "telefone": "",
            "objetivo_profissional": rng.choice(ROLES[c.track]),
            "data_criacao": f"{rng.randint(1, 28):02d}-03-2022 10:00:00",
            "inserido_por": "Import Bot",
            "email": email,
            "local": c.city,
            "sabendo_de_nos_por": "LinkedIn",
            "data_atualizacao": "",
            "codigo_profissional": str(c.code),
            "nome": name,
        },
        "informacoes_pessoais": {
            "data_aceite": "",
            "nome": name,
            "cpf": "",
            "fonte_indicacao": "",
            "email": email,
            "email_secundario": "",
            "data_nascimento": "0000-00-00",
            "telefone_celular": "",
            "telefone_recado": "",
            "sexo": "",
            "estado_civil": "",
            "pcd": "Não",
            "endereco": "",
            "skype": "",
            "url_linkedin": "",
            "facebook": "",
        },
        "informacoes_profissionais": {
            "titulo_profissional": rng.choice(ROLES[c.track]),
            "area_atuacao": "",
            "conhecimentos_tecnicos": "; ".join(sorted(c.tools)),
            "certificacoes": c.certification or "",
            "outras_certificacoes": "",
            "remuneracao": "",
            "nivel_profissional": LEVELS[c.level],
        },
        "formacao_e_idiomas": {
            "nivel_academico": "",
            "nivel_ingles": ENGLISH[c.english],
            "nivel_espanhol": "",
            "outro_idioma": "",
        },
        "cargo_atual": {},
        "cv_pt": resume,
        "cv_en": resume if resume and rng.random() < 0.5 else "",
    }


def _vaga_record(rng: random.Random, v: Vaga) -> dict[str, Any]:
    tools = sorted(v.tools)
    prose = (
        f"We are looking for someone comfortable with {', '.join(tools[:-1])} and {tools[-1]}. "
        f"The {v.certification} certification is expected. "
        + ("Fully remote team." if v.city == REMOTE else f"Hybrid work in {v.city}.")
    )
    return {
        "informacoes_basicas": {
            "data_requicisao": "01-06-2022",
            "limite_esperado_para_contratacao": "00-00-0000",
            "titulo_vaga": f"{rng.choice(ROLES[v.track])} ({LEVELS[v.level]})",
            "vaga_sap": "Sim" if v.track == "erp" else "Não",
            "cliente": "Acme Corp",
            "solicitante_cliente": "",
            "empresa_divisao": "Decision Remote",
            "requisitante": "",
            "analista_responsavel": "",
            "tipo_contratacao": rng.choice(["PJ/Autônomo", "CLT Full", "PJ/Autônomo, CLT Full"]),
            "prazo_contratacao": "",
            "objetivo_vaga": "",
            "prioridade_vaga": "",
            "origem_vaga": "",
            "superior_imediato": "",
            "nome": "",
            "telefone": "",
        },
        "perfil_vaga": {
            "pais": "Brasil",
            "estado": "",
            "cidade": v.city,
            "bairro": "",
            "regiao": "",
            "local_trabalho": "",
            "vaga_especifica_para_pcd": "Não",
            "faixa_etaria": "",
            "horario_trabalho": "",
            "nivel profissional": LEVELS[v.level],
            "nivel_academico": "",
            "nivel_ingles": ENGLISH[v.english],
            "nivel_espanhol": "",
            "outro_idioma": "",
            "areas_atuacao": "",
            "principais_atividades": prose,
            "competencia_tecnicas_e_comportamentais": prose,
            "demais_observacoes": "",
            "viagens_requeridas": "",
            "equipamentos_necessarios": "",
        },
        "beneficios": {"valor_venda": "", "valor_compra_1": "", "valor_compra_2": ""},
    }


def write_world(
    folder: Path,
    *,
    candidates: int = 1500,
    vagas: int = 400,
    prospects: int = 5000,
    finished_share: float = 0.75,
    seed: int = 0,
) -> World:
    """Write applicants.json, vagas.json and prospects.json into `folder`; the hidden world."""
    rng = random.Random(seed)
    world = World()
    people = [_candidate(rng, 500_000 + i) for i in range(candidates)]
    jobs = [_vaga(rng, 90_000 + i) for i in range(vagas)]
    world.candidates = {str(c.code): c for c in people}
    world.vagas = {str(v.code): v for v in jobs}
    applicants = {str(c.code): _applicant(rng, c) for c in people}
    by_track: dict[str, list[Candidate]] = {}
    for c in people:
        by_track.setdefault(c.track, []).append(c)
    rows: dict[str, dict[str, Any]] = {
        str(v.code): {"titulo": "", "modalidade": "", "prospects": []} for v in jobs
    }
    for _ in range(prospects):
        v = rng.choice(jobs)
        pool = by_track[v.track] if rng.random() < 0.7 else people
        c = rng.choice(pool)
        if rng.random() < finished_share:
            hired = rng.random() < world.propensity(str(c.code), str(v.code))
            status = rng.choice(POSITIVE if hired else NEGATIVE)
        else:
            status = rng.choice(IN_PROGRESS)
        entry = rows[str(v.code)]
        if any(p["codigo"] == str(c.code) for p in entry["prospects"]):
            continue
        entry["prospects"].append(
            {
                "nome": applicants[str(c.code)]["infos_basicas"]["nome"],
                "codigo": str(c.code),
                "situacao_candidado": status,
                "data_candidatura": "10-07-2022",
                "ultima_atualizacao": "",
                "comentario": "",
                "recrutador": "Bot",
            }
        )
        world.prospects.append((v.code, c.code, status))
    records = {str(v.code): _vaga_record(rng, v) for v in jobs}
    for code, record in records.items():
        rows[code]["titulo"] = record["informacoes_basicas"]["titulo_vaga"]
    files = {
        "applicants.json": applicants,
        "vagas.json": records,
        "prospects.json": rows,
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        with (folder / name).open("w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
    return world
