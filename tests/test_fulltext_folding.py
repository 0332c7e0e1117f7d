"""The search documents' folding: the fast path (accented Latin letters replaced, then ASCII
split at C speed) must give exactly the words the per-word definition gives, so that the
search finds the same records after an import as before issue 18."""

import re
import unicodedata

import hypothesis.strategies as st
from hypothesis import given
from hypothesis import settings as hypothesis_settings

from talentmatch.db.fulltext import MAX_DOCUMENT_CHARS, document, words

_MARKS = re.compile(r"[\u0300-\u036f]")
_WORDS = re.compile(r"[^\W_]+")


def reference_words(value: str | None) -> list[str]:
    """The definition: lower case, split into letter/digit runs, each run NFKD-folded and
    stripped of its combining marks."""
    if not value:
        return []
    return [
        _MARKS.sub("", unicodedata.normalize("NFKD", word))
        for word in _WORDS.findall(value.lower())
    ]


def reference_document(*values: str | None) -> str:
    joined = " ".join(word for value in values for word in reference_words(value))
    if len(joined) > MAX_DOCUMENT_CHARS:
        joined = joined[:MAX_DOCUMENT_CHARS].rsplit(" ", 1)[0]
    return joined


# Portuguese and other Latin text, and what breaks naive folding: ligatures, fractions,
# superscripts, a title-case digraph, dotted capital I, combining marks sent apart, final
# sigma, CJK, an Arabic ligature whose folding holds spaces, odd spaces and punctuation.
SPECIAL = "ﬁĳǅǆ½²ℌİıΣσςΩ日本\ufdfa\u0301\u0327\u00a0\u2028\t\n-_.,;:!?/'\"#+ "
ALPHABET = st.sampled_from(
    [chr(code) for code in range(0x20, 0x250)] + list(SPECIAL) + ["a", "e", " "] * 20
)
TEXT = st.one_of(st.none(), st.text(ALPHABET, max_size=60), st.text(max_size=30))


@hypothesis_settings(max_examples=3000, deadline=None)
@given(st.lists(TEXT, max_size=4))
def test_document_folds_as_the_per_word_definition(values: list[str | None]) -> None:
    assert document(*values) == reference_document(*values)
    for value in values:
        assert words(value) == reference_words(value)


def test_portuguese_words_lose_accents_case_and_punctuation() -> None:
    text = "Análise de DADOS, integração SAP/ABAP; coordenação (São Paulo) — Ñandú"
    assert document(text, None, "") == (
        "analise de dados integracao sap abap coordenacao sao paulo nandu"
    )


def test_a_long_document_is_cut_between_words() -> None:
    folded = document("é" * 10 + " palavra" * 20_000)
    assert len(folded) <= MAX_DOCUMENT_CHARS
    assert folded.startswith("eeeeeeeeee palavra") and folded.endswith(" palavra")
