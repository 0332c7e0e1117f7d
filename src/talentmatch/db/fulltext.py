"""Full-text search over a search-document table: one interface, SQLite FTS5 or PostgreSQL.

A domain keeps one document row per record (`candidato_busca`, `vaga_busca`), written by the
application on every write path, whose text columns hold the record's words already folded
here in Python: accents removed, lower case, punctuation dropped, one space between words. So
both databases index the very same words (no `unaccent` extension, no dialect tokenizer
disagreeing on "node.js" or "e-mail"), and a query is folded by the same function.

- SQLite: an FTS5 external-content table `<document>_fts` over the text columns (tokenizer
  `unicode61 remove_diacritics 2`), kept in step by triggers on the document table; ranked by
  `bm25` with per-column weights.
- PostgreSQL: a generated `tsvector` column `documento` (config `simple`, the columns weighted
  A, B, D) with a GIN index; ranked by `ts_rank`.

Both are created by the Alembic revision `9f4c2a7d1e35` (backfilled there); neither is in the
SQLModel metadata, so `include_object`/`include_name` keep them out of model comparisons.

User text never reaches the query language: it is split into words by the folding, each word
quoted (FTS5) or handed to `plainto_tsquery`, so `"`, `*`, `-`, `NEAR`, parentheses are inert.
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Table,
    column,
    desc,
    func,
    insert,
    literal_column,
    null,
    select,
    table,
    text,
)
from sqlmodel import Session

# Longest text kept per document column: a PostgreSQL tsvector holds at most 1 MB, and a
# résumé's first 100,000 characters carry its words.
MAX_DOCUMENT_CHARS = 100_000
MAX_QUERY_WORDS = 16

TSVECTOR_COLUMN = "documento"
# The objects the revision creates outside the metadata: FTS5 tables and their shadow tables,
# the tsvector column and its index.
_FULLTEXT_TABLE = re.compile(r"^\w+_busca_fts(_(data|idx|docsize|config|content))?$")
_FULLTEXT_INDEX = re.compile(r"^ix_\w+_busca_documento$")

_MARKS = re.compile(r"[\u0300-\u036f]")
_WORDS = re.compile(r"[^\W_]+")


def words(value: str | None) -> list[str]:
    """The folded words of `value`: accents removed, lower case, no punctuation."""
    return _split_words(value.lower()) if value else []


def _split_words(lowered: str) -> list[str]:
    found: list[str] = []
    for token in lowered.split():
        if token.isascii() and token.isalnum():  # most tokens: nothing to fold or split
            found.append(token)
        else:
            found.extend(_token_words(token))
    return found


def _fold_word(word: str) -> str:
    return word if word.isascii() else _MARKS.sub("", unicodedata.normalize("NFKD", word))


@lru_cache(maxsize=262_144)
def _token_words(token: str) -> tuple[str, ...]:
    """The folded words of one whitespace-free token, each distinct token folded once."""
    return tuple(_fold_word(word) for word in _WORDS.findall(token))


def _latin_folds() -> dict[str, str]:
    """Each word character below U+0250 whose folding is plain ASCII letters or digits ("é",
    "ç", "ß"), with that folding: replacing it before splitting gives the very words that
    folding each word after splitting gives (a word character becomes word characters)."""
    table: dict[str, str] = {}
    for point in range(0x80, 0x250):
        char = chr(point)
        folding = _fold_word(char)
        if _WORDS.fullmatch(char) and folding.isascii() and folding.isalnum():
            table[char] = folding
    return table


_LATIN_FOLDS = _latin_folds()
_LATIN = re.compile("[" + "".join(_LATIN_FOLDS) + "]")
# ASCII bytes: letters and digits kept, anything else a space (what `_WORDS` splits on).
_ASCII_WORDS = bytes(code if chr(code).isalnum() else 32 for code in range(256))


def _fold_latin(match: re.Match[str]) -> str:
    return _LATIN_FOLDS[match.group()]


def _folded_text(value: str) -> str:
    """`" ".join(words(value))`, at C speed for the common case: the accented Latin letters
    replaced first, then, if the text is ASCII, split on anything but letters and digits."""
    lowered = value.lower()
    if not lowered.isascii():
        lowered = _LATIN.sub(_fold_latin, lowered)
    if lowered.isascii():
        return b" ".join(lowered.encode("ascii").translate(_ASCII_WORDS).split()).decode("ascii")
    return " ".join(_split_words(lowered))


def document(*values: str | None) -> str:
    """The folded words of `values`, space-joined, cut at MAX_DOCUMENT_CHARS."""
    joined = " ".join(text for value in values if value and (text := _folded_text(value)))
    if len(joined) > MAX_DOCUMENT_CHARS:
        joined = joined[:MAX_DOCUMENT_CHARS].rsplit(" ", 1)[0]
    return joined


def folded(value: str | None) -> str | None:
    """A filter value as stored and compared: its folded words, or None when it has none."""
    return document(value) or None


def index_rows(
    session: Session, documents: Table, key: str, columns: Sequence[str], codes: list[int]
) -> None:
    """Index the rows of `codes` just inserted into the document table `documents` (its text
    `columns`).

    SQLite: one INSERT ... SELECT into the FTS5 table per call (no trigger does it: one per row
    was about three times slower on an import). PostgreSQL: nothing, the tsvector is a
    generated column. Triggers on DELETE and UPDATE keep FTS5 in step with the other changes.
    """
    if not codes or session.get_bind().dialect.name != "sqlite":
        return
    fts = table(f"{documents.name}_fts", column("rowid"), *(column(name) for name in columns))
    code = documents.c[key]
    rows = select(code, *(documents.c[name] for name in columns)).where(code.in_(codes))
    session.execute(insert(fts).from_select(["rowid", *columns], rows))


def is_fulltext_object(name: str | None, type_: str) -> bool:
    """True for what the full-text revision creates outside the metadata (for Alembic)."""
    if name is None:
        return False
    if type_ == "table":
        return bool(_FULLTEXT_TABLE.match(name))
    if type_ == "index":
        return bool(_FULLTEXT_INDEX.match(name))
    return type_ == "column" and name == TSVECTOR_COLUMN


def include_name(name: str | None, type_: str, _parent_names: Any) -> bool:
    """Alembic hook: do not reflect the full-text objects."""
    return not is_fulltext_object(name, type_)


def include_object(
    _object: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic hook: the full-text objects the database has and the models do not are expected."""
    return not (reflected and compare_to is None and is_fulltext_object(name, type_))


@dataclass(frozen=True)
class FullTextIndex:
    """A search-document table: its key, its text columns (most important first) and their
    weights, and the column that orders a search without words (newest first)."""

    table: Table
    key: str
    columns: tuple[str, ...]
    weights: tuple[float, ...]
    newest: str = "updated_at"

    @property
    def fts_name(self) -> str:
        return f"{self.table.name}_fts"


@dataclass(frozen=True)
class Hit:
    code: int
    score: float | None


def search(
    session: Session,
    index: FullTextIndex,
    *,
    query: str | None,
    where: Sequence[ColumnElement[bool]],
    offset: int,
    limit: int,
) -> tuple[int, list[Hit]]:
    """(total matches, one page of hits), best first; newest first when `query` has no word.

    PostgreSQL with words: one statement, the page with a window count. Otherwise two (the
    count, the page): FTS5's bm25 cannot be used under a window count."""
    key = index.table.c[index.key]
    score: Any
    condition: list[Any]
    terms = words(query)[:MAX_QUERY_WORDS]
    if not terms:
        condition = list(where)
        page = select(key, null().label("score")).where(*condition)
        page = page.order_by(desc(index.table.c[index.newest]), desc(key))
        source: Any = index.table
        params: dict[str, Any] = {}
    elif session.get_bind().dialect.name == "postgresql":
        vector: Any = literal_column(f'"{index.table.name}".{TSVECTOR_COLUMN}')
        tsquery = func.plainto_tsquery(literal_column("'simple'"), text(":fts_query"))
        condition = [vector.op("@@")(tsquery), *where]
        # ts_rank (weighted frequency), not ts_rank_cd: cover density costs a third more on
        # the full-size data for the same order of the weights (benchmarks/RESULTS.md).
        score = func.ts_rank(vector, tsquery)
        page = select(key, score.label("score"), func.count().over().label("total"))
        page = page.where(*condition).order_by(desc("score"), key)
        params = {"fts_query": " ".join(terms)}
        # One statement: the page carries the total (a page past the end falls back to a count).
        rows = session.execute(page.offset(offset).limit(limit), params).all()
        if rows:
            total = int(rows[0][2])
        else:
            count = select(func.count()).select_from(index.table).where(*condition)
            total = int(session.execute(count, params).scalar_one())
        return total, [Hit(code=int(row[0]), score=float(row[1])) for row in rows]
    else:
        fts = index.fts_name
        fts_table = table(fts, column("rowid"))
        weights = ", ".join(str(weight) for weight in index.weights)
        score = literal_column(f'-bm25("{fts}", {weights})')
        matched = select(fts_table.c.rowid.label("code"), score.label("score")).where(
            text(f'"{fts}" MATCH :fts_query')
        )
        if where:
            # The matches first, then the filters: a subquery with a LIMIT is not flattened, so
            # SQLite cannot instead walk a filter's index and run the text query once per row.
            found = matched.limit(-1).subquery("found")
            source = found.join(index.table, index.table.c[index.key] == found.c.code)
            condition = list(where)
            page = select(found.c.code, found.c.score).select_from(source).where(*condition)
            page = page.order_by(desc(found.c.score), found.c.code)
        else:  # the FTS table alone answers: no document row is read
            source, condition = fts_table, [text(f'"{fts}" MATCH :fts_query')]
            page = matched.order_by(desc("score"), fts_table.c.rowid)
        params = {"fts_query": " ".join(f'"{term}"' for term in terms)}
    count = select(func.count()).select_from(source).where(*condition)
    total = int(session.execute(count, params).scalar_one())
    rows = session.execute(page.offset(offset).limit(limit), params).all()
    hits = [Hit(code=int(row[0]), score=None if row[1] is None else float(row[1])) for row in rows]
    return total, hits
