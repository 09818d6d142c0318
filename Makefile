# Scapula's front door. `make run` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
CHROMIUM := /usr/bin/chromium
REDIS_SERVER := /usr/bin/redis-server
RUN_CACHE_URL := file://$(CURDIR)/.cache/django
# make serve: gunicorn's rule for sync workers, 2 x cores + 1: a worker waiting on the database holds no core,
# so a few more workers than cores keep every core busy. WORKERS=n overrides it (e.g. on a small-memory box).
WORKERS ?= $(shell echo $$((2 * $$(nproc) + 1)))
SECRET_KEY_FILE := .secret_key

.PHONY: setup run serve test test-fast test-timing lint format bench scale-out reliability chromium redis clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-installs only when pyproject.toml changes, so a second `make run` is quick.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

setup: $(VENV)/.installed

run: setup
	$(BIN)/python manage.py migrate_locked --noinput
	$(BIN)/python manage.py load_library
	$(BIN)/python manage.py load_templates
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py load_demo_history
	@echo "Scapula is at http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	@# The task worker (imports) runs beside the web server and stops with it, started again if it exits (a
	@# database blip); both share a file cache (the import's progress) unless CACHE_URL says otherwise.
	export CACHE_URL="$${CACHE_URL:-$(RUN_CACHE_URL)}"; \
	$(BIN)/python manage.py run_worker -- --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --no-control-socket --access-logfile -

# Production-like on one machine: debug off, hashed and compressed static files, migrations, gunicorn with
# $(WORKERS) workers and the task worker, one JSON log line per request on stdout. The secret key comes from
# DJANGO_SECRET_KEY, else from $(SECRET_KEY_FILE) (made on first use, never committed; refused when the database
# already has accounts, whom a new key would log out); the database from DATABASE_URL (default: the SQLite
# file). Migrations wait for a database lock, so two hosts deploying at once take turns. It listens on plain HTTP on loopback, so it turns off the three
# things that need HTTPS (secure cookies, the redirect to https, HSTS); behind a TLS proxy use docs/deploy.md.
serve: setup
	@$(BIN)/python manage.py make_secret_key $(SECRET_KEY_FILE)
	@set -e; \
	export DJANGO_DEBUG=0 DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}"; \
	export DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}"; \
	export CACHE_URL="$${CACHE_URL:-$(RUN_CACHE_URL)}"; \
	export DJANGO_SECURE_COOKIES=0 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_HSTS_SECONDS=0; \
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0; \
	$(BIN)/python manage.py migrate_locked --noinput; \
	$(BIN)/python manage.py load_library; \
	$(BIN)/python manage.py load_templates; \
	echo "Scapula (debug off, $(WORKERS) workers) is at http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"; \
	echo "Plain HTTP on loopback: secure cookies, the https redirect and HSTS are off for this run."; \
	$(BIN)/python manage.py run_worker -- --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --no-control-socket

chromium:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Debian's chromium at $(CHROMIUM): run 'sudo apt-get install chromium'." >&2; exit 1; \
	fi

# tests/config/test_cache_outage.py runs a redis-server of its own (killed, stopped, filled).
redis:
	@if [ -x $(REDIS_SERVER) ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's redis-server for the cache outage tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	else \
		echo "The cache outage tests need Debian's redis-server at $(REDIS_SERVER): run 'sudo apt-get install redis-server'." >&2; exit 1; \
	fi

# pytest exits 5 when it collects no tests; make treats any non-zero exit as failure.
# CONN_MAX_AGE=0: the live server's request threads must not keep database connections open,
# or PostgreSQL refuses to drop the test database at the end.
test: setup chromium redis
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_CONN_MAX_AGE=0 $(BIN)/python -m pytest --numprocesses=auto

test-fast: setup redis
	$(BIN)/python -m pytest --numprocesses=auto --ignore=tests/e2e

# Only the tests that compare timings (left out of `make test`: a busy machine can fail them).
test-timing: setup
	$(BIN)/python -m pytest -m timing

# Dead code: vulture over the apps (options in pyproject.toml), with the names the templates read counted as
# used (Django's tags sit on one line each) and vulture_whitelist.py for what Django and Python call by name.
PY_KEYWORDS := False|None|True|and|as|assert|async|await|break|class|continue|def|del|elif|else|except|finally|for|from|global|if|import|in|is|lambda|nonlocal|not|or|pass|raise|return|try|while|with|yield
APPS := accounts config core exercises training_log workouts

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@mkdir -p .cache
	@grep -rhoE '\{[{%][^}]*[}%]\}' templates | grep -oE '[A-Za-z_][A-Za-z0-9_]*' | sort -u \
		| grep -vxE '$(PY_KEYWORDS)' | sed 's/^/_./' > .cache/vulture_templates.py
	$(BIN)/vulture $(APPS) vulture_whitelist.py .cache/vulture_templates.py

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq wrk >/dev/null; } \
		|| { echo "make bench needs wrk: sudo apt-get install wrk" >&2; exit 1; }
	$(BIN)/python bench/run.py
	$(BIN)/python bench/import_history.py

# Two gunicorn instances on two loopback ports sharing one PostgreSQL and one Redis (see bench/scale_out.py).
scale-out: setup
	$(BIN)/python bench/scale_out.py

# Redis killed, hung and full, PostgreSQL's connections killed and the database silent, db_worker killed mid-import
# and a gunicorn worker killed, each while 20 lifters log sets: a table of what each cost (bench/reliability.py,
# docs/deploy.md says how to read it). Needs PostgreSQL on 127.0.0.1:5432 and redis-server; about 3 minutes.
reliability: setup redis
	$(BIN)/python bench/reliability.py

clean:
	rm -rf $(VENV) staticfiles test-results .pytest_cache
