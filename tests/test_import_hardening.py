"""Hostile import files: each gives a failed job with a message, a rejection by key, or a 4xx.

A file that is bad as a whole leaves every business table byte for byte as it was; a bad
record is rejected by its key while the good records of the same file are imported.
"""

import io
import json
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from talentmatch.db.engines import make_engine
from talentmatch.decision import scanner, splitter
from talentmatch.decision.records import RecordError
from tests.conftest import login
from tests.fixtures.decision_examples import APPLICANT, APPLICANT_CODE, PROSPECTS_VAGA, VAGA
from tests.helpers import business_checksum, wait_for_job

GOOD = {
    "candidatos": (APPLICANT_CODE, APPLICANT),
    "vagas": ("4530", VAGA),
    "prospects": ("4530", PROSPECTS_VAGA),
}
# A section and a text field of each kind, where an object or a list does not belong.
SECTION = {"candidatos": "infos_basicas", "vagas": "informacoes_basicas", "prospects": "prospects"}
TEXT = {
    "candidatos": ("infos_basicas", "nome"),
    "vagas": ("informacoes_basicas", "titulo_vaga"),
    "prospects": (None, "titulo"),
}
KINDS = sorted(GOOD)
MIB = 1024 * 1024


def good_file(kind: str) -> dict[str, Any]:
    key, record = GOOD[kind]
    return {key: record}


def minimal(kind: str) -> dict[str, Any]:
    """A small valid record of `kind` (no inner code, so any key fits)."""
    if kind == "candidatos":
        return {"infos_basicas": {"nome": "Mínimo"}}
    if kind == "vagas":
        return {"informacoes_basicas": {"titulo_vaga": "Mínima"}}
    return {
        "titulo": "Mínima",
        "modalidade": "",
        "prospects": [{"codigo": "5", "situacao_candidado": "Prospect"}],
    }


def with_text(kind: str, value: Any) -> dict[str, Any]:
    """A minimal record whose text field holds `value`."""
    record = minimal(kind)
    section, name = TEXT[kind]
    (record[section] if section else record)[name] = value
    return record


def dump(content: dict[str, Any]) -> bytes:
    return json.dumps(content, ensure_ascii=False).encode()


@pytest.fixture
def store_dir(settings: Settings) -> Path:
    root = settings.data_dir / "storage"
    root.mkdir(parents=True, exist_ok=True)
    return root


def run_import(client: TestClient, admin: dict, kind: str, key: str) -> dict[str, Any]:
    response = client.post(f"/api/v1/{kind}/update-tables", json={"file_key": key}, headers=admin)
    assert response.status_code == 200, response.text
    return wait_for_job(client, response.json()["job_id"], admin, timeout=120)


@pytest.fixture
def seeded(client: TestClient, admin: dict, store_dir: Path) -> None:
    """One good record of each kind already stored, so that 'unchanged' is checked too."""
    for kind in KINDS:
        (store_dir / f"seed-{kind}.json").write_bytes(dump(good_file(kind)))
        assert run_import(client, admin, kind, f"seed-{kind}.json")["status"] == "succeeded"


# --- files bad as a whole ---------------------------------------------------------------
WHOLE_FILE: dict[str, Callable[[str], bytes]] = {
    "truncated": lambda kind: dump(good_file(kind))[:-7],
    "truncated-in-a-string": lambda kind: dump(good_file(kind))[:30],
    "top-level-list": lambda kind: json.dumps([minimal(kind)]).encode(),
    "top-level-number": lambda kind: b"42",
    "top-level-string": lambda kind: b'"{}"',
    "empty": lambda kind: b"",
    "invalid-utf8-in-a-string": lambda kind: dump({"9": with_text(kind, "AB")}).replace(
        b"AB", b"A\xff\xfeB"
    ),
    "nan-literal": lambda kind: b'{"9": {"x": NaN}}',
    "trailing-garbage": lambda kind: dump(good_file(kind)) + b"]",
    "missing-colon": lambda kind: b'{"9" {}}',
    "key-longer-than-1-kib": lambda kind: dump({"9" * 2000: minimal(kind)}),
}


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", sorted(WHOLE_FILE))
def test_a_bad_file_fails_its_job_and_changes_nothing(
    client: TestClient, admin: dict, store_dir: Path, settings: Settings, kind: str, case: str
) -> None:
    (store_dir / "bad.json").write_bytes(WHOLE_FILE[case](kind))
    engine = make_engine(settings.resolved_system_database_url)
    before = business_checksum(engine)
    job = run_import(client, admin, kind, "bad.json")
    assert job["status"] == "failed", job
    assert job["message"] and "Erro interno" not in job["message"], job["message"]
    assert "Nada foi gravado" in job["message"]
    assert business_checksum(engine) == before
    engine.dispose()


# --- records bad on their own -----------------------------------------------------------
def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


RECORD_CASES: dict[str, Callable[[str], tuple[bytes, set[str]]]] = {
    # file content (a good record under key "1" is added) and the keys expected rejected
    "record-is-a-string": lambda kind: (b'"2": "texto"', {"2"}),
    "record-is-a-number": lambda kind: (b'"2": 17', {"2"}),
    "record-is-a-list": lambda kind: (b'"2": [1, 2]', {"2"}),
    "section-is-a-list": lambda kind: (
        dump({"2": {**minimal(kind), SECTION[kind]: ["a"]}})[1:-1]
        if kind != "prospects"
        else dump({"2": {**minimal(kind), "prospects": {"a": 1}}})[1:-1],
        {"2"},
    ),
    "text-is-an-object": lambda kind: (dump({"2": with_text(kind, {"a": "b"})})[1:-1], {"2"}),
    "text-is-a-list": lambda kind: (dump({"2": with_text(kind, ["a"])})[1:-1], {"2"}),
    "code-not-numeric": lambda kind: (dump({"abc": minimal(kind)})[1:-1], {"abc"}),
    "code-negative": lambda kind: (dump({"-5": minimal(kind)})[1:-1], {"-5"}),
    "code-zero": lambda kind: (dump({"0": minimal(kind)})[1:-1], {"0"}),
    "code-decimal": lambda kind: (dump({"1.5": minimal(kind)})[1:-1], {"1.5"}),
    "code-superscript-digit": lambda kind: (dump({"²": minimal(kind)})[1:-1], {"²"}),
    "code-beyond-int32": lambda kind: (dump({"2147483648": minimal(kind)})[1:-1], {"2147483648"}),
    "code-huge": lambda kind: (dump({"9" * 300: minimal(kind)})[1:-1], {"9" * 300}),
    "deep-nesting-100k": lambda kind: (
        b'"2": {"extra": ' + _nested(100_000).encode() + b"}",
        {"2"},
    ),
    "nul-character": lambda kind: (dump({"2": with_text(kind, "a\u0000b")})[1:-1], {"2"}),
    "nul-in-a-key": lambda kind: (
        dump({"2": {**minimal(kind), "ex\u0000tra": "x"}})[1:-1],
        {"2"},
    ),
    "lone-surrogate": lambda kind: (
        dump({"2": with_text(kind, "SURROGATE")})[1:-1].replace(b"SURROGATE", b"a\\ud800b"),
        {"2"},
    ),
    "escaped-backslash-u0000-is-text": lambda kind: (
        dump({"2": with_text(kind, "\\u0000")})[1:-1],
        set(),
    ),
    "duplicate-key-in-record": lambda kind: (
        dump({"2": minimal(kind)})[1:-2] + b', "x": "1", "x": "2"}',
        {"2"},
    ),
    "duplicate-code-in-file": lambda kind: (
        dump({"2": minimal(kind)})[1:-1] + b", " + dump({"2": minimal(kind)})[1:-1],
        {"2"},
    ),
}


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", sorted(RECORD_CASES))
def test_a_bad_record_is_rejected_by_its_key_and_the_others_import(
    client: TestClient, admin: dict, store_dir: Path, kind: str, case: str
) -> None:
    members, rejected = RECORD_CASES[case](kind)
    content = b'{"1": ' + dump(minimal(kind)) + b", " + members + b"}"
    (store_dir / "mixed.json").write_bytes(content)
    job = run_import(client, admin, kind, "mixed.json")
    assert job["status"] == "succeeded", job
    assert {error["key"] for error in job["errors"]} == rejected, job["errors"]
    assert all(error["error"] for error in job["errors"])
    assert job["counts"]["rejected"] == len(rejected)
    # The first of two records with the same code is imported.
    twice = {"duplicate-code-in-file", "escaped-backslash-u0000-is-text"}
    assert job["counts"]["inserted"] == (2 if case in twice else 1)
    assert job["progress"]["done"] == job["progress"]["total"]


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize("kind", ["candidatos", "vagas"])
def test_numbers_where_text_is_expected_are_stored_as_text(
    client: TestClient, admin: dict, store_dir: Path, kind: str
) -> None:
    (store_dir / "numbers.json").write_bytes(dump({"77": with_text(kind, 12345)}))
    job = run_import(client, admin, kind, "numbers.json")
    assert job["status"] == "succeeded" and job["counts"]["inserted"] == 1, job
    details = client.get(f"/api/v1/{kind}/details/77", headers=admin).json()
    assert "12345" in json.dumps(details)


@pytest.mark.usefixtures("seeded")
def test_bad_prospect_rows_are_rejected_by_row(
    client: TestClient, admin: dict, store_dir: Path
) -> None:
    rows = [
        {"codigo": APPLICANT_CODE, "situacao_candidado": "Prospect"},
        {"codigo": "-1", "situacao_candidado": "Prospect"},
        {"codigo": "2147483648", "situacao_candidado": "Prospect"},
        {"codigo": {"a": 1}, "situacao_candidado": "Prospect"},
        {"codigo": "7", "situacao_candidado": ["Prospect"]},
        {"codigo": "8", "situacao_candidado": "Prospect", "nome": {"x": 1}},
        ["not", "an", "object"],
    ]
    content = {"9": {"titulo": "T", "modalidade": "", "prospects": rows}}
    (store_dir / "rows.json").write_bytes(dump(content))
    job = run_import(client, admin, "prospects", "rows.json")
    assert job["status"] == "succeeded", job
    assert job["counts"]["inserted"] == 1
    assert {e["key"] for e in job["errors"]} == {f"9/prospects[{i}]" for i in range(1, 7)}


# --- size -------------------------------------------------------------------------------
@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize("kind", KINDS)
def test_a_10_mb_record_is_rejected_by_key_and_the_others_import(
    client: TestClient, admin: dict, store_dir: Path, settings: Settings, kind: str
) -> None:
    assert settings.import_max_record_bytes < 10 * MIB
    huge = with_text(kind, "x" * (10 * MIB))
    content = {"1": minimal(kind), "2": huge, "3": minimal(kind)}
    (store_dir / "huge-record.json").write_bytes(dump(content))
    job = run_import(client, admin, kind, "huge-record.json")
    assert job["status"] == "succeeded", job
    assert [e["key"] for e in job["errors"]] == ["2"]
    assert "acima do limite" in job["errors"][0]["error"]
    assert job["counts"]["inserted"] == 2


def _sparse_file(path: Path, size: int, head: bytes, tail: bytes) -> None:
    """A file of `size` bytes: `head`, NUL bytes that take no disk, `tail`."""
    with path.open("wb") as f:
        f.write(head)
        f.truncate(size - len(tail))
        f.seek(size - len(tail))
        f.write(tail)


def test_a_1_gib_file_is_refused_with_413_before_queueing(
    client: TestClient, admin: dict, store_dir: Path, settings: Settings
) -> None:
    assert settings.import_max_bytes == 1024**3
    _sparse_file(store_dir / "huge.json", 1024**3 + 1, b'{"1": {"cv_pt": "', b'"}}')
    started = time.monotonic()
    response = client.post(
        "/api/v1/candidatos/update-tables", json={"file_key": "huge.json"}, headers=admin
    )
    assert response.status_code == 413
    assert "huge.json" in response.json()["detail"]
    assert time.monotonic() - started < 5
    assert client.get("/api/v1/jobs", headers=admin).json()["total"] == 0


def _peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def test_a_1_gib_record_is_rejected_with_bounded_memory(
    settings: Settings, store_dir: Path
) -> None:
    # One candidate whose résumé is a 1 GiB string, between two good ones: streamed through
    # twice (syntax check, then import) in 1 MiB chunks, never held in memory.
    head = b'{"1": {"infos_basicas": {"nome": "A"}}, "2": {"infos_basicas": {}, "cv_pt": "'
    tail = b'"}, "3": {"infos_basicas": {"nome": "C"}}}'
    _sparse_file(store_dir / "huge.json", 1024**3, head, tail)
    raised = settings.model_copy(update={"import_max_bytes": 2 * 1024**3})
    with TestClient(create_app(raised)) as client:
        admin = login(client, "admin")
        before = _peak_rss_bytes()
        started = time.monotonic()
        job = run_import(client, admin, "candidatos", "huge.json")
        elapsed = time.monotonic() - started
        grown = _peak_rss_bytes() - before
    assert job["status"] == "succeeded", job
    assert [e["key"] for e in job["errors"]] == ["2"]
    assert job["counts"]["inserted"] == 2
    assert grown < 300 * MIB, f"peak RSS grew by {grown / MIB:.0f} MiB"
    assert elapsed < 60


# --- keys -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "key",
    [
        "../applicants.json",
        "raw/../../etc/passwd",
        "/etc/passwd",
        "s3://bucket/applicants.json",
        "http://example.com/applicants.json",
        "file:///etc/passwd",
        "C:/applicants.json",
        "raw\\applicants.json",
        "raw//applicants.json",
        "nul\u0000.json",
        "",
        "a" * 2000,
    ],
)
@pytest.mark.parametrize("kind", KINDS)
def test_unsafe_keys_are_refused_before_queueing(
    client: TestClient, admin: dict, store_dir: Path, key: str, kind: str
) -> None:
    response = client.post(f"/api/v1/{kind}/update-tables", json={"file_key": key}, headers=admin)
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["detail"]
    assert client.get("/api/v1/jobs", headers=admin).json()["total"] == 0


# --- the splitter on its own --------------------------------------------------------------
SPLIT_SAMPLE = json.dumps(
    {
        "1": {"a": 'aspas " e barra \\ e \\" juntas', "b": ["]", "}", "{", "["], "c": {}},
        "2": "texto \\\\",
        "3": [1, 2.5, -3e2, True, None, '\\\\"'],
        "4": {"emoji": "🙂", "nul": "\u0000", "esc": "\\u0000"},
    },
    ensure_ascii=False,
    indent=1,
).encode()


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 1024 * 1024])
def test_the_splitter_cuts_records_exactly_whatever_the_chunk_size(
    monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(scanner, "CHUNK_BYTES", chunk)
    found = splitter.split_records(io.BytesIO(SPLIT_SAMPLE), max_record_bytes=MIB)
    parsed = {record.key: json.loads(record.raw or b"") for record in found}
    assert parsed == json.loads(SPLIT_SAMPLE)


# Decision's own layout (indent=4), where the fast path guesses each record's end: an empty
# record before a full one, a string holding the end's characters escaped, a repeated key and
# NaN (both refused by the fast path's parse, so cut by the scanner).
LAYOUT_SAMPLE = (
    json.dumps(
        {
            "1": {},
            "2": {"a": "fim falso \n    }, e mais", "b": {"c": [{"d": "}"}]}},
            "3": {"lista": [], "texto": 'aspas " e \\'},
        },
        ensure_ascii=False,
        indent=4,
    )
    .replace('"3": {', '"3": {\n        "lista": 1,', 1)
    .replace('"1": {}', '"1": {},\n    "4": {\n        "x": NaN\n    }', 1)
    .encode()
)


@pytest.mark.parametrize("chunk", [1, 7, 1024 * 1024])
def test_the_fast_path_cuts_decision_layout_as_the_scanner_does(
    monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(scanner, "CHUNK_BYTES", chunk)
    found = list(splitter.split_records(io.BytesIO(LAYOUT_SAMPLE), max_record_bytes=MIB))
    assert [record.key for record in found] == ["1", "4", "2", "3"]
    raws = {record.key: record.raw for record in found}
    assert raws["4"] == b'{\n        "x": NaN\n    }'
    assert json.loads(raws["2"] or b"") == {
        "a": "fim falso \n    }, e mais",
        "b": {"c": [{"d": "}"}]},
    }
    with pytest.raises(RecordError, match="mais de uma vez"):
        splitter.parse_record(next(r for r in found if r.key == "3"))
    if chunk == 1024 * 1024:  # the whole sample in one buffer: record 2 took the fast path
        assert next(r for r in found if r.key == "2").parsed


def test_the_splitter_skips_oversized_and_deep_records_with_small_chunks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(scanner, "CHUNK_BYTES", 5)
    content = b'{"1": "' + b"x" * 300 + b'", "2": ' + _nested(70).encode() + b', "3": {"a": 1}}'
    found = list(splitter.split_records(io.BytesIO(content), max_record_bytes=200))
    assert [(r.key, r.raw) for r in found] == [("1", None), ("2", None), ("3", b'{"a": 1}')]
    assert found[0].problem and "acima do limite" in found[0].problem
    assert found[1].problem and "64 níveis" in found[1].problem


def test_an_unreadable_local_store_makes_ready_say_so(settings: Settings) -> None:
    (settings.data_dir / "storage").write_text("a file where the store's folder should be")
    with TestClient(create_app(settings)) as client:
        ready = client.get("/ready")
        assert ready.status_code == 503
        assert ready.json()["checks"]["object_store"] == "unavailable"
