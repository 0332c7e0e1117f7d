"""The generated files have exactly the shape, spellings and value sets of DATA.md."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from .conftest import Generated

# Key sets written out from DATA.md on purpose, not imported from the generator.
APPLICANT_SECTIONS = {
    "infos_basicas",
    "informacoes_pessoais",
    "informacoes_profissionais",
    "formacao_e_idiomas",
    "cargo_atual",
    "cv_pt",
    "cv_en",
}
APPLICANT_KEYS: dict[str, tuple[set[str], set[str]]] = {
    "infos_basicas": (
        {
            "telefone_recado",
            "telefone",
            "objetivo_profissional",
            "data_criacao",
            "inserido_por",
            "email",
            "local",
            "sabendo_de_nos_por",
            "data_atualizacao",
            "codigo_profissional",
            "nome",
        },
        set(),
    ),
    "informacoes_pessoais": (
        {
            "data_aceite",
            "nome",
            "cpf",
            "fonte_indicacao",
            "email",
            "email_secundario",
            "data_nascimento",
            "telefone_celular",
            "telefone_recado",
            "sexo",
            "estado_civil",
            "pcd",
            "endereco",
            "skype",
            "url_linkedin",
            "facebook",
        },
        {"download_cv"},
    ),
    "informacoes_profissionais": (
        {
            "titulo_profissional",
            "area_atuacao",
            "conhecimentos_tecnicos",
            "certificacoes",
            "outras_certificacoes",
            "remuneracao",
            "nivel_profissional",
        },
        {"qualificacoes", "experiencias"},
    ),
    "formacao_e_idiomas": (
        {"nivel_academico", "nivel_ingles", "nivel_espanhol", "outro_idioma"},
        {"instituicao_ensino_superior", "cursos", "ano_conclusao", "outro_curso"},
    ),
}
CARGO_ATUAL_KEYS = {
    "id_ibrati",
    "email_corporativo",
    "cargo_atual",
    "projeto_atual",
    "cliente",
    "unidade",
    "data_admissao",
    "data_ultima_promocao",
    "nome_superior_imediato",
    "email_superior_imediato",
}
VAGA_KEYS: dict[str, tuple[set[str], set[str]]] = {
    "informacoes_basicas": (
        {
            "data_requicisao",
            "limite_esperado_para_contratacao",
            "titulo_vaga",
            "vaga_sap",
            "cliente",
            "solicitante_cliente",
            "empresa_divisao",
            "requisitante",
            "analista_responsavel",
            "tipo_contratacao",
            "prazo_contratacao",
            "objetivo_vaga",
            "prioridade_vaga",
            "origem_vaga",
            "superior_imediato",
            "nome",
            "telefone",
        },
        {"data_inicial", "data_final", "nome_substituto"},
    ),
    "perfil_vaga": (
        {
            "pais",
            "estado",
            "cidade",
            "bairro",
            "regiao",
            "local_trabalho",
            "vaga_especifica_para_pcd",
            "faixa_etaria",
            "horario_trabalho",
            "nivel profissional",
            "nivel_academico",
            "nivel_ingles",
            "nivel_espanhol",
            "outro_idioma",
            "areas_atuacao",
            "principais_atividades",
            "competencia_tecnicas_e_comportamentais",
            "demais_observacoes",
            "viagens_requeridas",
            "equipamentos_necessarios",
        },
        {"habilidades_comportamentais_necessarias"},
    ),
    "beneficios": ({"valor_venda", "valor_compra_1", "valor_compra_2"}, set()),
}
PROSPECT_KEYS = {
    "nome",
    "codigo",
    "situacao_candidado",
    "data_candidatura",
    "ultima_atualizacao",
    "comentario",
    "recrutador",
}
NIVEL_ACADEMICO = {
    f"{grau} {estado}"
    for grau in (
        "Ensino Fundamental",
        "Ensino Médio",
        "Ensino Técnico",
        "Ensino Superior",
        "Pós Graduação",
        "Mestrado",
        "Doutorado",
    )
    for estado in ("Incompleto", "Cursando", "Completo")
}
LANGUAGES = {"Nenhum", "Básico", "Intermediário", "Avançado", "Fluente"}
NIVEL_PROFISSIONAL = {
    "Analista",
    "Especialista",
    "Gerente",
    "Júnior",
    "Líder",
    "Pleno",
    "Sênior",
    "Técnico de Nível Médio",
}
TIPO_ATOMS = {
    "CLT Full",
    "CLT Cotas",
    "Cooperado",
    "Estagiário",
    "Hunting",
    "PJ/Autônomo",
    "Candidato poderá escolher",
}
DATE = re.compile(r"^\d{2}-\d{2}-\d{4}$")
STAMP = re.compile(r"^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$")
MOBILE = re.compile(r"^\(\d{2}\) 9\d{4}-\d{4}$")


def _leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def _check_section(records: list[dict[str, Any]], always: set[str], sometimes: set[str]) -> None:
    seen_optional: set[str] = set()
    for record in records:
        keys = set(record)
        assert always <= keys, always - keys
        assert keys <= always | sometimes, keys - always - sometimes
        seen_optional |= keys - always
    # Every "sometimes" key appears somewhere, but not everywhere.
    assert seen_optional == sometimes
    for key in sometimes:
        assert not all(key in record for record in records), key


def _cpf_valid(cpf: str) -> bool:
    digits = [int(ch) for ch in cpf if ch.isdigit()]
    if len(digits) != 11 or len(set(digits)) == 1:
        return False
    for size in (9, 10):
        total = sum(d * (size + 1 - i) for i, d in enumerate(digits[:size]))
        if (total * 10 % 11) % 10 != digits[size]:
            return False
    return True


def test_every_value_is_a_string(generated: Generated) -> None:
    for document in (generated.applicants, generated.vagas, generated.prospects):
        assert all(isinstance(key, str) and key.isdigit() for key in document)
        assert all(isinstance(leaf, str) for leaf in _leaves(document))


def test_applicant_sections_and_keys(generated: Generated) -> None:
    records = list(generated.applicants.values())
    assert all(set(record) == APPLICANT_SECTIONS for record in records)
    for section, (always, sometimes) in APPLICANT_KEYS.items():
        _check_section([record[section] for record in records], always, sometimes)
    cargo = [record["cargo_atual"] for record in records]
    filled = [c for c in cargo if c]
    assert all(set(c) == CARGO_ATUAL_KEYS for c in filled)
    assert 0 < len(filled) < 0.06 * len(records)
    assert sum(record["cv_en"] == "" for record in records) > 0.95 * len(records)
    for code, record in generated.applicants.items():
        assert record["infos_basicas"]["codigo_profissional"] == code


def test_vaga_sections_and_keys(generated: Generated) -> None:
    records = list(generated.vagas.values())
    assert all(set(record) == set(VAGA_KEYS) for record in records)
    for section, (always, sometimes) in VAGA_KEYS.items():
        _check_section([record[section] for record in records], always, sometimes)
    share = sum(
        "habilidades_comportamentais_necessarias" in r["perfil_vaga"] for r in records
    ) / len(records)
    assert 0.1 < share < 0.3


def test_prospect_shape(generated: Generated) -> None:
    assert generated.prospects
    for entry in generated.prospects.values():
        assert set(entry) == {"titulo", "modalidade", "prospects"}
        codes = [row["codigo"] for row in entry["prospects"]]
        assert len(codes) == len(set(codes))
        assert all(set(row) == PROSPECT_KEYS for row in entry["prospects"])


def test_cpfs_have_valid_check_digits_in_both_formats(generated: Generated) -> None:
    cpfs = [r["informacoes_pessoais"]["cpf"] for r in generated.applicants.values()]
    filled = [cpf for cpf in cpfs if cpf]
    assert filled and len(filled) < len(cpfs)
    assert all(_cpf_valid(cpf) for cpf in filled)
    assert any(re.fullmatch(r"\d{3}\.\d{3}\.\d{3}-\d{2}", cpf) for cpf in filled)
    assert any(re.fullmatch(r"\d{11}", cpf) for cpf in filled)


def test_dates_phones_and_sentinels(generated: Generated) -> None:
    applicants = list(generated.applicants.values())
    births = {r["informacoes_pessoais"]["data_nascimento"] for r in applicants}
    assert "0000-00-00" in births
    assert all(b == "0000-00-00" or DATE.match(b) for b in births)
    assert all(STAMP.match(r["infos_basicas"]["data_criacao"]) for r in applicants)
    assert all(MOBILE.match(r["informacoes_pessoais"]["telefone_celular"]) for r in applicants)
    vagas = list(generated.vagas.values())
    assert all(DATE.match(v["informacoes_basicas"]["data_requicisao"]) for v in vagas)
    limits = {v["informacoes_basicas"]["limite_esperado_para_contratacao"] for v in vagas}
    assert "00-00-0000" in limits
    rows = [row for e in generated.prospects.values() for row in e["prospects"]]
    assert all(DATE.match(row["data_candidatura"]) for row in rows)
    assert all(
        row["ultima_atualizacao"] == "" or DATE.match(row["ultima_atualizacao"]) for row in rows
    )


def test_value_sets(generated: Generated) -> None:
    applicants = list(generated.applicants.values())
    formacao = [r["formacao_e_idiomas"] for r in applicants]
    assert {f["nivel_academico"] for f in formacao} <= NIVEL_ACADEMICO | {""}
    assert {f["nivel_ingles"] for f in formacao} <= LANGUAGES | {""}
    assert {f["nivel_espanhol"] for f in formacao} <= LANGUAGES | {""}
    pessoais = [r["informacoes_pessoais"] for r in applicants]
    assert {p["sexo"] for p in pessoais} == {"Masculino", "Feminino", ""}
    assert {p["estado_civil"] for p in pessoais} <= {
        "Solteiro",
        "Casado",
        "Divorciado",
        "Separado Judicialmente",
        "União Estável",
        "Viúvo",
        "",
    }
    assert {p["pcd"] for p in pessoais} <= {"Sim", "Não", ""}
    levels = {r["informacoes_profissionais"]["nivel_profissional"] for r in applicants}
    assert levels <= NIVEL_PROFISSIONAL | {""}

    vagas = list(generated.vagas.values())
    basicas = [v["informacoes_basicas"] for v in vagas]
    perfis = [v["perfil_vaga"] for v in vagas]
    assert {b["vaga_sap"] for b in basicas} == {"Sim", "Não"}
    assert {b["empresa_divisao"] for b in basicas} <= {
        "Decision São Paulo",
        "Decision Campinas",
        "",
    }
    for b in basicas:
        atoms = b["tipo_contratacao"].split(", ") if b["tipo_contratacao"] else []
        assert set(atoms) <= TIPO_ATOMS
    assert len({b["tipo_contratacao"] for b in basicas}) > 15
    assert len({b["cliente"] for b in basicas}) > 50
    assert {p["nivel profissional"] for p in perfis} <= NIVEL_PROFISSIONAL | {""}
    assert {p["nivel_academico"] for p in perfis} <= NIVEL_ACADEMICO | {""}
    english = {p["nivel_ingles"] for p in perfis}
    assert english <= LANGUAGES | {"Técnico", ""}
    assert "Técnico" in english


def test_texts_are_long_and_mention_skills(generated: Generated) -> None:
    cvs = [r["cv_pt"] for r in generated.applicants.values() if r["cv_pt"]]
    mean = sum(map(len, cvs)) / len(cvs)
    assert 1500 < mean < 4000
    assert max(map(len, cvs)) < 10000
    perfis = [v["perfil_vaga"] for v in generated.vagas.values()]
    assert all("experiência com" in p["competencia_tecnicas_e_comportamentais"] for p in perfis)
    assert all(p["principais_atividades"] for p in perfis)


def test_applications_follow_registration_and_requisition(generated: Generated) -> None:
    def day(text: str) -> date:
        return datetime.strptime(text[:10], "%d-%m-%Y").date()

    checked = 0
    for code, entry in generated.prospects.items():
        vaga = generated.vagas.get(code)
        for row in entry["prospects"]:
            applied = day(row["data_candidatura"])
            if vaga:
                assert applied >= day(vaga["informacoes_basicas"]["data_requicisao"])
            if row["codigo"] in generated.applicants:
                person = generated.applicants[row["codigo"]]
                assert applied >= day(person["infos_basicas"]["data_criacao"])
                assert row["nome"] == person["infos_basicas"]["nome"]
                checked += 1
    assert checked > 1000
