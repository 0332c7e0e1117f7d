"""The one mapping between Decision's file spellings and the API's clean names.

Decision's JSON files keep their quirks (`data_requicisao`, `"nivel profissional"`,
`situacao_candidado`, section `informacoes_basicas`); the API speaks snake_case. Every
conversion, in both directions, goes through the tables below, so nothing is renamed
anywhere else and nothing is lost either way.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import AliasChoices


@dataclass(frozen=True)
class KeyMap:
    """Field renames of one object: API name -> file name, for the fields that differ."""

    renames: Mapping[str, str] = field(default_factory=dict)

    def to_file(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The object with file spellings."""
        return {self.renames.get(key, key): value for key, value in data.items()}

    def to_api(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The object with API spellings."""
        back = {file_key: api_key for api_key, file_key in self.renames.items()}
        return {back.get(key, key): value for key, value in data.items()}

    def aliases(self, api_name: str, *extra: str) -> AliasChoices:
        """Names accepted on input for `api_name`: itself, its file spelling, `extra`."""
        names = [api_name, *extra]
        if api_name in self.renames:
            names.append(self.renames[api_name])
        return AliasChoices(*names)


@dataclass(frozen=True)
class SectionMap:
    """One section of a record: its key in the API, in the file, and its field renames."""

    api: str
    file: str
    keys: KeyMap = field(default_factory=KeyMap)


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

# vagas.json
VAGA_INFOS_BASICAS = SectionMap(
    api="infos_basicas",
    file="informacoes_basicas",
    keys=KeyMap({"data_requisicao": "data_requicisao"}),
)
VAGA_PERFIL = SectionMap(
    api="perfil", file="perfil_vaga", keys=KeyMap({"nivel_profissional": "nivel profissional"})
)
VAGA_BENEFICIOS = SectionMap(api="beneficios", file="beneficios")
VAGA_SECTIONS: tuple[SectionMap, ...] = (VAGA_INFOS_BASICAS, VAGA_PERFIL, VAGA_BENEFICIOS)

# prospects.json: one object per vaga, with a list of prospect rows.
PROSPECT_GROUP_KEYS = KeyMap({"titulo_vaga": "titulo"})
PROSPECT_KEYS = KeyMap({"codigo_candidato": "codigo", "situacao_candidato": "situacao_candidado"})
