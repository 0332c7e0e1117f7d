"""Concurrent writes against a real server process: unique-key races answer 409, never 500;
an import racing API writes of the same codes succeeds; concurrent status changes all land."""

import copy
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise
from pathlib import Path
from threading import Barrier
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from talentmatch.prospects.outcomes import SEED_STATUSES
from tests.conftest import PASSWORD
from tests.fixtures.decision_examples import APPLICANT, VAGA
from tests.security.realserver import running_server

VAGA_CODE = 4242
CANDIDATE_CODE = 31000


@pytest.fixture
def server(data_dir: Path, database_urls: tuple[str, str]) -> Iterator[str]:
    # Signups hash passwords two at a time; a loaded machine must not turn the wait into 429s.
    with running_server(data_dir, database_urls, PASSWORD_HASH_WAIT_S="60") as (base, _process):
        yield base


def _token(base: str, username: str) -> dict[str, str]:
    answer = httpx.post(
        f"{base}/api/v1/usuarios/login", data={"username": username, "password": PASSWORD}
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _all_at_once(count: int, call: Callable[[int], httpx.Response]) -> list[httpx.Response]:
    """`call(0..count-1)` from `count` threads released together."""
    start = Barrier(count)

    def run(number: int) -> httpx.Response:
        start.wait(timeout=60)
        return call(number)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def _candidate(code: int, marker: str) -> dict[str, Any]:
    """APPLICANT under `code`, with `marker` in three of its sections."""
    record = copy.deepcopy(APPLICANT)
    record["infos_basicas"]["codigo_profissional"] = str(code)
    record["infos_basicas"]["objetivo_profissional"] = marker
    record["informacoes_profissionais"]["titulo_profissional"] = marker
    record["formacao_e_idiomas"]["outro_idioma"] = marker
    return record


def _pair(base: str, headers: dict[str, str]) -> None:
    answer = httpx.post(
        f"{base}/api/v1/candidatos/create", json=_candidate(CANDIDATE_CODE, "x"), headers=headers
    )
    assert answer.status_code == 200, answer.text
    vaga = {"codigo_vaga": VAGA_CODE, **VAGA}
    answer = httpx.post(f"{base}/api/v1/vagas/create", json=vaga, headers=headers)
    assert answer.status_code in (200, 201), answer.text


def test_concurrent_adds_of_one_pair_answer_one_success_and_409s(
    server: str, database_urls: tuple[str, str]
) -> None:
    headers = _token(server, "recrutador")
    _pair(server, headers)
    body = {"codigo_vaga": VAGA_CODE, "codigo_candidato": CANDIDATE_CODE}
    answers = _all_at_once(
        20,
        lambda _n: httpx.post(
            f"{server}/api/v1/prospects/add-candidate", json=body, headers=headers, timeout=120
        ),
    )
    statuses = Counter(answer.status_code for answer in answers)
    assert statuses == {200: 1, 409: 19}, [a.text for a in answers if a.status_code != 409]
    conflicts = [a.json()["detail"] for a in answers if a.status_code == 409]
    assert set(conflicts) == {f"O candidato {CANDIDATE_CODE} já está na vaga {VAGA_CODE}."}
    engine = create_engine(database_urls[1])
    with engine.connect() as connection:
        stored = connection.execute(
            text("SELECT count(*) FROM prospect WHERE codigo_vaga = :v AND codigo_candidato = :c"),
            {"v": VAGA_CODE, "c": CANDIDATE_CODE},
        ).scalar_one()
        history = connection.execute(text("SELECT count(*) FROM prospect_historico")).scalar_one()
    engine.dispose()
    assert (stored, history) == (1, 1)


def test_concurrent_signups_of_one_username_answer_one_201_and_409s(server: str) -> None:
    headers = _token(server, "admin")
    body = {"username": "mesma.pessoa", "password": "uma-senha-bem-longa-1", "perfil": "leitor"}
    answers = _all_at_once(
        8,
        lambda _n: httpx.post(
            f"{server}/api/v1/usuarios/signup", json=body, headers=headers, timeout=120
        ),
    )
    statuses = Counter(answer.status_code for answer in answers)
    assert statuses == {201: 1, 409: 7}, [a.text for a in answers if a.status_code != 409]
    listed = httpx.get(f"{server}/api/v1/usuarios/list?limit=100", headers=headers).json()
    assert [u["username"] for u in listed["data"]].count("mesma.pessoa") == 1


def test_concurrent_status_changes_all_land_in_the_history(server: str) -> None:
    headers = _token(server, "recrutador")
    _pair(server, headers)
    body = {"codigo_vaga": VAGA_CODE, "codigo_candidato": CANDIDATE_CODE}
    added = httpx.post(f"{server}/api/v1/prospects/add-candidate", json=body, headers=headers)
    assert added.status_code == 200, added.text
    changes = list(SEED_STATUSES[1:11])
    answers = _all_at_once(
        len(changes),
        lambda n: httpx.put(
            f"{server}/api/v1/prospects/update-candidate",
            json={**body, "situacao_candidato": changes[n], "comentario": f"mudança {n}"},
            headers=headers,
            timeout=120,
        ),
    )
    assert [answer.status_code for answer in answers] == [200] * len(changes)
    prospect = httpx.get(
        f"{server}/api/v1/prospects/{VAGA_CODE}/{CANDIDATE_CODE}/historico", headers=headers
    ).json()
    history = prospect["historico"]
    assert sorted(h["situacao_nova"] for h in history[1:]) == sorted(changes)
    # Each change starts from the one before it: none was made from a stale read.
    for before, after in pairwise(history):
        assert after["situacao_anterior"] == before["situacao_nova"], history
    assert prospect["situacao_candidato"] == history[-1]["situacao_nova"]


def test_an_import_racing_api_creates_of_the_same_codes_succeeds_with_whole_records(
    server: str, data_dir: Path, database_urls: tuple[str, str]
) -> None:
    codes = list(range(50_001, 50_401))
    raw = data_dir / "storage" / "raw"
    raw.mkdir(parents=True)
    (raw / "applicants.json").write_text(
        json.dumps({str(code): _candidate(code, "import") for code in codes}), encoding="utf-8"
    )
    admin = _token(server, "admin")

    def create(number: int) -> httpx.Response:
        if number == 0:  # one thread starts the import, the others write through the API
            return httpx.post(
                f"{server}/api/v1/candidatos/update-tables",
                json={"file_key": "raw/applicants.json"},
                headers=admin,
                timeout=120,
            )
        written = None
        with httpx.Client(headers=admin, timeout=120) as client:
            for code in codes[number - 1 :: 7]:
                written = client.post(
                    f"{server}/api/v1/candidatos/create", json=_candidate(code, f"api-{code}")
                )
                assert written.status_code in (200, 409), written.text
        assert written is not None
        return written

    answers = _all_at_once(8, create)
    started = answers[0]
    assert started.status_code == 200, started.text
    deadline = time.monotonic() + 300
    while True:
        job = httpx.get(f"{server}/api/v1/jobs/{started.json()['job_id']}", headers=admin).json()
        if job["status"] in ("succeeded", "failed"):
            break
        assert time.monotonic() < deadline, job
        time.sleep(0.2)
    assert job["status"] == "succeeded", job
    engine = create_engine(database_urls[1])
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT b.codigo_profissional, b.objetivo_profissional, "
                "p.titulo_profissional, f.outro_idioma FROM candidato_infos_basicas b "
                "JOIN candidato_informacoes_profissionais p "
                "ON p.codigo_profissional = b.codigo_profissional "
                "JOIN candidato_formacao_e_idiomas f "
                "ON f.codigo_profissional = b.codigo_profissional "
                "WHERE b.codigo_profissional >= :low"
            ),
            {"low": codes[0]},
        ).all()
    engine.dispose()
    assert sorted(row[0] for row in rows) == codes  # every code once, every section there
    for code, *markers in rows:
        assert markers in (["import"] * 3, [f"api-{code}"] * 3), (code, markers)
    # Each record counted once: new, or written over what an API call stored first.
    counts = job["counts"]
    assert counts["inserted"] + counts["updated"] == len(codes), job
    assert counts["unchanged"] == 0, job
