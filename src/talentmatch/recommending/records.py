"""The recommender's view of stored records: the payload's fields, the texts it embeds and
indexes (`texts.py`), and the name an answer shows; loaded by `features.records`."""

from typing import Final

from talentmatch.features.records import SideSpec, candidato_spec, vaga_spec
from talentmatch.recommending.texts import CANDIDATE_TEXT_FIELDS, VAGA_TEXT_FIELDS

VAGAS: Final[SideSpec] = vaga_spec(VAGA_TEXT_FIELDS)
CANDIDATOS: Final[SideSpec] = candidato_spec(CANDIDATE_TEXT_FIELDS, [("infos_basicas", "nome")])
