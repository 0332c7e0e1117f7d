"""Two spellings of one record: the API's clean names and a source file's (Decision's quirks,
`data_requicisao`, `"nivel profissional"`). Each domain declares the renames of its own
sections with its models (they are also the input aliases it accepts); `decision.mapping`
gathers them for the file formats.
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
