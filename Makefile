# Two commands set up a fresh clone: `make run` (the service with demo data) and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
DATA_DIR ?= data
PORT ?= 8000

.PHONY: venv run test lint format clean check-image

$(BIN)/.installed: requirements-torch.txt requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-torch.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

venv: $(BIN)/.installed

DEV_ENV := ENV=development DATA_DIR=$(DATA_DIR) \
	FIRST_ADMIN_USERNAME=$${FIRST_ADMIN_USERNAME:-admin} \
	FIRST_ADMIN_PASSWORD=$${FIRST_ADMIN_PASSWORD:-admin-demo-123}

## The service on the embedded default (two SQLite files in $(DATA_DIR)), in development mode,
## with a generated demo data set loaded and a match model trained on first start.
run: venv
	$(DEV_ENV) $(BIN)/talentmatch db upgrade
	$(DEV_ENV) $(BIN)/talentmatch demo
	$(DEV_ENV) $(BIN)/talentmatch train match --if-missing \
		--ground-truth $(DATA_DIR)/demo-files/ground_truth.json
	$(DEV_ENV) $(BIN)/talentmatch train recommender --if-missing --ground-truth $(DATA_DIR)/demo-files/ground_truth.json
	$(DEV_ENV) $(BIN)/talentmatch serve --port $(PORT)

## The whole test suite: once on SQLite files, once on a throwaway PostgreSQL server
## (bin/with-postgres; skipped with a warning where PostgreSQL is not installed, unless
## REQUIRE_POSTGRES=1, as in CI).
test: venv
	PATH="$(BIN):$$PATH" $(BIN)/pytest
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		PATH="$(BIN):$$PATH" bin/with-postgres $(BIN)/pytest -p no:cacheprovider; \
	elif [ "$${REQUIRE_POSTGRES:-0}" = 1 ]; then \
		echo "PostgreSQL is required but not installed (apt-get install -y postgresql)"; exit 1; \
	else \
		echo "WARNING: PostgreSQL not installed; the PostgreSQL pass was skipped."; \
	fi

lint: venv
	$(BIN)/ruff check src tests benchmarks main.py
	$(BIN)/ruff format --check src tests benchmarks main.py
	$(BIN)/mypy src
	$(BIN)/lint-imports

## The production image built with podman from the Dockerfile and started for real in its own
## filesystem (migrations, import, training, serve, worker, HTTP checks): bin/check-image, as root.
check-image: venv
	bin/check-image

format: venv
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
