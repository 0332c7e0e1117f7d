"""Any JSON value a record carries comes back as it was sent, through the API (hypothesis).

Known text fields take null, numbers and text (stored as text, answered as sent); unknown
keys take any JSON value, at the top level and inside sections.
"""

import itertools

import hypothesis.strategies as st
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from talentmatch.candidatos.models import FormacaoIdiomasBase, InfosBasicasBase

URL = "/api/v1/candidatos"
CODES = itertools.count(1000)

text = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"]), max_size=20)
number = st.integers(-(2**53), 2**53) | st.floats(allow_nan=False, allow_infinity=False)
known_value = st.none() | number | text
json_value = st.recursive(
    st.none() | st.booleans() | number | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
unknown_keys = st.dictionaries(text.map(lambda k: f"x_{k}"), json_value, max_size=3)


def section(fields: list[str]) -> st.SearchStrategy[dict]:
    known = st.dictionaries(st.sampled_from(fields), known_value, max_size=len(fields))
    return st.tuples(known, unknown_keys).map(lambda parts: {**parts[0], **parts[1]})


INFOS = [name for name in InfosBasicasBase.model_fields if name != "nome"]
FORMACAO = list(FormacaoIdiomasBase.model_fields)


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(infos=section(INFOS), formacao=section(FORMACAO), top=unknown_keys)
def test_what_is_sent_comes_back(
    client: TestClient, recrutador: dict[str, str], infos: dict, formacao: dict, top: dict
) -> None:
    code = next(CODES)
    body = {
        "infos_basicas": {"codigo_profissional": code, **infos},
        "formacao_e_idiomas": formacao,
        **top,
    }
    answer = client.post(f"{URL}/create", json=body, headers=recrutador)
    assert answer.status_code == 200, answer.text
    details = client.get(f"{URL}/details/{code}", headers=recrutador).json()
    assert details["infos_basicas"] == body["infos_basicas"]
    assert details["formacao_e_idiomas"] == formacao
    assert {key: details[key] for key in top} == top
