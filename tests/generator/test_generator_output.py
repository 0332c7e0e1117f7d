"""Determinism, speed, the JSON layout of the files, and argument checks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from talentmatch.generator import generate_dataset
from talentmatch.generator.writer import encode

from .conftest import Generated

TINY = {"candidates": 300, "vagas": 100, "prospects": 400}
FILES = ("applicants.json", "vagas.json", "prospects.json", "ground_truth.json")
SRC = Path(__file__).resolve().parents[2] / "src"


def _contents(directory: Path) -> dict[str, bytes]:
    return {name: (directory / name).read_bytes() for name in FILES}


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    generate_dataset(tmp_path / "a", **TINY, seed=3)
    generate_dataset(tmp_path / "b", **TINY, seed=3)
    generate_dataset(tmp_path / "c", **TINY, seed=4)
    first = _contents(tmp_path / "a")
    assert first == _contents(tmp_path / "b")
    other = _contents(tmp_path / "c")
    assert all(first[name] != other[name] for name in FILES)


def test_deterministic_across_processes(tmp_path: Path) -> None:
    # Another hash seed changes set and dict-of-set orders: the output must not depend on them.
    generate_dataset(tmp_path / "here", **TINY, seed=5)
    code = (
        "import sys; from pathlib import Path; from talentmatch.generator import generate_dataset;"
        f"generate_dataset(Path(sys.argv[1]), **{TINY!r}, seed=5)"
    )
    env = {**os.environ, "PYTHONHASHSEED": "123", "PYTHONPATH": str(SRC)}
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "there")], check=True, env=env)
    assert _contents(tmp_path / "here") == _contents(tmp_path / "there")


def test_small_sizes_are_fast(tmp_path: Path) -> None:
    start = time.perf_counter()
    summary = generate_dataset(tmp_path, **TINY, seed=1)
    assert time.perf_counter() - start < 3.0
    assert summary.prospect_rows == TINY["prospects"]


def test_files_are_laid_out_like_json_dump_indent_4(generated: Generated) -> None:
    summary = generated.summary
    for path in (summary.applicants_path, summary.vagas_path, summary.prospects_path):
        text = path.read_text(encoding="utf-8")
        assert text == json.dumps(json.loads(text), indent=4, ensure_ascii=False)
        assert "ç" in text or "ã" in text  # UTF-8, not \u escapes


def test_encode_matches_json_dumps() -> None:
    value = {
        "a": "",
        "b": {},
        "c": [],
        "d": ["x", {"e": 'aspas " e \\ barra\nlinha\ttab ção'}],
        "nivel profissional": "Sênior",
    }
    assert encode(value) == json.dumps(value, indent=4, ensure_ascii=False)
    nested = json.dumps({"k": value}, indent=4, ensure_ascii=False)
    assert nested == '{\n    "k": ' + encode(value, 1) + "\n}"


def test_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate_dataset(tmp_path, candidates=0)
    with pytest.raises(ValueError, match="cannot fit"):
        generate_dataset(tmp_path, candidates=2, vagas=2, prospects=50)


def test_no_prospects(tmp_path: Path) -> None:
    summary = generate_dataset(tmp_path, candidates=5, vagas=3, prospects=0)
    document = json.loads(summary.prospects_path.read_text(encoding="utf-8"))
    assert summary.prospect_rows == 0
    assert all(entry["prospects"] == [] for entry in document.values())
