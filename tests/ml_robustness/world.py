"""Decision files written for the robustness tests, apart from `talentmatch.generator`.

Every record has every key of DATA.md (unless a test removes it); the hidden rule is
simple on purpose: a candidate who knows the vaga's main skill is hired more often.
Each case changes one thing (a field never filled, one vaga, one class, odd résumés, ...).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from talentmatch.matching.labels import IN_PROGRESS_STATUSES, NEGATIVE_STATUSES, POSITIVE_STATUSES

SKILLS = ("Python", "Java", "SAP ABAP", "SQL Server", "AWS", "Linux", "React", "Excel", "Docker")
CITIES = ("São Paulo", "Campinas", "Rio de Janeiro", "Barueri", "Recife")
LEVELS = ("Júnior", "Pleno", "Sênior", "Analista", "Especialista")
LANGUAGE_LEVELS = ("Nenhum", "Básico", "Intermediário", "Avançado", "Fluente")
ACADEMIC = ("Ensino Médio Completo", "Ensino Superior Completo", "Pós Graduação Completo")
AREAS = ("TI - Desenvolvimento/Programação-", "TI - SAP-", "TI - Infraestrutura-")
POSITIVE = tuple(sorted(POSITIVE_STATUSES))
NEGATIVE = tuple(sorted(NEGATIVE_STATUSES))
IN_PROGRESS = tuple(sorted(IN_PROGRESS_STATUSES))


def applicant(code: int, rng: random.Random, skills: list[str], cv: str) -> dict[str, Any]:
    """A candidate with every key of applicants.json."""
    name = f"Pessoa {code}"
    return {
        "infos_basicas": {
            "telefone_recado": "",
            "telefone": "(11) 90000-0000",
            "objetivo_profissional": f"Desenvolvedor {skills[0]}",
            "data_criacao": "10-11-2021 07:29:49",
            "inserido_por": "Equipe",
            "email": f"p{code}@example.com",
            "local": rng.choice(CITIES),
            "sabendo_de_nos_por": "Outros",
            "data_atualizacao": "11-11-2021 11:10:31",
            "codigo_profissional": str(code),
            "nome": name,
        },
        "informacoes_pessoais": {
            "data_aceite": "Cadastro anterior ao registro de aceite",
            "nome": name,
            "cpf": "",
            "fonte_indicacao": "",
            "email": f"p{code}@example.com",
            "email_secundario": "",
            "data_nascimento": "0000-00-00",
            "telefone_celular": "",
            "telefone_recado": "",
            "sexo": rng.choice(("Masculino", "Feminino")),
            "estado_civil": "Solteiro",
            "pcd": rng.choice(("Sim", "Não")),
            "endereco": "",
            "skype": "",
            "url_linkedin": "",
            "facebook": "",
        },
        "informacoes_profissionais": {
            "titulo_profissional": f"Analista {skills[0]}",
            "area_atuacao": rng.choice(AREAS).split(" - ")[0],
            "conhecimentos_tecnicos": ", ".join(skills),
            "certificacoes": rng.choice(("", "AWS Certified", "ITIL")),
            "outras_certificacoes": "",
            "remuneracao": "",
            "nivel_profissional": rng.choice(LEVELS),
        },
        "formacao_e_idiomas": {
            "nivel_academico": rng.choice(ACADEMIC),
            "nivel_ingles": rng.choice(LANGUAGE_LEVELS),
            "nivel_espanhol": rng.choice(LANGUAGE_LEVELS),
            "outro_idioma": "-",
        },
        "cargo_atual": {},
        "cv_pt": cv,
        "cv_en": "",
    }


def vaga(code: int, rng: random.Random, skills: list[str], requisitos: str) -> dict[str, Any]:
    """A vaga with every key of vagas.json."""
    return {
        "informacoes_basicas": {
            "data_requicisao": "04-05-2021",
            "limite_esperado_para_contratacao": "00-00-0000",
            "titulo_vaga": f"Desenvolvedor {skills[0]}",
            "vaga_sap": "Não",
            "cliente": "Cliente X",
            "solicitante_cliente": "",
            "empresa_divisao": "Decision São Paulo",
            "requisitante": "",
            "analista_responsavel": "",
            "tipo_contratacao": rng.choice(("CLT Full", "PJ/Autônomo, CLT Full", "Hunting")),
            "prazo_contratacao": "Indeterminado",
            "objetivo_vaga": "Contratação",
            "prioridade_vaga": "",
            "origem_vaga": "Nova Posição",
            "superior_imediato": "",
            "nome": "",
            "telefone": "",
        },
        "perfil_vaga": {
            "pais": "Brasil",
            "estado": "São Paulo",
            "cidade": rng.choice(CITIES),
            "bairro": "",
            "regiao": "",
            "local_trabalho": "2000",
            "vaga_especifica_para_pcd": "Não",
            "faixa_etaria": "De: Até:",
            "horario_trabalho": "",
            "nivel profissional": rng.choice(LEVELS),
            "nivel_academico": rng.choice(ACADEMIC),
            "nivel_ingles": rng.choice(LANGUAGE_LEVELS),
            "nivel_espanhol": "Nenhum",
            "outro_idioma": "",
            "areas_atuacao": rng.choice(AREAS),
            "principais_atividades": f"Desenvolvimento com {skills[0]}",
            "competencia_tecnicas_e_comportamentais": requisitos,
            "demais_observacoes": "",
            "viagens_requeridas": "",
            "equipamentos_necessarios": "",
        },
        "beneficios": {"valor_venda": "-", "valor_compra_1": "R$", "valor_compra_2": ""},
    }


def default_cv(rng: random.Random, skills: list[str]) -> str:
    years = rng.randint(1, 15)
    return (
        f"Objetivo: desenvolvedor {skills[0]}\n{years} anos de experiência com "
        f"{', '.join(skills)}.\nInglês: {rng.choice(LANGUAGE_LEVELS).lower()}"
    )


def default_requisitos(rng: random.Random, skills: list[str]) -> str:
    return f"Requisitos: {', '.join(skills)}; mínimo de {rng.randint(1, 6)} anos.\n" + (
        "Diferenciais: Docker"
    )


@dataclass
class World:
    """Knobs of one data set; `write` puts the three Decision files in a folder."""

    vagas: int = 8
    per_vaga: int = 12
    seed: int = 0
    # Codes count down from the int32 limit (2147483647) instead of up from small numbers.
    top_codes: bool = False
    # Status of a prospect, from (rng, hired by the hidden rule); default: finished + 20% open.
    status: Callable[[random.Random, bool], str] | None = None
    cv: Callable[[random.Random, list[str]], str] = default_cv
    requisitos: Callable[[random.Random, list[str]], str] = default_requisitos
    # (section, key) removed from every applicant / vaga record.
    drop_applicant: Iterable[tuple[str, str]] = ()
    drop_vaga: Iterable[tuple[str, str]] = ()
    # (section, key) -> value set in every applicant / vaga record.
    set_applicant: dict[tuple[str, str], str] = field(default_factory=dict)
    set_vaga: dict[tuple[str, str], str] = field(default_factory=dict)

    def _status(self, rng: random.Random, hired: bool) -> str:
        if self.status is not None:
            return self.status(rng, hired)
        if rng.random() < 0.2:
            return rng.choice(IN_PROGRESS)
        return rng.choice(POSITIVE if hired else NEGATIVE)

    def records(self) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        rng = random.Random(self.seed)
        applicants: dict[str, Any] = {}
        vagas: dict[str, Any] = {}
        prospects: dict[str, Any] = {}
        top = 2_147_483_647
        for v in range(self.vagas):
            code = top - v if self.top_codes else 1000 + v
            skills = rng.sample(SKILLS, 3)
            vagas[str(code)] = vaga(code, rng, skills, self.requisitos(rng, skills))
            rows = []
            for i in range(self.per_vaga):
                index = v * self.per_vaga + i
                candidate_code = top - index if self.top_codes else 5000 + index
                own = rng.sample(SKILLS, 3)
                hired = rng.random() < (0.7 if skills[0] in own else 0.15)
                applicants[str(candidate_code)] = applicant(
                    candidate_code, rng, own, self.cv(rng, own)
                )
                rows.append(
                    {
                        "nome": f"Pessoa {candidate_code}",
                        "codigo": str(candidate_code),
                        "situacao_candidado": self._status(rng, hired),
                        "data_candidatura": "25-03-2021",
                        "ultima_atualizacao": "",
                        "comentario": "",
                        "recrutador": "Recrutadora",
                    }
                )
            prospects[str(code)] = {"titulo": "", "modalidade": "", "prospects": rows}
        _edit(applicants.values(), self.drop_applicant, self.set_applicant)
        _edit(vagas.values(), self.drop_vaga, self.set_vaga)
        return applicants, vagas, prospects

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in zip(("applicants", "vagas", "prospects"), self.records(), strict=True):
            (folder / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        return folder


def _edit(
    records: Iterable[dict[str, Any]],
    drop: Iterable[tuple[str, str]],
    values: dict[tuple[str, str], str],
) -> None:
    drop = list(drop)
    for record in records:
        for section, key in drop:
            (record if section == "" else record[section]).pop(key, None)
        for (section, key), value in values.items():
            (record if section == "" else record[section])[key] = value
