"""Value sets of the Decision files (DATA.md), with the shares the generator draws them at."""

from __future__ import annotations

from typing import Final

# Status weights follow the real prospects.json counts (53,759 rows), so shares match the data.
IN_PROGRESS_STATUSES: Final[dict[str, int]] = {
    "Prospect": 20021,
    "Encaminhado ao Requisitante": 16122,
    "Inscrito": 3980,
    "Entrevista Técnica": 579,
    "Entrevista com Cliente": 469,
    "Em avaliação pelo RH": 375,
    "Encaminhar Proposta": 2,
}
POSITIVE_STATUSES: Final[dict[str, int]] = {
    "Contratado pela Decision": 2758,
    "Contratado como Hunting": 226,
    "Aprovado": 209,
    "Documentação PJ": 4,
    "Documentação CLT": 3,
    "Documentação Cooperado": 2,
    "Proposta Aceita": 2,
}
NEGATIVE_STATUSES: Final[dict[str, int]] = {
    "Não Aprovado pelo Cliente": 3492,
    "Desistiu": 2349,
    "Não Aprovado pelo RH": 1765,
    "Não Aprovado pelo Requisitante": 765,
    "Sem interesse nesta vaga": 576,
    "Desistiu da Contratação": 59,
    "Recusado": 2,
}
ALL_STATUSES: Final[tuple[str, ...]] = (
    *IN_PROGRESS_STATUSES,
    *POSITIVE_STATUSES,
    *NEGATIVE_STATUSES,
)

NIVEL_ACADEMICO: Final[tuple[str, ...]] = tuple(
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
)
# Incompleto / Cursando / Completo shares within any degree.
ESTADO_WEIGHTS: Final[tuple[float, ...]] = (0.12, 0.13, 0.75)

# Index = latent language level; vagas also print level 2 as "Técnico" now and then.
LANGUAGE_LEVELS: Final[tuple[str, ...]] = (
    "Nenhum",
    "Básico",
    "Intermediário",
    "Avançado",
    "Fluente",
)
LANGUAGE_TECNICO: Final[str] = "Técnico"
CANDIDATE_ENGLISH_WEIGHTS: Final[tuple[float, ...]] = (0.18, 0.30, 0.27, 0.17, 0.08)
CANDIDATE_SPANISH_WEIGHTS: Final[tuple[float, ...]] = (0.42, 0.30, 0.18, 0.07, 0.03)
VAGA_ENGLISH_WEIGHTS: Final[tuple[float, ...]] = (0.38, 0.17, 0.22, 0.18, 0.05)
VAGA_SPANISH_WEIGHTS: Final[tuple[float, ...]] = (0.80, 0.09, 0.07, 0.03, 0.01)
OUTRO_IDIOMA: Final[tuple[str, ...]] = (
    "Alemão",
    "Francês",
    "Italiano",
    "Japonês",
    "Mandarim",
    "Hebraico",
)

# Index = latent seniority; some levels have two labels used interchangeably by recruiters.
SENIORITY_LABELS: Final[tuple[tuple[str, ...], ...]] = (
    ("Técnico de Nível Médio",),
    ("Júnior",),
    ("Pleno", "Analista"),
    ("Sênior",),
    ("Especialista", "Líder"),
    ("Gerente",),
)
CANDIDATE_SENIORITY_WEIGHTS: Final[tuple[float, ...]] = (0.05, 0.18, 0.31, 0.29, 0.12, 0.05)
VAGA_SENIORITY_WEIGHTS: Final[tuple[float, ...]] = (0.03, 0.10, 0.32, 0.38, 0.12, 0.05)
NIVEL_PROFISSIONAL: Final[tuple[str, ...]] = tuple(
    sorted(label for labels in SENIORITY_LABELS for label in labels)
)

TIPO_CONTRATACAO_ATOMS: Final[tuple[str, ...]] = (
    "CLT Full",
    "CLT Cotas",
    "Cooperado",
    "Estagiário",
    "Hunting",
    "PJ/Autônomo",
    "Candidato poderá escolher",
)
# Atom shares when building comma-joined combinations (about 40 distinct ones come out).
TIPO_CONTRATACAO_WEIGHTS: Final[tuple[float, ...]] = (0.30, 0.04, 0.10, 0.02, 0.08, 0.38, 0.08)

SEXO: Final[tuple[str, ...]] = ("Masculino", "Feminino")
ESTADO_CIVIL: Final[tuple[str, ...]] = (
    "Solteiro",
    "Casado",
    "Divorciado",
    "Separado Judicialmente",
    "União Estável",
    "Viúvo",
)
ESTADO_CIVIL_WEIGHTS: Final[tuple[float, ...]] = (0.46, 0.38, 0.07, 0.02, 0.065, 0.005)
SIM_NAO: Final[tuple[str, str]] = ("Sim", "Não")
EMPRESA_DIVISAO: Final[tuple[str, ...]] = ("Decision São Paulo", "Decision Campinas")
N_CLIENTES: Final[int] = 112

# (city, state, state code, DDD, weight): the real data is mostly São Paulo and its region.
CITIES: Final[tuple[tuple[str, str, str, str, float], ...]] = (
    ("São Paulo", "São Paulo", "SP", "11", 0.46),
    ("Campinas", "São Paulo", "SP", "19", 0.06),
    ("Barueri", "São Paulo", "SP", "11", 0.04),
    ("Santo André", "São Paulo", "SP", "11", 0.02),
    ("São Bernardo do Campo", "São Paulo", "SP", "11", 0.025),
    ("Osasco", "São Paulo", "SP", "11", 0.02),
    ("Guarulhos", "São Paulo", "SP", "11", 0.02),
    ("Jundiaí", "São Paulo", "SP", "11", 0.01),
    ("Sorocaba", "São Paulo", "SP", "15", 0.01),
    ("São José dos Campos", "São Paulo", "SP", "12", 0.012),
    ("Ribeirão Preto", "São Paulo", "SP", "16", 0.008),
    ("Santos", "São Paulo", "SP", "13", 0.008),
    ("Hortolândia", "São Paulo", "SP", "19", 0.006),
    ("Rio de Janeiro", "Rio de Janeiro", "RJ", "21", 0.07),
    ("Niterói", "Rio de Janeiro", "RJ", "21", 0.008),
    ("Belo Horizonte", "Minas Gerais", "MG", "31", 0.035),
    ("Uberlândia", "Minas Gerais", "MG", "34", 0.005),
    ("Curitiba", "Paraná", "PR", "41", 0.025),
    ("Londrina", "Paraná", "PR", "43", 0.004),
    ("Porto Alegre", "Rio Grande do Sul", "RS", "51", 0.02),
    ("Florianópolis", "Santa Catarina", "SC", "48", 0.012),
    ("Joinville", "Santa Catarina", "SC", "47", 0.005),
    ("Blumenau", "Santa Catarina", "SC", "47", 0.004),
    ("Brasília", "Distrito Federal", "DF", "61", 0.02),
    ("Goiânia", "Goiás", "GO", "62", 0.008),
    ("Salvador", "Bahia", "BA", "71", 0.012),
    ("Recife", "Pernambuco", "PE", "81", 0.012),
    ("Fortaleza", "Ceará", "CE", "85", 0.008),
    ("Manaus", "Amazonas", "AM", "92", 0.005),
    ("Belém", "Pará", "PA", "91", 0.004),
    ("Vitória", "Espírito Santo", "ES", "27", 0.005),
    ("Campo Grande", "Mato Grosso do Sul", "MS", "67", 0.003),
    ("Cuiabá", "Mato Grosso", "MT", "65", 0.003),
    ("Natal", "Rio Grande do Norte", "RN", "84", 0.003),
    ("João Pessoa", "Paraíba", "PB", "83", 0.003),
    ("Maceió", "Alagoas", "AL", "82", 0.002),
    ("São Luís", "Maranhão", "MA", "98", 0.002),
    ("Teresina", "Piauí", "PI", "86", 0.002),
    ("Aracaju", "Sergipe", "SE", "79", 0.002),
)

FONTE_INDICACAO: Final[tuple[str, ...]] = (
    "Site de Empregos: Infojobs",
    "Site de Empregos: Catho",
    "Site de Empregos: Vagas.com",
    "Site de Empregos: LinkedIn",
    "Indicação: Colaborador",
    "Outros: Facebook",
    "Anúncio",
)
SABENDO_DE_NOS_POR: Final[tuple[str, ...]] = (
    "",
    "Outros",
    "Site de Empregos",
    "Indicação",
    "LinkedIn",
    "Facebook",
)
CERTIFICACOES: Final[tuple[str, ...]] = (
    "AWS Certified Solutions Architect",
    "AWS Certified Cloud Practitioner",
    "Microsoft Azure Fundamentals (AZ-900)",
    "Oracle Certified Professional, Java SE",
    "SAP Certified Application Associate",
    "SAP Certified Development Associate - ABAP",
    "PMP",
    "Scrum Master (PSM I)",
    "ITIL Foundation",
    "CCNA",
    "ISTQB Foundation Level",
    "COBIT 5 Foundation",
    "Microsoft Certified: Power BI Data Analyst",
)
PRIORIDADE_VAGA: Final[tuple[str, ...]] = (
    "Alta: Alta complexidade 3 a 5 dias",
    "Média: Média complexidade 6 a 10 dias",
    "Baixa: Baixa complexidade até 5 dias",
    "",
)
COMENTARIOS: Final[dict[str, tuple[str, ...]]] = {
    "positive": (
        "Candidato aprovado pelo cliente.",
        "Aprovado na entrevista com o gestor, seguir com a contratação.",
        "Proposta aceita pelo candidato.",
    ),
    "negative": (
        "Não aprovado na entrevista técnica.",
        "Cliente optou por outro candidato.",
        "Candidato não tem disponibilidade para o modelo de contratação.",
        "Pretensão salarial acima do budget da vaga.",
        "Candidato desistiu do processo.",
        "Perfil não aderente à vaga.",
    ),
    "in_progress": (
        "Encaminhado para avaliação do requisitante.",
        "Aguardando retorno do cliente.",
        "Entrevista agendada.",
        "Contato realizado, candidato interessado.",
    ),
}
