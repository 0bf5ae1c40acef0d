# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432
PYTEST_ARGS ?=

.PHONY: install run test test-postgres ci lint format check-all

# One environment for both commands: the runtime set (requirements.txt) plus tests and lint
# (requirements-dev.txt). `run` uses the development settings, which install the demo app;
# a production server installs requirements.txt only.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

## Set up, migrate, seed the demo content and serve on http://$(HOST):$(PORT)/
run: install
	mkdir -p data
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --port $(PORT)
	$(PY) manage.py runserver $(HOST):$(PORT)

## Static checks and the whole test suite (SQLite unless DATABASE_URL is set)
test: install lint
	mkdir -p data
	$(PY) manage.py check
	DJANGO_SETTINGS_MODULE=site_kb.settings.production SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		ALLOWED_HOSTS=pgd.example.edu.vn WAGTAILADMIN_BASE_URL=https://pgd.example.edu.vn \
		$(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

## The whole suite on PostgreSQL, in a throwaway database
test-postgres: install
	@db=site_kb_test_$$$$; \
	createdb -h 127.0.0.1 -U postgres $$db && \
	trap "dropdb -h 127.0.0.1 -U postgres --if-exists $$db" EXIT; \
	DATABASE_URL=$(PG_URL)/$$db $(PY) -m pytest $(PYTEST_ARGS)

## What CI runs: everything on SQLite, then the suite on PostgreSQL
ci: test test-postgres

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
