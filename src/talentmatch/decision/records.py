"""Decision records in and out: file record -> validated API model, stored rows -> file record.

Validation uses the API's own schemas, so a record that the API would refuse is refused by
an import too, with the same message.
"""

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from talentmatch.candidatos import cpf
from talentmatch.candidatos.models import Candidato, CandidatoIn
from talentmatch.db.sections import section_dict, stored_literal
from talentmatch.db.types import MAX_CODE
from talentmatch.decision.mapping import (
    CANDIDATO_SECTIONS,
    CANDIDATO_TEXTS,
    PROSPECT_GROUP_KEYS,
    PROSPECT_KEYS,
    VAGA_SECTIONS,
)
from talentmatch.prospects.models import Prospect, ProspectVaga
from talentmatch.vagas.models import Vaga, VagaIn


class RecordError(ValueError):
    """A record that is valid JSON but not of the expected shape."""


def content_hash(record: Any) -> str:
    """A stable hash of a JSON value (key order does not matter)."""
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def parse_code(key: str) -> int:
    """The integer code a file key stands for; raises RecordError."""
    # isascii: str.isdigit() accepts digits such as '²' that int() refuses.
    if not (key.isascii() and key.isdigit()) or not 0 < int(key) <= MAX_CODE:
        raise RecordError(f"a chave '{key[:40]}' não é um código numérico positivo")
    return int(key)


def file_key(key: str, code: int) -> str | None:
    """The key as the file spells it, when that is not the code's plain spelling ("0123")."""
    return None if key == str(code) else key


def describe(exc: ValidationError) -> str:
    """A short, readable account of a validation error."""
    parts = []
    for error in exc.errors()[:3]:
        location = ".".join(str(part) for part in error["loc"])
        parts.append(f"{location}: {error['msg']}")
    return "; ".join(parts)


def validate(schema: type[BaseModel], record: Any) -> Any:
    """`record` validated by `schema`; raises RecordError with a readable message."""
    if not isinstance(record, dict):
        raise RecordError(f"esperado um objeto JSON, veio {type(record).__name__}")
    try:
        return schema.model_validate(record)
    except ValidationError as exc:
        raise RecordError(describe(exc)) from exc


def candidato_from_file(key: str, record: Any) -> CandidatoIn:
    """An applicants.json entry as the API's model; the file key is the code."""
    code = parse_code(key)
    candidato = validate(CandidatoIn, record)
    inner = candidato.infos_basicas.codigo_profissional
    if inner is not None and inner != code:
        raise RecordError(f"infos_basicas.codigo_profissional {inner} difere da chave {key}")
    candidato.infos_basicas.codigo_profissional = code
    candidato._chave_arquivo = file_key(key, code)
    return candidato


def vaga_from_file(key: str, record: Any) -> VagaIn:
    """A vagas.json entry as the API's model; the file key is the code."""
    code = parse_code(key)
    vaga = validate(VagaIn, record)
    if vaga.codigo_vaga is not None and vaga.codigo_vaga != code:
        raise RecordError(f"codigo_vaga {vaga.codigo_vaga} difere da chave {key}")
    vaga.codigo_vaga = code
    vaga._chave_arquivo = file_key(key, code)
    return vaga


# Left out of exported records: the codes (the file keys say them) and columns derived
# from a field (the CPF's), which the files never had.
KEY_COLUMNS = frozenset({"codigo_profissional", "codigo_vaga", *cpf.DERIVED_COLUMNS})


def candidato_to_file(
    root: Candidato, sections: Mapping[str, Any | None]
) -> tuple[str, dict[str, Any]]:
    """A stored candidate as its applicants.json entry: (key, record)."""
    key = str(root.codigo_profissional)
    record: dict[str, Any] = {}
    for section in CANDIDATO_SECTIONS:
        row = sections.get(section.api)
        if row is not None:
            record[section.file] = section.keys.to_file(section_dict(row, key_columns=KEY_COLUMNS))
    infos = sections.get("infos_basicas")
    kept, code = (False, None) if infos is None else stored_literal(infos, "codigo_profissional")
    if kept:
        record.setdefault("infos_basicas", {})["codigo_profissional"] = code
    elif infos is None or infos.literais is None:  # written before literals were kept
        record.setdefault("infos_basicas", {})["codigo_profissional"] = key
    for name in CANDIDATO_TEXTS:
        if getattr(root, name) is not None:
            record[name] = getattr(root, name)
    record.update(root.extras or {})
    return root.chave_arquivo or key, record


def vaga_to_file(root: Vaga, sections: Mapping[str, Any | None]) -> tuple[str, dict[str, Any]]:
    """A stored vaga as its vagas.json entry: (key, record)."""
    record: dict[str, Any] = {}
    for section in VAGA_SECTIONS:
        row = sections.get(section.api)
        if row is not None:
            record[section.file] = section.keys.to_file(section_dict(row, key_columns=KEY_COLUMNS))
    record.update(root.extras or {})
    return root.chave_arquivo or str(root.codigo_vaga), record


PROSPECT_COLUMNS = (
    "nome",
    "codigo_candidato",
    "situacao_candidato",
    "data_candidatura",
    "ultima_atualizacao",
    "comentario",
    "recrutador",
)


def prospect_to_file(row: Prospect) -> dict[str, Any]:
    """A stored prospect as its prospects.json row."""
    values = {name: getattr(row, name) for name in PROSPECT_COLUMNS}
    values["codigo_candidato"] = str(row.codigo_candidato)
    data = {name: value for name, value in values.items() if value is not None}
    data.update(row.extras or {})
    return PROSPECT_KEYS.to_file(data)


def prospect_group_to_file(group: ProspectVaga, rows: list[Prospect]) -> tuple[str, dict[str, Any]]:
    """A stored vaga pipeline as its prospects.json entry: (key, record)."""
    head = {"titulo_vaga": group.titulo_vaga, "modalidade": group.modalidade}
    record = PROSPECT_GROUP_KEYS.to_file({k: v for k, v in head.items() if v is not None})
    record["prospects"] = [prospect_to_file(row) for row in rows]
    record.update(group.extras or {})
    return group.chave_arquivo or str(group.codigo_vaga), record
