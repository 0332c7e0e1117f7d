"""Settings: environment variables, and secrets refused where they would be unsafe."""

import pytest
from pydantic import ValidationError

from talentmatch.core.config import DEFAULT_JWT_SECRET, Settings


def test_production_refuses_the_default_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENV", "production")
    monkeypatch.delenv("JWT_SECRET", raising=False)
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_production_refuses_a_short_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENV", "production")
    monkeypatch.setenv("JWT_SECRET", "short-secret")
    with pytest.raises(ValidationError, match="at least 32"):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_production_accepts_a_long_random_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENV", "production")
    monkeypatch.setenv("JWT_SECRET", "x9" * 24)
    assert Settings(_env_file=None).env == "production"  # type: ignore[call-arg]


def test_development_allows_the_default_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENV", "development")
    monkeypatch.delenv("JWT_SECRET", raising=False)
    assert Settings(_env_file=None).jwt_secret == DEFAULT_JWT_SECRET  # type: ignore[call-arg]


def test_database_urls_default_to_files_in_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.setenv("ENV", "development")
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("AUTH_DATABASE_URL", raising=False)
    monkeypatch.delenv("SYSTEM_DATABASE_URL", raising=False)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.resolved_auth_database_url == f"sqlite:///{tmp_path / 'authDB.db'}"
    assert settings.resolved_system_database_url == f"sqlite:///{tmp_path / 'systemDB.db'}"


def test_a_dotenv_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    for name in ("ENV", "JWT_SECRET", "ACCESS_TOKEN_EXPIRE_MINUTES"):
        monkeypatch.delenv(name, raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text("ENV=development\nACCESS_TOKEN_EXPIRE_MINUTES=15\n")
    settings = Settings(_env_file=env_file)  # type: ignore[call-arg]
    assert settings.access_token_expire_minutes == 15
