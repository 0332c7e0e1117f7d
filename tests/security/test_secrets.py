"""`talentmatch serve` refuses guessable secrets in production, and ENV=test outside the suite."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[2]


def _example_value(name: str) -> str:
    for line in (REPO / ".env.example").read_text().splitlines():
        if line.startswith(f"{name}="):
            return line.split("=", 1)[1]
    raise AssertionError(f"{name} not in .env.example")


def _serve(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`talentmatch serve` with `env` (on an unused port; it must refuse before binding)."""
    base = {k: v for k, v in os.environ.items() if k != "TALENTMATCH_TEST_SUITE"}
    base.update({"DATA_DIR": str(tmp_path), "LOG_LEVEL": "WARNING"})
    for name in ("JWT_SECRET", "FIRST_ADMIN_PASSWORD", "METRICS_TOKEN", "ENV"):
        base.pop(name, None)
    base.update(env)
    return subprocess.run(
        [str(BIN / "talentmatch"), "serve", "--host", "127.0.0.1", "--port", "9"],
        env=base,
        cwd=tmp_path,  # no .env file from the repository
        capture_output=True,
        text=True,
        timeout=120,
    )


def _assert_refused(result: subprocess.CompletedProcess[str], setting: str) -> None:
    assert result.returncode == 2, result.stderr[-2000:]
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr  # one line, no traceback
    assert setting in lines[0] and "Traceback" not in result.stderr


WEAK_SECRETS = {
    "env-example": _example_value("JWT_SECRET"),
    "default": "development-only-secret-do-not-use-in-production",
    "repeated": "a" * 32,
    "two-symbols": "ab" * 24,
    "words": "my-super-secret-jwt-signing-key-for-talentmatch",
    "short": "Zq8#kP2!xR",
}


@pytest.mark.parametrize("secret", list(WEAK_SECRETS.values()), ids=list(WEAK_SECRETS))
def test_production_refuses_a_weak_or_shipped_jwt_secret(tmp_path: Path, secret: str) -> None:
    result = _serve(tmp_path, ENV="production", JWT_SECRET=secret)
    _assert_refused(result, "JWT_SECRET")
    assert secret not in result.stderr  # the reason names the setting, never its value


def test_production_refuses_the_placeholder_admin_password(tmp_path: Path) -> None:
    result = _serve(
        tmp_path,
        ENV="production",
        JWT_SECRET=secrets.token_urlsafe(48),
        FIRST_ADMIN_PASSWORD=_example_value("FIRST_ADMIN_PASSWORD"),
    )
    _assert_refused(result, "FIRST_ADMIN_PASSWORD")


def test_production_refuses_a_weak_metrics_token(tmp_path: Path) -> None:
    result = _serve(
        tmp_path, ENV="production", JWT_SECRET=secrets.token_urlsafe(48), METRICS_TOKEN="x" * 40
    )
    _assert_refused(result, "METRICS_TOKEN")


def test_env_test_outside_the_test_suite_is_refused(tmp_path: Path) -> None:
    _assert_refused(_serve(tmp_path, ENV="test", JWT_SECRET="a" * 32), "ENV=test")


def test_weak_secrets_refused_and_random_ones_accepted_by_the_settings() -> None:
    from talentmatch.core.config import MIN_SECRET_BITS, weak_secret_reason

    for secret in WEAK_SECRETS.values():
        assert weak_secret_reason(secret, min_length=32, min_bits=MIN_SECRET_BITS), secret
    for _ in range(50):
        for good in (secrets.token_urlsafe(48), secrets.token_hex(32), secrets.token_urlsafe(24)):
            assert weak_secret_reason(good, min_length=32, min_bits=MIN_SECRET_BITS) is None, good
