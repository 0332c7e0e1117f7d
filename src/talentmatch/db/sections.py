"""Records stored as one row per section, known fields as columns, unknown keys kept.

Decision records are nested objects (a candidate has `infos_basicas`,
`informacoes_pessoais`, ...). Each section is a table whose columns are the known
fields; keys the schema does not know go to the row's `extras` JSON column, so a
section comes back exactly as it was sent. A known field that was absent stays NULL
and is left out again on the way back (absent and `""` are different things).

JSON values a text column cannot say are kept beside it in `literais`: a known field sent as
`null` (NULL alone would read as absent), a number sent to a text field (stored as its text
for search and the models, answered as the number), and the raw key fields a section carries
(`RAW_FIELDS`). A literal is answered only while its column still holds what it stood for,
so an edit of the column by other code (anonymisation) wins.
"""

import copy
import json
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from functools import cache
from typing import Any, ClassVar, Self

from annotated_types import MaxLen
from pydantic import ConfigDict, ModelWrapValidatorHandler, PrivateAttr, model_validator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError
from sqlalchemy import JSON, Text, exists, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import Field, Session, SQLModel, func, select

from talentmatch.core.errors import Conflict
from talentmatch.db.types import MAX_CODE, utcnow

ROW_BOOKKEEPING = frozenset({"extras", "literais"})
STALE_MESSAGE = (
    "O registro foi alterado por outra pessoa depois que você o abriu; nada foi gravado. "
    "Recarregue e tente de novo."
)


# Limits on what a client sends (API and imported files alike): a short field (a name, a
# phone, a date), a long one (a TEXT column: activities, skills), any text whose model sets its
# own larger limit (a résumé); and the unknown keys kept in `extras`.
SHORT_TEXT_MAX = 10_000  # far beyond a name, phone or city: no real record is refused
LONG_TEXT_MAX = 100_000
TEXT_MAX = 200_000
EXTRAS_MAX_KEYS = 50
EXTRAS_MAX_KEY_LENGTH = 200
EXTRAS_MAX_VALUE_CHARS = LONG_TEXT_MAX


def _text_limit(field: FieldInfo) -> int:
    declared = [item.max_length for item in field.metadata if isinstance(item, MaxLen)]
    if declared:
        return min(min(declared), TEXT_MAX)
    sa_type = getattr(field, "sa_type", None)
    is_long = sa_type is Text or isinstance(sa_type, Text)
    return LONG_TEXT_MAX if is_long else SHORT_TEXT_MAX


def _is_text(field: FieldInfo) -> bool:
    return field.annotation in (str, str | None)


class OpenSection(SQLModel):
    """Input model of a section: known fields typed, unknown keys kept, numbers as text.

    Every text field gets a length limit (SHORT_TEXT_MAX, LONG_TEXT_MAX for TEXT columns, at
    most TEXT_MAX when the field declares its own) without each model spelling it out; the
    limits show in the OpenAPI schema as `maxLength`.
    """

    model_config = ConfigDict(  # type: ignore[assignment]
        extra="allow", coerce_numbers_to_str=True, str_max_length=TEXT_MAX
    )

    # Fields whose raw value is always kept in `literais` (a code the file spells its way).
    RAW_FIELDS: ClassVar[frozenset[str]] = frozenset()
    _literals: dict[str, Any] = PrivateAttr(default_factory=dict)
    # A record's key in its file when it is not the code's plain spelling ("0123").
    _chave_arquivo: str | None = PrivateAttr(default=None)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_literals(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        instance = handler(data)
        if isinstance(data, Mapping):
            instance._literals = _literals_of(cls, data)
        return instance

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        changed = False
        for name, field in cls.model_fields.items():
            if not _is_text(field):
                continue
            limit = _text_limit(field)
            if any(isinstance(m, MaxLen) and m.max_length == limit for m in field.metadata):
                continue
            bounded = copy.copy(field)  # the field may be shared with a table model
            bounded.metadata = [m for m in field.metadata if not isinstance(m, MaxLen)]
            bounded.metadata.append(MaxLen(limit))
            cls.__pydantic_fields__[name] = bounded
            changed = True
        if changed:
            cls.model_rebuild(force=True)

    @model_validator(mode="after")
    def _bounded_extras(self) -> Self:
        extras = self.__pydantic_extra__
        if not extras:  # the common case, checked first: this runs for every section
            return self
        if len(extras) > EXTRAS_MAX_KEYS:
            raise PydanticCustomError(
                "too_many_extras",
                "No máximo {limit} campos desconhecidos por seção ({count} enviados).",
                {"limit": EXTRAS_MAX_KEYS, "count": len(extras)},
            )
        for key, value in extras.items():
            if len(key) > EXTRAS_MAX_KEY_LENGTH:
                raise PydanticCustomError(
                    "extra_key_too_long",
                    "Nome de campo com mais de {limit} caracteres.",
                    {"limit": EXTRAS_MAX_KEY_LENGTH},
                )
            size = len(json.dumps(value, ensure_ascii=False, default=str))
            if size > EXTRAS_MAX_VALUE_CHARS:
                raise PydanticCustomError(
                    "extra_value_too_long",
                    "Campo desconhecido {key!r} com mais de {limit} caracteres.",
                    {"key": key[:50], "limit": EXTRAS_MAX_VALUE_CHARS},
                )
        return self


def _input_keys(name: str, field: FieldInfo) -> list[str]:
    alias = field.validation_alias
    if alias is None:
        return [name]
    if isinstance(alias, str):
        return [alias]
    choices = getattr(alias, "choices", [])
    return [choice for choice in choices if isinstance(choice, str)] or [name]


@cache
def _literal_fields(model: type[OpenSection]) -> tuple[tuple[str, tuple[str, ...], bool], ...]:
    """(field, its input keys, always kept raw) for each field a literal may be kept for;
    worked out once per model (this ran for every section of every imported record)."""
    return tuple(
        (name, tuple(_input_keys(name, field)), name in model.RAW_FIELDS)
        for name, field in model.model_fields.items()
        if _is_text(field) or name in model.RAW_FIELDS
    )


def _literals_of(model: type[OpenSection], data: Mapping[str, Any]) -> dict[str, Any]:
    literals: dict[str, Any] = {}
    for name, keys, raw in _literal_fields(model):
        for key in keys:
            if key not in data:
                continue
            value = data[key]
            is_number = isinstance(value, int | float) and not isinstance(value, bool)
            if value is None or is_number or raw:
                literals[name] = value
            break
    return literals


def _stands_for(literal: Any, stored: Any) -> bool:
    """True when `stored` (a column's value) is what `literal` was stored as."""
    if literal is None or stored is None:
        return literal is None and stored is None
    return str(literal) == str(stored)


class SectionRow(SQLModel):
    """Columns every section row has besides its key: the unknown keys it arrived with, and
    the JSON values its text columns cannot say (`literais`)."""

    extras: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    literais: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))


def row_values(section_in: OpenSection, *, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Column values of a section input: the known fields sent, and `extras`."""
    values = section_in.model_dump(exclude_unset=True, exclude=set(exclude))
    extras = section_in.model_extra or {}
    known = {key: value for key, value in values.items() if key not in extras}
    known["extras"] = dict(extras) or None
    known["literais"] = dict(section_in._literals)  # {} too: this row knows its literals
    return known


def stored_literal(row: SQLModel, name: str) -> tuple[bool, Any]:
    """(True, value) when the row keeps a literal for `name` that its column still stands for."""
    literals = getattr(row, "literais", None) or {}
    if name in literals and _stands_for(literals[name], getattr(row, name, None)):
        return True, literals[name]
    return False, None


def section_dict(row: SQLModel, *, key_columns: frozenset[str]) -> dict[str, Any]:
    """A stored section as the API shows it: the known fields sent (a literal's JSON value
    where one is kept), then the extras."""
    literals = getattr(row, "literais", None) or {}
    data: dict[str, Any] = {}
    for name, value in row.model_dump().items():
        if name in key_columns or name in ROW_BOOKKEEPING:
            continue
        if name in literals and _stands_for(literals[name], value):
            data[name] = literals[name]
        elif value is not None:
            data[name] = value
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
    """One more than the largest code in `column` (1 for an empty table).

    When a client took the largest code there is (MAX_CODE), the first free code after a
    taken one: codes are INTEGER columns, and MAX_CODE + 1 would not fit on PostgreSQL.
    """
    largest = session.exec(select(func.max(column))).one()
    if largest is None or largest < MAX_CODE:
        return int(largest or 0) + 1
    if session.exec(select(func.min(column))).one() > 1:
        return 1
    following = getattr(aliased(column.class_), column.key)
    free = session.exec(
        select(func.min(column + 1)).where(
            column < MAX_CODE, ~exists().where(following == column + 1)
        )
    ).one()
    if free is None:
        raise Conflict("Todos os códigos estão em uso; informe um código existente.")
    return int(free)


def _claim_version(
    session: Session,
    root_table: type[SQLModel],
    key_name: str,
    code: int | None,
    expected: datetime,
    root: SQLModel | None,
) -> None:
    """Conflict (nothing written) unless the record's `updated_at` is still `expected`. One
    conditional UPDATE: it takes the row's write lock (PostgreSQL) or opens the write
    transaction (SQLite) and checks in the same statement, so two edits of one version cannot
    both pass."""
    if root is None:
        raise Conflict(STALE_MESSAGE)
    table = root_table.__table__  # type: ignore[attr-defined]
    claimed = session.execute(
        update(table)
        .where(table.c[key_name] == code, table.c.updated_at == expected)
        .values(updated_at=utcnow())
    )
    if getattr(claimed, "rowcount", 0) != 1:
        session.rollback()
        raise Conflict(STALE_MESSAGE)


def upsert_record(
    session: Session,
    *,
    root_table: type[SQLModel],
    key_name: str,
    code: int | None,
    root_values: Mapping[str, Any],
    extras: Mapping[str, Any] | None,
    sections: Iterable[tuple[type[SQLModel], OpenSection | None]],
    before_commit: Callable[[Session, int], None] | None = None,
    expected_updated_at: datetime | None = None,
) -> tuple[int, bool]:
    """Insert or update a sectioned record by its code; returns (code, created).

    A section present in the input replaces the stored one; what the input does not
    carry is left as it was. A missing code is assigned. `before_commit(session, code)` runs
    in the same transaction once the rows are written (the search document). Commits.

    With `expected_updated_at` (the record's `updated_at` as the client saw it: optimistic
    locking), Conflict and nothing written when the record is absent or was written since.
    """
    root = session.get(root_table, code) if code is not None else None
    if expected_updated_at is not None:
        _claim_version(session, root_table, key_name, code, expected_updated_at, root)
    created = root is None
    if root is None:
        code = code if code is not None else next_code(session, getattr(root_table, key_name))
        root = root_table(**{key_name: code})
    for name, value in root_values.items():
        setattr(root, name, value)
    if extras:
        # Unknown top-level keys follow the sections' rule: the ones sent replace the stored
        # ones (a section sent replaces its unknown keys too); none sent leaves them as they were.
        root.extras = dict(extras)  # type: ignore[attr-defined]
    root.content_hash = None  # type: ignore[attr-defined]  # an API edit: next import rewrites
    root.updated_at = utcnow()  # type: ignore[attr-defined]
    session.add(root)
    try:
        session.flush()
        upsert_section_rows(session, key_name=key_name, code=code, sections=sections)  # type: ignore[arg-type]
        if before_commit is not None:
            before_commit(session, int(code))  # type: ignore[arg-type]
        session.commit()
    except IntegrityError as exc:  # a concurrent create took the same new code
        session.rollback()
        raise Conflict("Outro cadastro usou o mesmo código ao mesmo tempo; repita.") from exc
    return int(getattr(root, key_name)), created
