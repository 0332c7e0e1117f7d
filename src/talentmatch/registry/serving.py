"""A model kind in service on one replica, following the registry's CURRENT.

Every replica (ECS task, process) holds its own copy of each model. They converge on one
version through the registry: a reload verifies and loads the version first and moves
CURRENT only when that worked; each replica polls CURRENT (`ModelPoller`) and swaps to the
version it names once that version is verified (sha256 of every file) and loaded. A version
that cannot be loaded is never served: the previous one stays, the failure is kept for
/ready and /metrics, and that version is tried again at most every `retry_interval_s`.

Requests read the model reference without a lock; a swap replaces it whole (one attribute
assignment). `_lock` only serialises the swaps (poll, reload, and what subclasses change).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from typing import ClassVar, Generic, Protocol, TypeVar

from talentmatch.core.errors import DomainError
from talentmatch.registry.errors import VersionNotServable
from talentmatch.registry.registry import ModelRegistry

logger = logging.getLogger(__name__)

T = TypeVar("T")


class VersionServing(Generic[T]):
    """What one replica serves of one kind; subclasses say how a version is loaded and held."""

    kind: ClassVar[str]

    def __init__(self, registry: ModelRegistry, *, retry_interval_s: float = 30) -> None:
        self.registry = registry
        self.retry_interval_s = retry_interval_s
        self.load_error: str | None = None  # the last failure to follow CURRENT
        self.failed_version: str | None = None  # the version that failed (None: CURRENT unread)
        self.load_seconds: float | None = None
        self.load_attempted_at: float | None = None  # time.monotonic() of the last attempt
        self._lock = threading.Lock()

    # --- what a subclass provides ---------------------------------------------------------
    def _load_version(self, version: str) -> T:
        """`version` verified and ready to serve; raises when it cannot be."""
        raise NotImplementedError

    def _serve(self, loaded: T | None) -> None:
        """Replace the served object (one reference assignment); called under `_lock`."""
        raise NotImplementedError

    def served_version(self) -> str | None:
        """The version this replica serves (None before one is loaded)."""
        raise NotImplementedError

    # --- following CURRENT ----------------------------------------------------------------
    def load(self) -> None:
        """Serve the registry's CURRENT now (start-up); a failure is kept, not raised."""
        with self._lock:
            self._follow(throttle=False)

    def poll(self, *, throttle: bool = True) -> None:
        """Swap to CURRENT when it moved; skipped while another swap is under way, and a
        version that failed is tried again only after `retry_interval_s` (unless not
        `throttle`). Never raises: a failure is kept for /ready."""
        if not self._lock.acquire(blocking=False):
            return
        try:
            self._follow(throttle=throttle)
        finally:
            self._lock.release()

    def _follow(self, *, throttle: bool) -> None:
        now = time.monotonic()
        try:
            current = self.registry.current_version(self.kind)
        except Exception as exc:  # store unreachable, or a pointer that names no version
            self._record_failure(None, exc, now)
            return
        if current is None or current == self.served_version():
            # Nothing published (whatever serves keeps serving), or already in service.
            self.load_error = self.failed_version = None
            return
        if (
            throttle
            and current == self.failed_version
            and self.load_attempted_at is not None
            and now - self.load_attempted_at < self.retry_interval_s
        ):
            return
        started = time.perf_counter()
        try:
            loaded = self._load_version(current)
        except Exception as exc:  # a damaged version must not stop the replica serving
            self._record_failure(current, exc, now)
            return
        self._swap(loaded, started, now)
        logger.info(
            "%s model %s in service (loaded in %.2f s)", self.kind, current, self.load_seconds
        )

    def _record_failure(self, version: str | None, exc: Exception, now: float) -> None:
        if (version, str(exc)) != (self.failed_version, self.load_error):
            logger.error(
                "could not load the %s model %s; still serving %s",
                self.kind,
                version or "(CURRENT unreadable)",
                self.served_version(),
                exc_info=exc,
            )
        self.load_error, self.failed_version, self.load_attempted_at = str(exc), version, now

    def _swap(self, loaded: T, started: float, now: float) -> None:
        self._serve(loaded)
        self.load_seconds = time.perf_counter() - started
        self.load_error = self.failed_version = None
        self.load_attempted_at = now

    # --- reload (promotion, rollback) ------------------------------------------------------
    def reload(self, version: str | None = None) -> str | None:
        """Serve `version` (or CURRENT) and make it CURRENT, only once it loaded; the version
        in service after the call. A version that cannot be loaded raises VersionNotServable
        (409) and changes neither CURRENT nor what this replica serves."""
        with self._lock:
            current = self.registry.current_version(self.kind)
            target = version if version is not None else current
            if target is None:
                return self.served_version()
            self.registry.manifest(self.kind, target)  # 404 for a version never published
            if target != self.served_version():
                now = time.monotonic()
                started = time.perf_counter()
                try:
                    loaded = self._load_version(target)
                except Exception as exc:
                    if target == current:
                        self._record_failure(target, exc, now)
                    reason = exc.message if isinstance(exc, DomainError) else type(exc).__name__
                    raise VersionNotServable(
                        f"A versão {target} de {self.kind} não pôde ser carregada ({reason}); "
                        "o CURRENT e o modelo em serviço não mudaram."
                    ) from exc
                if target != current:
                    self.registry.set_current(self.kind, target)
                self._swap(loaded, started, now)
            else:
                if target != current:
                    self.registry.set_current(self.kind, target)
                self.load_error = self.failed_version = None  # CURRENT is what serves
            return self.served_version()


class Pollable(Protocol):
    def poll(self) -> None: ...


class ModelPoller:
    """A background thread that makes each serving follow CURRENT every `interval_s`."""

    def __init__(self, servings: Iterable[Pollable], interval_s: float) -> None:
        self.servings = tuple(servings)
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start polling (nothing when the interval is 0: polling disabled)."""
        if self.interval_s <= 0 or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="model-poller", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            for serving in self.servings:
                try:
                    serving.poll()
                except Exception:  # the poller outlives any one failure
                    logger.exception("model poll failed")

    def stop(self, timeout_s: float = 10) -> None:
        """Stop polling; waits a little for a load under way."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None
