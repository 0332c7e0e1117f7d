"""The fast feature path (each side once per distinct record, kept across calls) gives
exactly the rows of the straightforward per-pair computation it replaced.

`tests/features/reference/` is the feature code as it was before the fast path (no cache,
n-gram sets, every helper folding again): the oracle. Training and serving both call
`talentmatch.features.featurize.featurize`, so equality here is what keeps a published
model scoring as it was trained, and the served rows equal to the training rows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from pandas.testing import assert_frame_equal

from talentmatch.features import sides
from talentmatch.features.featurize import featurize
from talentmatch.features.payload import CANDIDATE_SOURCES, VAGA_SOURCES, payload_from_records
from talentmatch.features.schema import SEED_MATCH_EXAMPLE
from talentmatch.generator import generate_dataset
from tests.features.reference import featurize as reference

# Words the features look for, separators the parsers split on, and characters whose
# folding is not plain (NFKD gives upper case, several letters or nothing; odd line breaks).
VOCABULARY = (
    "java",
    "Java",
    "spring boot",
    "SQL",
    ".NET",
    "c#",
    "vue.js",
    "pl/sql",
    "s/4hana",
    "SAP",
    "kafka",
    "inglês",
    "Inglês: Avançado",
    "espanhol - fluente",
    "Intermediário",
    "básico",
    "Sênior",
    "pleno",
    "Júnior",
    "Gerente",
    "Analista",
    "Técnico de Nível Médio",
    "10 anos de experiência",
    "experiência mínima de 5 anos",
    "experiência com",
    "conhecimentos em",
    "desejável",
    "Requisitos:",
    "Requisitos obrigatórios:",
    "Diferenciais:",
    "Comportamentais:",
    "Desejável: Kafka",
    "TI - SAP-",
    "TI - Desenvolvimento/Programação-",
    "São Paulo",
    "Campinas",
    "Brasil",
    "Sim",
    "Não",
    "CLT Full",
    "PJ/Autônomo",
    "Estagiário",
    "Hunting",
    "Ensino Superior Completo",
    "Mestrado Cursando",
    "e",
    "ou",
    ",",
    ";",
    ":",
    ".",
    ". ",
    " - ",
    "•",
    "(",
    ")",
    "|",
    "\n",
    "\r\n",
    "  ",
    "\t",
    "ℌ",  # noqa: RUF001 - NFKD of a lower-case fold: "H"
    "Ⅻ",
    "ß",
    "ﬁ",
    "İ",
    "\x1c",
    "\u2028",
    "\x85",
    "ç",
    "...",
    "./",
    "2",
)
text = st.lists(st.sampled_from(VOCABULARY), max_size=14).map(" ".join) | st.text(max_size=30)
value: st.SearchStrategy[Any] = text | st.none() | st.integers(-3, 3)


def side(fields: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional={name: value for name in fields})


@st.composite
def batches(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Payloads pairing a few candidates with a few vagas: records repeat, as in a batch."""
    candidates = draw(st.lists(side(tuple(CANDIDATE_SOURCES)), min_size=1, max_size=4))
    vagas = draw(st.lists(side(tuple(VAGA_SOURCES)), min_size=1, max_size=4))
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(candidates), st.sampled_from(vagas)), min_size=1, max_size=10
        )
    )
    return [{**c, **v} for c, v in pairs]


def per_pair_reference(payloads: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.concat([reference.featurize([p]) for p in payloads], ignore_index=True)


@pytest.fixture(autouse=True)
def cold_caches() -> None:
    sides.CANDIDATES.clear()
    sides.VAGAS.clear()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payloads=batches())
def test_fast_path_gives_exactly_the_per_pair_rows(payloads: list[dict[str, Any]]) -> None:
    expected = per_pair_reference(payloads)
    assert_frame_equal(featurize(payloads), expected, check_exact=True)  # cold or partly kept
    assert_frame_equal(featurize(payloads), expected, check_exact=True)  # every side kept
    sides.CANDIDATES.clear()
    sides.VAGAS.clear()
    one_by_one = pd.concat([featurize([p]) for p in payloads], ignore_index=True)
    assert_frame_equal(one_by_one, expected, check_exact=True)


def test_generated_decision_records_give_the_reference_rows(tmp_path: Path) -> None:
    """Realistic records (the generator's résumés and requirement texts), many pairs."""
    generate_dataset(tmp_path, candidates=120, vagas=40, prospects=150, seed=5)
    applicants = json.loads((tmp_path / "applicants.json").read_text("utf-8"))
    vagas = json.loads((tmp_path / "vagas.json").read_text("utf-8"))
    payloads = [
        payload_from_records(applicants[c], vagas[v])
        for i, c in enumerate(applicants)
        for v in list(vagas)[i % 7 :: 9]
    ]
    expected = reference.featurize(payloads)
    assert_frame_equal(featurize(payloads), expected, check_exact=True)
    assert_frame_equal(featurize(payloads), expected, check_exact=True)


def test_an_edited_record_is_featurized_anew() -> None:
    """Kept sides are keyed by the fields' values: a changed résumé or requirement text is
    read again, never answered from what was kept for the old text."""
    payload = dict(SEED_MATCH_EXAMPLE)
    before = featurize([payload])
    edited = {
        **payload,
        "cv_candidato": "",
        "conhecimentos_tecnicos": "",
        "competencia_tecnicas_e_comportamentais": "Requisitos: cobol, mainframe",
    }
    after = featurize([edited])
    assert_frame_equal(after, reference.featurize([edited]), check_exact=True)
    assert not after.equals(before)
    assert_frame_equal(featurize([payload]), before, check_exact=True)


def test_the_kept_sides_stay_within_their_bounds() -> None:
    cache = sides.BoundedCache(lambda key: len(key[0]), entries=3, chars=100)
    for i in range(10):
        assert cache.get((f"{i:02d}" * 5,)) == 10
    assert len(cache) == 3  # the oldest dropped first
    assert cache.get(("x" * 50,)) == 50  # over an eighth of the budget: computed, not kept
    assert len(cache) == 3
    assert ("x" * 50,) not in cache._items
    for i in range(9):
        cache.get((str(i) * 11,))
    assert sum(size for _, size in cache._items.values()) <= 100
