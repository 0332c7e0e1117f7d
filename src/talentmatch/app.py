"""The FastAPI application: engines and start-up work in `lifespan`, routers, handlers."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp

from talentmatch import __version__
from talentmatch.api import include_routers
from talentmatch.auditoria.reads import ReadMeter
from talentmatch.candidatos.masking import PersonalDataMiddleware
from talentmatch.core.config import Settings, get_settings
from talentmatch.core.handlers import install_error_handlers
from talentmatch.core.logging import configure_logging
from talentmatch.core.middleware import RequestGuardMiddleware, SecurityHeadersMiddleware
from talentmatch.core.openapi import add_error_responses
from talentmatch.core.processes import serve_dir
from talentmatch.core.security import hash_gate, token_is_valid
from talentmatch.db.engines import Databases
from talentmatch.matching.serving import MatchServing
from talentmatch.monitoring.metrics import application_registry, forget_process
from talentmatch.monitoring.middleware import RequestMonitoringMiddleware
from talentmatch.monitoring.served import served_models
from talentmatch.recommending.serving import RecommenderServing
from talentmatch.registry import ModelRegistry
from talentmatch.registry.serving import ModelPoller
from talentmatch.startup import run_startup
from talentmatch.storage import store_from_url
from talentmatch.web import upload
from talentmatch.web.auth import SESSION_COOKIE, session_cookie_ok
from talentmatch.web.install import include_web
from talentmatch.web.upload import UPLOAD_PATH
from talentmatch.worker import InProcessJobs, build_worker

logger = logging.getLogger(__name__)


class TalentMatchAPI(FastAPI):
    """FastAPI with the security headers outside the whole stack, so that a 500 has them too."""

    def __init__(self, *, settings: Settings, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.state.settings = settings

    def openapi(self) -> dict[str, Any]:
        if self.openapi_schema is None:
            self.openapi_schema = add_error_responses(super().openapi())
        return self.openapi_schema

    def build_middleware_stack(self) -> ASGIApp:
        # Outside Starlette's server-error middleware, so that a 500 also carries the security
        # headers and its X-Request-ID (the monitoring sees the 500 as the client does).
        settings: Settings = self.state.settings
        monitored = RequestMonitoringMiddleware(super().build_middleware_stack(), settings)
        return SecurityHeadersMiddleware(
            monitored, production=settings.env == "production", docs=settings.docs_on
        )


def _install_http_middleware(app: FastAPI, settings: Settings) -> None:
    # Added innermost first: data minimisation > CORS (answers preflights) > guard; monitoring
    # and security headers wrap the whole stack (build_middleware_stack).
    app.add_middleware(PersonalDataMiddleware)
    app.add_middleware(
        RequestGuardMiddleware,
        max_body_bytes=settings.max_body_bytes,
        read_timeout_s=settings.body_read_timeout_s,
        auth_threshold=settings.body_auth_threshold_bytes,
        token_ok=lambda token: token_is_valid(token, settings),
        # Under /app/ a web session's cookie counts as a bearer token (checked on the auth
        # database, in a worker thread); an upload's body reaches its page as it arrives.
        session_ok=lambda token: session_cookie_ok(app.state.databases.auth, token, settings),
        session_cookie=SESSION_COOKIE,
        streamed={UPLOAD_PATH: upload.body_limit(settings)},
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=settings.cors_allow_credentials,
            allow_methods=["GET", "POST", "PUT", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID"],
            max_age=600,
        )


def create_app(settings: Settings | None = None, *, startup: bool = True) -> FastAPI:
    """The application for `settings` (read from the environment when omitted); `startup`
    False skips the once-per-server work (talentmatch.startup), done by the caller."""
    settings = settings or get_settings()
    settings.check_serving_secrets()
    configure_logging(settings.log_level)
    hash_gate.configure(settings.password_hash_concurrency, settings.password_hash_wait_s)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        databases = Databases.from_settings(settings)
        if startup:
            run_startup(settings, databases.auth)
        app.state.databases = databases
        store = store_from_url(
            settings.resolved_storage_url, s3_endpoint_url=settings.s3_endpoint_url
        )
        app.state.store = store
        registry = ModelRegistry(store, settings.resolved_model_cache_dir)
        app.state.match = MatchServing(registry, retry_interval_s=settings.model_retry_interval_s)
        app.state.match.load()
        app.state.recommender = RecommenderServing(registry, settings)
        app.state.recommender.load()
        # Each replica follows CURRENT, so every replica converges on the version reloaded.
        poller = ModelPoller(
            (app.state.match, app.state.recommender), settings.model_poll_interval_s
        )
        poller.start()
        # Anonymisation (lgpd/) tells these to forget the person at once.
        app.state.erasure_listeners = (app.state.recommender.forget_candidate,)
        # JOBS_IN_PROCESS: this process also runs jobs (the loop of `talentmatch worker`);
        # otherwise the routes only queue them and worker processes claim them.
        # Under `serve --workers N` one of the N runs the loop (JOB_CONCURRENCY stays the jobs
        # at once of the server); the others queue, and that loop claims within its poll.
        app.state.jobs = None
        jobs: InProcessJobs | None = None
        if settings.runs_jobs_in_process:
            jobs = InProcessJobs(
                lambda: build_worker(store=store, settings=settings, engine=databases.system),
                folder=serve_dir(),
                retry_s=settings.job_poll_interval_s,
                started=lambda worker: setattr(app.state, "jobs", worker),
            )
            jobs.start()
        try:
            yield
        finally:
            poller.stop()
            if jobs is not None:
                jobs.stop()  # running jobs are queued again, for any worker
            databases.dispose()
            forget_process()

    docs = settings.docs_on
    app = TalentMatchAPI(
        settings=settings,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
        title="TalentMatch API",
        version=__version__,
        description=(
            "Recrutamento com match por aprendizado de máquina: candidatos, vagas, prospects "
            "e inferências. Todas as rotas de /api/v1 exigem um token Bearer "
            "(POST /api/v1/usuarios/login)."
        ),
        lifespan=lifespan,
    )
    app.state.read_meter = ReadMeter(settings.detail_reads_per_minute)
    app.state.metrics_registry = application_registry(lambda: served_models(app.state))
    _install_http_middleware(app, settings)
    install_error_handlers(app)
    include_routers(app)
    include_web(app)  # after the error handlers: it wraps them for /app
    return app


def create_worker_app() -> FastAPI:
    """The application of one of `talentmatch serve --workers N`'s processes: `serve` did
    the start-up work before starting them."""
    return create_app(startup=False)
