# thrivekit: `make demo` serves the demo site; `make test` runs everything.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# Pure-Python core packages: tested once, not again against PostgreSQL.
CORE := src/thrivekit/instruments src/thrivekit/consensus src/thrivekit/scoring \
        src/thrivekit/disclosure src/thrivekit/activity src/thrivekit/modelling \
        src/thrivekit/charts src/thrivekit/redaction src/thrivekit/exports src/thrivekit/pathways \
        src/thrivekit/inputs src/thrivekit/feedback src/thrivekit/reporting

.PHONY: demo test lint check test-sqlite test-postgres test-browser bench loadtest install install-dev vendor clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'

demo: install
	$(BIN)/thrivekit demo

test: install-dev lint check test-sqlite test-postgres test-browser

lint:
	$(BIN)/ruff check src tests scripts conftest.py
	$(BIN)/ruff format --check src tests scripts conftest.py
	$(BIN)/djlint src --lint

# Production settings must pass Django's deployment checks.
check: export THRIVEKIT_HOME := $(shell mktemp -d)
check:
	$(BIN)/thrivekit manage makemigrations --check --dry-run
	THRIVEKIT_ENV=production SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  ALLOWED_HOSTS=thrivekit.example.org \
	  $(BIN)/thrivekit manage check --deploy --fail-level WARNING

test-sqlite: export THRIVEKIT_HOME := $(shell mktemp -d)
test-sqlite:
	$(BIN)/pytest -m "not system" -q

test-postgres: export THRIVEKIT_HOME := $(shell mktemp -d)
test-postgres:
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not system" -q $(addprefix --ignore=,$(CORE))

test-browser: export THRIVEKIT_HOME := $(shell mktemp -d)
test-browser:
	$(BIN)/pytest -m system -q tests/system

# Speed targets, measured on this machine; results go to docs/benchmarks.md.
bench: install-dev
	$(BIN)/python scripts/bench_modelling.py --runs 3
	$(BIN)/python scripts/bench_activity.py

# 300 phones answer one workshop against gunicorn on SQLite and PostgreSQL; fails on a miss.
loadtest: install-dev
	$(BIN)/python scripts/loadtest.py --participants 300 --databases sqlite,postgres

# Maintainers: refresh the vendored nhsuk-frontend and HTMX files (needs Node and npm).
vendor:
	$(BIN)/python scripts/vendor_frontend.py

clean:
	rm -rf $(VENV) build dist *.egg-info
