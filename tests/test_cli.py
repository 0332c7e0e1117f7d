"""The `talentmatch` command line: migrations and users, on real SQLite files."""

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from talentmatch.app import create_app
from talentmatch.cli import app
from talentmatch.core.config import get_settings
from tests.conftest import login, make_settings

runner = CliRunner()


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("ENV", "development")
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("AUTH_DATABASE_URL", raising=False)
    monkeypatch.delenv("SYSTEM_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_db_upgrade_then_create_user_then_login(cli_env: Path) -> None:
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert (cli_env / "authDB.db").exists() and (cli_env / "systemDB.db").exists()
    assert runner.invoke(app, ["db", "check"]).exit_code == 0

    args = ["create-user", "--username", "ana", "--password", "senha-forte-1", "--perfil", "admin"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "ana" in result.output

    again = runner.invoke(app, args)
    assert again.exit_code == 1
    assert "já existe" in again.output

    with TestClient(create_app(make_settings(cli_env))) as client:
        response = client.post(
            "/api/v1/usuarios/login", data={"username": "ana", "password": "senha-forte-1"}
        )
        assert response.status_code == 200


def test_create_user_refuses_a_weak_password(cli_env: Path) -> None:
    runner.invoke(app, ["db", "upgrade"])
    result = runner.invoke(app, ["create-user", "--username", "bob", "--password", "123"])
    assert result.exit_code == 2
    assert "password" in result.output


def test_first_admin_comes_from_the_environment_on_first_start(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path,
        env="development",
        first_admin_username="chefe",
        first_admin_password="senha-chefe-1",
    )
    with TestClient(create_app(settings)) as client:  # development: migrates at start
        response = client.post(
            "/api/v1/usuarios/login", data={"username": "chefe", "password": "senha-chefe-1"}
        )
        assert response.status_code == 200
    with TestClient(create_app(settings)) as client:  # a second start changes nothing
        me = client.get(
            "/api/v1/usuarios/logado",
            headers={"Authorization": f"Bearer {response.json()['access_token']}"},
        )
        assert me.json()["perfil"] == "admin"


def test_generate_import_export_round_trip(cli_env: Path) -> None:
    runner.invoke(app, ["db", "upgrade"])
    files = cli_env / "files"
    result = runner.invoke(
        app,
        [
            "generate",
            "--out",
            str(files),
            "--candidates",
            "60",
            "--vagas",
            "20",
            "--prospects",
            "80",
        ],
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["import", str(files)])
    assert result.exit_code == 0, result.output
    assert "applicants.json: 60 inseridos" in result.output
    again = runner.invoke(app, ["import", str(files)])
    assert "applicants.json: 0 inseridos, 0 atualizados, 60 iguais" in again.output

    out = cli_env / "out"
    assert runner.invoke(app, ["export", str(out)]).exit_code == 0
    for name in ("applicants.json", "vagas.json", "prospects.json"):
        source = json.loads((files / name).read_text(encoding="utf-8"))
        assert json.loads((out / name).read_text(encoding="utf-8")) == source, name


def test_import_of_a_broken_file_fails_clearly(cli_env: Path) -> None:
    runner.invoke(app, ["db", "upgrade"])
    files = cli_env / "broken"
    files.mkdir()
    (files / "vagas.json").write_text('{"1": {"informacoes_basicas": ', encoding="utf-8")
    result = runner.invoke(app, ["import", str(files)])
    assert result.exit_code == 1
    assert "JSON inválido" in result.output


def test_demo_loads_once_through_the_import_jobs(cli_env: Path) -> None:
    runner.invoke(app, ["db", "upgrade"])
    args = ["demo", "--candidates", "50", "--vagas", "15", "--prospects", "60"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Demo carregada" in result.output
    assert "já presentes" in runner.invoke(app, args).output
    with TestClient(create_app(make_settings(cli_env))) as client:
        runner.invoke(
            app,
            [
                "create-user",
                "--username",
                "ana",
                "--password",
                "senha-forte-1",
                "--perfil",
                "admin",
            ],
        )
        headers = login(client, "ana", "senha-forte-1")
        assert client.get("/api/v1/candidatos/list", headers=headers).json()["total"] == 50
        jobs = client.get("/api/v1/jobs", headers=headers).json()["data"]
        assert {job["status"] for job in jobs} == {"succeeded"}
        assert {job["created_by"] for job in jobs} == {"demo"}
