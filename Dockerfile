# syntax=docker/dockerfile:1
#
# TalentMatch API image: one `talentmatch serve` per container (a worker process per CPU the
# container may use, SERVER_WORKERS to choose), as a non-root user,
# CPU-only torch and the sentence encoder installed from PyPI (no model hub at run time).
#
#   docker build -t talentmatch:local .
#   docker run --rm -p 8000:8000 -e JWT_SECRET=... -e AUTH_DATABASE_URL=... talentmatch:local
#   docker run --rm ... talentmatch:local db upgrade        # migrations, same image
#
# Build arguments:
#   PYTHON_IMAGE     base of both stages; pin it by digest in CI (python:3.11-slim-bookworm@sha256:...)
#   TORCH_VERSION    CPU torch installed before requirements.txt; empty skips it.
#                    A requirements-torch.txt, when present, replaces this line.
#   TORCH_INDEX_URL  index of the CPU wheels (only the torch step uses it)
#                    A torch wheel in a `wheels/` folder of the build context, when present, is
#                    installed first instead (machines without the PyTorch index; bin/check-image).
#   TINI_VERSION     Debian's tini (PID 1: forwards SIGTERM, reaps children)

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---------------------------------------------------------------------------------------------
# builder: a virtualenv in /opt/venv with the pinned dependencies, then the package itself.
# ---------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS builder

ARG TORCH_VERSION=2.13.0
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PYTHONDONTWRITEBYTECODE=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

SHELL ["/bin/bash", "-o", "pipefail", "-c"]

RUN python -m venv /opt/venv

WORKDIR /build

# Dependencies first: this layer is rebuilt only when a requirements file changes.
# Torch comes first from the CPU index, so that requirements.txt (or anything that depends on
# torch, such as the packaged encoder) finds it installed and never pulls the CUDA build from
# PyPI: `torch==X` is satisfied by `X+cpu`.
# `wheels*` copies the contents of an optional wheels/ folder (nothing when it is absent); a torch
# wheel from it is installed first, its dependencies from PyPI, and the pinned step below then
# finds torch already satisfied (or fails on the index if that wheel is not the pinned version).
COPY requirements*.txt wheels* ./
RUN if compgen -G "torch-*.whl" > /dev/null; then \
        pip install torch-*.whl; \
    fi \
 && if [ -f requirements-torch.txt ]; then \
        pip install --index-url "${TORCH_INDEX_URL}" -r requirements-torch.txt; \
    elif [ -n "${TORCH_VERSION}" ]; then \
        pip install --index-url "${TORCH_INDEX_URL}" "torch==${TORCH_VERSION}"; \
    fi \
 && pip install -r requirements.txt \
 && if python -c "import torch" 2>/dev/null; then \
        python -c "import torch, sys; sys.exit(torch.version.cuda is not None)" \
        || { echo "a CUDA build of torch was installed; expected the CPU build" >&2; exit 1; }; \
    fi

# The package, without its dependencies: requirements.txt is the one list of pins, and
# `pip check` fails the build when pyproject.toml names a dependency requirements.txt lacks.
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-deps . \
 && pip check \
 && talentmatch --help > /dev/null

# ---------------------------------------------------------------------------------------------
# runtime: the same base, the virtualenv, tini and an unprivileged user. No compilers, no pip
# cache, no source tree.
# ---------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

ARG TINI_VERSION=0.19.0-1*

LABEL org.opencontainers.image.title="talentmatch" \
      org.opencontainers.image.description="TalentMatch recruiting API (FastAPI)" \
      org.opencontainers.image.licenses="UNLICENSED"

SHELL ["/bin/bash", "-o", "pipefail", "-c"]

RUN apt-get update \
 && apt-get install -y --no-install-recommends "tini=${TINI_VERSION}" \
 && rm -rf /var/lib/apt/lists/*

# A fixed uid/gid so task definitions, volumes and Kubernetes securityContext can name it.
RUN groupadd --system --gid 10001 talentmatch \
 && useradd --system --uid 10001 --gid talentmatch --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin talentmatch \
 && mkdir -p /var/lib/talentmatch \
 && chown talentmatch:talentmatch /var/lib/talentmatch \
 && chmod 1777 /tmp

COPY --from=builder /opt/venv /opt/venv

ENV VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    ENV=production \
    DATA_DIR=/var/lib/talentmatch \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    HF_HOME=/tmp/huggingface \
    XDG_CACHE_HOME=/tmp/.cache

WORKDIR /var/lib/talentmatch

# With a read-only root filesystem these are the only writable paths. Declared as volumes so
# that Docker and ECS (Fargate bind mounts whose containerPath matches a VOLUME) start them from
# the image's directories, which belong to the service user here.
VOLUME ["/tmp", "/var/lib/talentmatch"]

USER 10001:10001

EXPOSE 8000

# Liveness only (the process answers); the load balancer checks readiness on /ready. The start
# period covers `serve`'s own start-up, then its worker processes each importing the code and
# loading the models side by side on the container's CPUs.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status != 200)"]

# tini is PID 1 and forwards SIGTERM to `talentmatch serve`, which passes it to its worker
# processes: each stops accepting connections, lets in-flight requests finish
# (timeout_graceful_shutdown=30, all at once) and runs the application's shutdown. Give the
# orchestrator a longer stop timeout (60 s) than that.
STOPSIGNAL SIGTERM
ENTRYPOINT ["tini", "--", "talentmatch"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
