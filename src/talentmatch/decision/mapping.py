"""The one mapping between Decision's file spellings and the API's clean names.

Decision's JSON files keep their quirks (`data_requicisao`, `"nivel profissional"`,
`situacao_candidado`, section `informacoes_basicas`); the API speaks snake_case. Every
conversion, in both directions, goes through the tables below, so nothing is renamed
anywhere else and nothing is lost either way. The renames of vagas and prospects are
declared with their models (they are the input aliases those domains accept).
"""

from talentmatch.core.spellings import KeyMap, SectionMap
from talentmatch.prospects.models import PROSPECT_GROUP_KEYS, PROSPECT_KEYS
from talentmatch.vagas.models import VAGA_BENEFICIOS, VAGA_INFOS_BASICAS, VAGA_PERFIL, VAGA_SECTIONS

IDENTITY = KeyMap()

# applicants.json: section names and field names are already clean.
CANDIDATO_SECTIONS: tuple[SectionMap, ...] = tuple(
    SectionMap(api=name, file=name)
    for name in (
        "infos_basicas",
        "informacoes_pessoais",
        "informacoes_profissionais",
        "formacao_e_idiomas",
        "cargo_atual",
    )
)
CANDIDATO_TEXTS = ("cv_pt", "cv_en")

# Re-exported for the file formats: the renames of vagas.json and prospects.json are declared
# by their domains.
__all__ = [
    "CANDIDATO_SECTIONS",
    "CANDIDATO_TEXTS",
    "IDENTITY",
    "PROSPECT_GROUP_KEYS",
    "PROSPECT_KEYS",
    "VAGA_BENEFICIOS",
    "VAGA_INFOS_BASICAS",
    "VAGA_PERFIL",
    "VAGA_SECTIONS",
    "KeyMap",
    "SectionMap",
]
