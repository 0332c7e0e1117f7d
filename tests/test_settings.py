"""Settings: environment variables, and secrets refused where they would be unsafe."""

import os
import secrets
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from talentmatch.app import create_app
from talentmatch.cli import app as cli
from talentmatch.core.config import DEFAULT_JWT_SECRET, InsecureSettings, Settings, get_settings


def production(monkeypatch: pytest.MonkeyPatch, secret: str | None) -> Settings:
    monkeypatch.setenv("ENV", "production")
    if secret is None:
        monkeypatch.delenv("JWT_SECRET", raising=False)
    else:
        monkeypatch.setenv("JWT_SECRET", secret)
    return Settings(_env_file=None)  # type: ignore[call-arg]


def test_production_refuses_to_serve_with_the_default_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(InsecureSettings, match="JWT_SECRET"):
        create_app(production(monkeypatch, None))


def test_production_refuses_to_serve_with_a_short_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InsecureSettings, match="shorter than 32"):
        create_app(production(monkeypatch, "short-secret"))


def test_production_serves_with_a_long_random_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    assert create_app(production(monkeypatch, secrets.token_urlsafe(48))).title == "TalentMatch API"


def test_migrations_need_no_secret_in_production(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    production(monkeypatch, None)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("AUTH_DATABASE_URL", raising=False)
    monkeypatch.delenv("SYSTEM_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["db", "upgrade"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert (tmp_path / "systemDB.db").exists()


def test_development_allows_the_default_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENV", "development")
    monkeypatch.delenv("JWT_SECRET", raising=False)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.jwt_secret == DEFAULT_JWT_SECRET
    settings.check_serving_secrets()


def test_database_urls_default_to_files_in_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ENV", "development")
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("AUTH_DATABASE_URL", raising=False)
    monkeypatch.delenv("SYSTEM_DATABASE_URL", raising=False)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.resolved_auth_database_url == f"sqlite:///{tmp_path / 'authDB.db'}"
    assert settings.resolved_system_database_url == f"sqlite:///{tmp_path / 'systemDB.db'}"
    assert settings.resolved_storage_url == f"file://{(tmp_path / 'storage').resolve()}"


def test_a_dotenv_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("ENV", "JWT_SECRET", "ACCESS_TOKEN_EXPIRE_MINUTES"):
        monkeypatch.delenv(name, raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text("ENV=development\nACCESS_TOKEN_EXPIRE_MINUTES=15\n")
    settings = Settings(_env_file=env_file)  # type: ignore[call-arg]
    assert settings.access_token_expire_minutes == 15


# --- HTTP settings ---------------------------------------------------------------------------
def env_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> Settings:
    for name in ("ENV", "CORS_ORIGINS", "CORS_ALLOW_CREDENTIALS", "DOCS_ENABLED", "MAX_BODY_BYTES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings(_env_file=None)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "value",
    [
        "https://a.example.com, http://localhost:3000/",
        '["https://a.example.com", "http://localhost:3000"]',
    ],
)
def test_cors_origins_are_comma_separated_or_json(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    settings = env_settings(monkeypatch, CORS_ORIGINS=value)
    assert settings.cors_origins == ["https://a.example.com", "http://localhost:3000"]


def test_no_cors_origins_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    assert env_settings(monkeypatch).cors_origins == []
    assert env_settings(monkeypatch, CORS_ORIGINS="").cors_origins == []


def test_a_wildcard_origin_with_credentials_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError, match="cannot be combined"):
        env_settings(monkeypatch, CORS_ORIGINS="*", CORS_ALLOW_CREDENTIALS="true")
    assert env_settings(monkeypatch, CORS_ORIGINS="*").cors_origins == ["*"]


@pytest.mark.parametrize("origin", ["example.com", "https://a.example.com/app", "ftp://x.org"])
def test_an_origin_must_be_scheme_and_host(monkeypatch: pytest.MonkeyPatch, origin: str) -> None:
    with pytest.raises(ValidationError, match="scheme://host"):
        env_settings(monkeypatch, CORS_ORIGINS=origin)


@pytest.mark.parametrize(
    ("env", "docs", "expected"),
    [
        ("development", "", True),
        ("test", "", True),
        ("production", "", False),
        ("production", "true", True),
        ("development", "false", False),
    ],
)
def test_docs_follow_the_environment_unless_set(
    monkeypatch: pytest.MonkeyPatch, env: str, docs: str, expected: bool
) -> None:
    settings = env_settings(monkeypatch, ENV=env, DOCS_ENABLED=docs)
    assert settings.docs_on is expected


def test_the_body_limit_defaults_to_10_mib_and_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    assert env_settings(monkeypatch).max_body_bytes == 10 * 1024**2
    assert env_settings(monkeypatch, MAX_BODY_BYTES="2048").max_body_bytes == 2048
    with pytest.raises(ValidationError):
        env_settings(monkeypatch, MAX_BODY_BYTES="10")


def test_server_workers_default_to_the_usable_cpus_in_production_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    usable = len(os.sched_getaffinity(0))

    def workers(env: str, value: str) -> int:
        return env_settings(monkeypatch, ENV=env, SERVER_WORKERS=value).resolved_server_workers

    assert 1 <= workers("production", "") <= usable  # a cgroup CPU quota may cap it
    assert workers("development", "") == 1
    assert workers("production", "3") == 3
    with pytest.raises(ValidationError):
        env_settings(monkeypatch, SERVER_WORKERS="0")
