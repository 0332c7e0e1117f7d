"""The level vocabularies of Decision's records (DATA.md "Value sets seen in the real data").

Search filters accept these values, compared folded (accents and case aside: "senior" is
"Sênior"); any other value is refused with the list, rather than silently matching nothing.
"""

NIVEIS_PROFISSIONAIS: tuple[str, ...] = (
    "Analista",
    "Especialista",
    "Gerente",
    "Júnior",
    "Líder",
    "Pleno",
    "Sênior",
    "Técnico de Nível Médio",
)

NIVEIS_ACADEMICOS: tuple[str, ...] = tuple(
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

NIVEIS_IDIOMA: tuple[str, ...] = (
    "Nenhum",
    "Básico",
    "Intermediário",
    "Avançado",
    "Fluente",
    "Técnico",
)
