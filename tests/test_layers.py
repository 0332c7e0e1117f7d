"""The layers hold at run time: a CRUD router loads no machine learning, an old migration
replays with its own frozen rules, a job kind is known only once it registers."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import talentmatch
from talentmatch.candidatos import cpf
from talentmatch.jobs.kinds import JobKinds
from talentmatch.jobs.models import Job, JobKind
from talentmatch.jobs.runner import JobOutcome

ML_LIBRARIES = ("numpy", "pandas", "sklearn", "skops", "evidently", "torch", "faker")
DOMAIN_ROUTERS = (
    "talentmatch.usuarios.router",
    "talentmatch.auditoria.router",
    "talentmatch.candidatos.router",
    "talentmatch.vagas.router",
    "talentmatch.prospects.router",
    "talentmatch.lgpd.router",
    "talentmatch.jobs.router",
)


@pytest.mark.parametrize("module", DOMAIN_ROUTERS)
def test_a_domain_router_loads_no_machine_learning(module: str) -> None:
    script = (
        f"import sys, {module}\n"
        f"print(sorted(name for name in {ML_LIBRARIES!r} if name in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def _cpf_migration() -> object:
    versions = Path(talentmatch.__file__).parent / "migrations" / "system" / "versions"
    path = next(versions.glob("*_a033aa4e7779_*.py"))
    spec = importlib.util.spec_from_file_location("cpf_migration", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MIGRATION = _cpf_migration()
CPF_LIKE = st.one_of(
    st.none(),
    st.text(alphabet="0123456789.- ", max_size=16),
    st.from_regex(r"[0-9]{3}\.[0-9]{3}\.[0-9]{3}-[0-9]{2}", fullmatch=True),
    st.text(max_size=16),
)


@given(CPF_LIKE)
def test_the_cpf_migration_fills_what_todays_rules_derive(value: str | None) -> None:
    # The migration carries a frozen copy of the rules so that replaying history does not
    # depend on today's module; while the rules have not changed, both must agree.
    assert MIGRATION._normalize(value) == cpf.normalize(value)  # type: ignore[attr-defined]
    assert MIGRATION._is_valid(value) == cpf.is_valid(value)  # type: ignore[attr-defined]


def test_a_job_kind_runs_only_once_registered_and_only_once() -> None:
    kinds = JobKinds()
    job = Job(id="a", kind=JobKind.export_vagas, created_by="admin")
    assert kinds.resume(job) is None  # nobody registered exports: not resumed

    def work(_progress: object) -> JobOutcome:
        return JobOutcome(values={})

    kinds.register([JobKind.export_vagas], lambda _job: work)
    assert kinds.resume(job) is work
    assert kinds.registered == {JobKind.export_vagas}
    with pytest.raises(ValueError, match="registered twice"):
        kinds.register([JobKind.export_vagas], lambda _job: None)


NO_FAKER = """
import sys
sys.modules["faker"] = None  # an installation without the development dependencies
from typer.testing import CliRunner
from talentmatch.cli import app
result = CliRunner().invoke(app, {args!r})
print(result.exit_code)
print(result.output)
"""


def test_without_faker_the_generator_commands_say_what_to_install(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", NO_FAKER.format(args=["generate", "--out", str(tmp_path)])],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    code, *output = result.stdout.strip().splitlines()
    assert code == "3"
    assert "requirements-dev.txt" in "\n".join(output)
    assert not any(tmp_path.iterdir())  # nothing half-written
