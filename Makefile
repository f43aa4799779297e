# `make run` sets everything up and serves the site; `make test` runs every test.
# Both create the virtualenv on first use, so a fresh clone needs nothing else.

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The first Python >= 3.12 found; pyenv's shim honours .python-version (3.13).
PYTHON ?= $(shell for p in python3 python3.13 python3.12; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && echo $$p && break; \
	done)

.PHONY: run worker test lint format install migrate static check-deploy migrations-check backup clean bench-pages-http load-under-writes

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is required (python3 --version)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

# The background worker (re-links after rule changes, large uploads) runs beside the
# development server and stops with it: Ctrl+C, or the server exiting, ends both.
run: migrate
	$(PY) manage.py load_story
	$(PY) manage.py setup_roles
	@DJANGO_DEBUG=1 $(PY) manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	echo "Background worker started (manage.py db_worker, pid $$worker)"; \
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The worker alone, for a server started some other way (gunicorn in production).
worker: migrate
	$(PY) manage.py db_worker --no-reload

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

static: install
	$(PY) manage.py collectstatic --noinput

# The production configuration must pass Django's deployment checklist.
check-deploy: install
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	DJANGO_ALLOWED_HOSTS=news.example.org $(PY) manage.py check --deploy --fail-level WARNING

# A consistent copy of the whole database, taken while the site runs; put it back
# with `manage.py restore backups/FILE` (see README, "Running it safely").
backup: install
	mkdir -p backups
	$(PY) manage.py backup backups/newsroom-$$(date -u +%Y%m%dT%H%M%SZ).backup

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles test-output

# Reader pages over HTTP (gunicorn, production settings, 10,000 synthetic sources) beside the
# anchors of ../shared/perf/side-by-side.sh, page cache on then off; see README, "Benchmarks".
bench-pages-http: install
	bench/pages-http.sh

# Readers under wrk -c32 while an ingest and an admin upload run: nothing fails, nothing is
# lost (127.0.0.1 only; stops by itself). DATABASE_URL=postgres://... runs it on PostgreSQL.
load-under-writes: install
	$(PY) bench/load-under-writes.py
