# Mentorpath — every command installs what it needs first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.8
UV := $(or $(shell command -v uv 2>/dev/null),.tools/bin/uv)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
VENV_BIN := .venv/bin
MANAGE := $(VENV_BIN)/python manage.py

PG_URL ?= postgres://postgres@127.0.0.1:5432/mentorpath
CHROMIUM ?= /usr/bin/chromium
PYTEST_ARGS ?=
OIDC_PROVIDER := tests/sso/provider

.PHONY: help install demo test test-sqlite test-postgres browser oidc-provider postgres lint bench serve worker clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV_BIN)/python: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

install: $(VENV_BIN)/python  ## install Python and its packages into .venv (uv, from uv.lock)

demo: install  ## seed a demo organization on SQLite and serve it on http://127.0.0.1:8000
	DEBUG=true $(MANAGE) migrate --no-input -v0
	DEBUG=true $(MANAGE) seed_demo --people 500 --seed 1 --if-empty
	DEBUG=true $(MANAGE) runserver 127.0.0.1:8000

browser:  ## install Debian's Chromium for the browser journeys (when root and absent)
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing at $(CHROMIUM) and this is not root: browser tests will fail." >&2; fi; \
	fi

# npm ci writes node_modules/.package-lock.json: the stamp that the provider is installed.
$(OIDC_PROVIDER)/node_modules/.package-lock.json: $(OIDC_PROVIDER)/package.json $(OIDC_PROVIDER)/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20+ with npm is needed for the SSO tests' OpenID Connect provider (tests/sso/provider): install it, then run make again." >&2; exit 1; }
	cd $(OIDC_PROVIDER) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

oidc-provider: $(OIDC_PROVIDER)/node_modules/.package-lock.json  ## install the OpenID Connect provider the SSO tests log in through (npm)

postgres:  ## create the project's PostgreSQL database when missing
	@$(VENV_BIN)/python -c "import psycopg,sys; u='$(PG_URL)'; base=u.rsplit('/',1)[0]; name=u.rsplit('/',1)[1]; \
	c=psycopg.connect(base+'/postgres', autocommit=True); \
	exists=c.execute('select 1 from pg_database where datname=%s',(name,)).fetchone(); \
	exists or c.execute('create database \"%s\"' % name)"

test: install browser oidc-provider postgres  ## run the whole suite on SQLite, then on PostgreSQL
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: install oidc-provider
	$(VENV_BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-postgres: install oidc-provider postgres
	DATABASE_URL=$(PG_URL) $(VENV_BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: install  ## ruff (format check + lint) and mypy
	$(VENV_BIN)/ruff format --check .
	$(VENV_BIN)/ruff check .
	$(VENV_BIN)/mypy

bench: install  ## run the benchmarks (the database ones on SQLite, then PostgreSQL)
	@set -e; for b in bench/bench_*.py; do \
	  if grep -q '^DATABASE_FREE = True' "$$b"; then \
	    echo "== $$b"; $(VENV_BIN)/python "$$b"; \
	  elif grep -q '^POSTGRES_ONLY = True' "$$b"; then \
	    echo "== $$b (PostgreSQL)"; BENCH_DATABASE_URL=$(PG_URL)_bench_dash $(VENV_BIN)/python "$$b"; \
	  else \
	    echo "== $$b (SQLite)"; $(VENV_BIN)/python "$$b"; \
	    echo "== $$b (PostgreSQL)"; BENCH_DATABASE_URL=$(PG_URL)_bench $(VENV_BIN)/python "$$b"; \
	  fi; \
	done

serve: install  ## production-style: gunicorn on PostgreSQL (DATABASE_URL) with static files by WhiteNoise
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(MANAGE) migrate --no-input
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(MANAGE) collectstatic --no-input -v0
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(VENV_BIN)/gunicorn config.wsgi:application \
	  --bind $${BIND:-127.0.0.1:8000} --workers $${WEB_CONCURRENCY:-2} \
	  --worker-class gthread --threads $${GUNICORN_THREADS:-4} --timeout $${GUNICORN_TIMEOUT:-120} \
	  --access-logfile -

worker: install  ## Celery worker with beat on Redis (REDIS_URL)
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} $(VENV_BIN)/celery -A config worker --beat \
	  --schedule var/celerybeat-schedule --concurrency $${CELERY_CONCURRENCY:-2} --loglevel INFO

clean:  ## remove the virtualenv, the demo database and caches
	rm -rf .venv .tools var .pytest_cache .ruff_cache .mypy_cache
