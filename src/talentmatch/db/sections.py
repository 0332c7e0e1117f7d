"""Records stored as one row per section, known fields as columns, unknown keys kept.

Decision records are nested objects (a candidate has `infos_basicas`,
`informacoes_pessoais`, ...). Each section is a table whose columns are the known
fields; keys the schema does not know go to the row's `extras` JSON column, so a
section comes back exactly as it was sent. A known field that was absent stays NULL
and is left out again on the way back (absent and `""` are different things).
"""

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ConfigDict
from sqlalchemy import JSON
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, func, select

from talentmatch.core.errors import Conflict
from talentmatch.db.types import utcnow

ROW_BOOKKEEPING = frozenset({"extras"})


class OpenSection(SQLModel):
    """Input model of a section: known fields typed, unknown keys kept, numbers as text."""

    model_config = ConfigDict(  # type: ignore[assignment]
        extra="allow", coerce_numbers_to_str=True, str_max_length=1_000_000
    )


class SectionRow(SQLModel):
    """Columns every section row has besides its key: the unknown keys it arrived with."""

    extras: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))


def row_values(section_in: OpenSection, *, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Column values of a section input: the known fields sent, and `extras`."""
    values = section_in.model_dump(exclude_unset=True, exclude=set(exclude))
    extras = section_in.model_extra or {}
    known = {key: value for key, value in values.items() if key not in extras}
    known["extras"] = dict(extras) or None
    return known


def section_dict(row: SQLModel, *, key_columns: frozenset[str]) -> dict[str, Any]:
    """A stored section as the API shows it: the non-NULL known fields, then the extras."""
    data = {
        name: value
        for name, value in row.model_dump().items()
        if name not in key_columns and name not in ROW_BOOKKEEPING and value is not None
    }
    extras = getattr(row, "extras", None) or {}
    data.update(extras)
    return data


def upsert_section_rows(
    session: Session,
    *,
    key_name: str,
    code: int,
    sections: Iterable[tuple[type[SQLModel], OpenSection | None]],
) -> None:
    """Replace each section that was sent; sections not sent are left as they are."""
    for table, section_in in sections:
        if section_in is None:
            continue
        values = row_values(section_in, exclude=frozenset({key_name}))
        session.merge(table(**{key_name: code}, **values))


def load_sections(
    session: Session, *, key_name: str, code: int, tables: Mapping[str, type[SQLModel]]
) -> dict[str, dict[str, Any] | None]:
    """Each stored section of the record `code`, by its API name; None when absent."""
    key_columns = frozenset({key_name})
    loaded: dict[str, dict[str, Any] | None] = {}
    for api_name, table in tables.items():
        row = session.get(table, code)
        loaded[api_name] = None if row is None else section_dict(row, key_columns=key_columns)
    return loaded


def next_code(session: Session, column: Any) -> int:
    """One more than the largest code in `column` (1 for an empty table)."""
    largest = session.exec(select(func.max(column))).one()
    return int(largest or 0) + 1


def upsert_record(
    session: Session,
    *,
    root_table: type[SQLModel],
    key_name: str,
    code: int | None,
    root_values: Mapping[str, Any],
    extras: Mapping[str, Any] | None,
    sections: Iterable[tuple[type[SQLModel], OpenSection | None]],
) -> tuple[int, bool]:
    """Insert or update a sectioned record by its code; returns (code, created).

    A section present in the input replaces the stored one; what the input does not
    carry is left as it was. A missing code is assigned. Commits.
    """
    root = session.get(root_table, code) if code is not None else None
    created = root is None
    if root is None:
        code = code if code is not None else next_code(session, getattr(root_table, key_name))
        root = root_table(**{key_name: code})
    for name, value in root_values.items():
        setattr(root, name, value)
    if extras:
        root.extras = {**(root.extras or {}), **extras}  # type: ignore[attr-defined]
    root.content_hash = None  # type: ignore[attr-defined]  # an API edit: next import rewrites
    root.updated_at = utcnow()  # type: ignore[attr-defined]
    session.add(root)
    try:
        session.flush()
        upsert_section_rows(session, key_name=key_name, code=code, sections=sections)  # type: ignore[arg-type]
        session.commit()
    except IntegrityError as exc:  # a concurrent create took the same new code
        session.rollback()
        raise Conflict("Outro cadastro usou o mesmo código ao mesmo tempo; repita.") from exc
    return int(getattr(root, key_name)), created
