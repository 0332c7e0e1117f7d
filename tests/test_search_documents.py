"""An import writes the search documents from the records it validated (no read-back of the
stored rows for its new codes): they must equal what the stored rows make, for any values
(hypothesis), and a re-import that leaves sections out must keep their words findable.

Through the API: the files are imported by the import route's job; the documents are read from
the system database and compared with those `refresh_documents` rebuilds from the stored rows.
"""

import itertools
import json
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine, select, text
from sqlmodel import Session

from talentmatch.candidatos import documents as candidato_documents
from talentmatch.core.config import Settings
from talentmatch.db.fulltext import words as folded_words
from talentmatch.vagas import documents as vaga_documents
from talentmatch.vagas.models import VAGA_INFOS_BASICAS, VAGA_PERFIL
from tests.helpers import wait_for_job
from tests.worlds.other_world import write_world

CODES = itertools.count(20_000)
# Accents, cedillas, other scripts, punctuation and digits: what the folding must treat alike.
some_text = st.text(
    st.sampled_from([*"aeiouxyz", *"áéíõçÇÃ", *"ßЖ中", *" .,-/+#_", *"0123456789"]), max_size=30
)
value = st.none() | some_text | st.integers(-1000, 1000)  # numbers are sent to text fields too


def section(fields: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(fields), value, max_size=len(fields))


candidate = st.fixed_dictionaries(
    {"infos_basicas": section(["nome", "objetivo_profissional", "local"])},  # required
    optional={
        "informacoes_pessoais": section(["nome"]),
        "informacoes_profissionais": section(
            [
                "titulo_profissional",
                "area_atuacao",
                "conhecimentos_tecnicos",
                "certificacoes",
                "qualificacoes",
                "experiencias",
                "nivel_profissional",
            ]
        ),
        "formacao_e_idiomas": section(["cursos", "nivel_academico", "nivel_ingles"]),
        "cargo_atual": section(["cargo_atual"]),
        "cv_pt": some_text,
        "cv_en": some_text,
    },
)
vaga = st.fixed_dictionaries(
    {  # required
        VAGA_INFOS_BASICAS.file: section(["titulo_vaga", "objetivo_vaga", "cliente"]).map(
            VAGA_INFOS_BASICAS.keys.to_file
        )
    },
    optional={
        VAGA_PERFIL.file: section(
            [
                "competencia_tecnicas_e_comportamentais",
                "areas_atuacao",
                "principais_atividades",
                "demais_observacoes",
                "cidade",
                "nivel_profissional",
            ]
        ).map(VAGA_PERFIL.keys.to_file),
    },
)


def import_file(client: TestClient, settings: Settings, admin: dict, name: str, data: dict) -> None:
    raw = settings.data_dir / "storage" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    (raw / name).write_text(json.dumps(data), encoding="utf-8")
    resource = "candidatos" if name == "applicants.json" else "vagas"
    answer = client.post(
        f"/api/v1/{resource}/update-tables", json={"file_key": f"raw/{name}"}, headers=admin
    )
    assert answer.status_code == 200, answer.text
    job = wait_for_job(client, answer.json()["job_id"], admin)
    assert job["status"] == "succeeded", job
    assert job["errors"] == [], job


def documents(engine: Engine, spec: Any, codes: list[int]) -> dict[int, dict[str, Any]]:
    with Session(engine) as session:
        rows = session.execute(select(spec.table).where(spec.table.c[spec.key].in_(codes)))
        return {row._mapping[spec.key]: dict(row._mapping) for row in rows}


def assert_index_in_step(engine: Engine) -> None:
    """SQLite: FTS5's own check that its index holds exactly the document rows' words (it
    raises on a row indexed twice, missing, or indexed with other text)."""
    if engine.dialect.name != "sqlite":
        return
    with engine.begin() as connection:
        for name in ("candidato_busca_fts", "vaga_busca_fts"):
            connection.execute(text(f"INSERT INTO {name}({name}) VALUES ('integrity-check')"))


def rebuilt(engine: Engine, module: Any, codes: list[int]) -> dict[int, dict[str, Any]]:
    """The documents as the stored rows make them (rolled back: nothing is changed)."""
    with Session(engine) as session:
        module.refresh_documents(session, codes)
        table, key = module.SPEC.table, module.SPEC.key
        rows = session.execute(select(table).where(table.c[key].in_(codes)))
        found = {row._mapping[key]: dict(row._mapping) for row in rows}
        session.rollback()
    return found


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    candidates=st.lists(candidate, min_size=1, max_size=4),
    vagas=st.lists(vaga, min_size=1, max_size=4),
)
def test_imported_documents_equal_the_ones_the_stored_rows_make(
    client: TestClient, settings: Settings, admin: dict, candidates: list, vagas: list
) -> None:
    engine = client.app.state.databases.system  # type: ignore[attr-defined]
    for name, module, records in (
        ("applicants.json", candidato_documents, candidates),
        ("vagas.json", vaga_documents, vagas),
    ):
        codes = [next(CODES) for _ in records]
        import_file(client, settings, admin, name, dict(zip(map(str, codes), records, strict=True)))
        written = documents(engine, module.SPEC, codes)
        assert sorted(written) == codes
        assert written == rebuilt(engine, module, codes)
    assert_index_in_step(engine)


def test_a_reimport_without_a_section_keeps_its_words_findable(
    client: TestClient, settings: Settings, admin: dict, leitor: dict
) -> None:
    first = {
        "infos_basicas": {"nome": "Iolanda Primeira", "local": "Curitiba"},
        "informacoes_profissionais": {"conhecimentos_tecnicos": "Kubernetes, Terraform"},
        "cv_pt": "Experiência com Elixir",
    }
    import_file(client, settings, admin, "applicants.json", {"30001": first})
    # The second file sends only a new name: the skills and the résumé are kept, and found.
    again = {"infos_basicas": {"nome": "Iolanda Segunda", "local": "Curitiba"}}
    import_file(client, settings, admin, "applicants.json", {"30001": again})
    for words, expected in (("terraform", [30001]), ("segunda", [30001]), ("primeira", [])):
        page = client.get("/api/v1/candidatos/search", params={"q": words}, headers=leitor).json()
        assert [row["codigo_profissional"] for row in page["data"]] == expected, words
    engine = client.app.state.databases.system  # type: ignore[attr-defined]
    assert documents(engine, candidato_documents.SPEC, [30001]) == rebuilt(
        engine, candidato_documents, [30001]
    )
    assert_index_in_step(engine)


def test_a_world_we_did_not_generate_gets_the_same_documents(
    client: TestClient, settings: Settings, admin: dict, leitor: dict, tmp_path: Path
) -> None:
    # tests/worlds/other_world.py writes Decision files apart from talentmatch.generator.
    write_world(tmp_path, candidates=150, vagas=40, prospects=300, seed=3)
    for name, module in (("applicants.json", candidato_documents), ("vagas.json", vaga_documents)):
        data = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        import_file(client, settings, admin, name, data)
        engine = client.app.state.databases.system  # type: ignore[attr-defined]
        codes = sorted(int(code) for code in data)
        written = documents(engine, module.SPEC, codes)
        assert sorted(written) == codes
        assert written == rebuilt(engine, module, codes)
    assert_index_in_step(engine)
    # The longest words of an imported résumé find its candidate (150 candidates: two pages).
    code, record = next(iter(json.loads((tmp_path / "applicants.json").read_text()).items()))
    query = " ".join(sorted(set(folded_words(record.get("cv_pt"))), key=len)[-3:])
    assert query, record
    found = []
    for offset in (0, 100):
        page = client.get(
            "/api/v1/candidatos/search",
            params={"q": query, "offset": offset, "limit": 100},
            headers=leitor,
        ).json()
        found += [row["codigo_profissional"] for row in page["data"]]
    assert int(code) in found, query
