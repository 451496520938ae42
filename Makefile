# The two commands: `make demo` and `make test`. Everything else here serves them.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The one public address every absolute link is built on (feeds, calendar buttons, e-mails: cms.links): in the
# demo, the address it serves.
BASE_URL ?= http://$(HOST):$(PORT)
DEMO_ENV = DEBUG=1 BASE_URL=$(BASE_URL)

.PHONY: demo test install lint unit cuts messages browser serve migrate seed bench clean calendar-clients

$(INSTALLED): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Roundtable needs Python 3.11 or newer on the PATH."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(INSTALLED)

## make demo: install, migrate, seed the demo covenant and serve it (HTTP + WebSockets) on http://$(HOST):$(PORT)
## (no proxy in front: --no-proxy-headers, so no client can choose its address with X-Forwarded-For)
demo: migrate seed serve

migrate: $(INSTALLED)
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput

seed: $(INSTALLED)
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo

serve: $(INSTALLED)
	$(DEMO_ENV) $(BIN)/uvicorn config.asgi:application --host $(HOST) --port $(PORT) --ws websockets-sansio \
		--ws-max-size 16384 --no-proxy-headers

## make test: lint, unit and integration tests, the cuts of the suite, then the real-browser tests (each in its
## own pytest run)
test: lint unit cuts browser

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py check

## Mozilla's ical.js (Thunderbird's parser) on the machine's Node.js, exactly as the lock file says: the calendar
## tests read every feed with it (tests/events/test_ical_clients.py) and fail without it.
CLIENTS := tests/calendar_clients
$(CLIENTS)/node_modules/.installed: $(CLIENTS)/package.json $(CLIENTS)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "The calendar tests need Node.js and npm (apt-get install nodejs npm)."; exit 1; }
	cd $(CLIENTS) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

calendar-clients: $(CLIENTS)/node_modules/.installed

## make unit: every test but the browser's, in UNIT_WORKERS processes (pytest-xdist; each has its own test
## database and, with REDIS_URL, its own Redis database: tests/settings.py)
UNIT_WORKERS ?= 2
unit: $(INSTALLED) calendar-clients
	$(BIN)/pytest -m "not browser" -q --numprocesses $(UNIT_WORKERS)

## make cuts: install the host site with each cut of the suite listed in .ci/cuts (cms; + working_groups; …) on
## a fresh SQLite database: check, makemigrations --check, migrate from zero, seed, crawl, the cut's own tests.
## CUTS="cms cms,working_groups" runs only those.
cuts: $(INSTALLED)
	$(BIN)/python -m tests.cuts.run $(CUTS)

## make messages: regenerate every app's Dutch catalogue (<app>/locale) and the site's (locale/), filled from all
## the catalogues in the repository, checked and compiled (bin/messages)
messages: $(INSTALLED)
	bin/messages

browser: $(INSTALLED)
	$(BIN)/pytest -m browser -q tests/browser

bench: $(INSTALLED)
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache $(CLIENTS)/node_modules
