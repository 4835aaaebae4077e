# detente — set-up, demo and tests. Needs only Python 3.11+ on the machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DB ?= demo.duckdb

.PHONY: demo test install dev lint typecheck bench bench-store bench-api postgres chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[web]'
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

dev: $(VENV)/.installed-dev

## demo: analyse the bundled examples into $(DEMO_DB) and print what was found
demo: $(VENV)/.installed
	rm -f $(DEMO_DB) $(DEMO_DB).wal
	$(BIN)/detente ingest examples --db $(DEMO_DB) --quiet --date 2022-02-11
	$(BIN)/detente summary --db $(DEMO_DB)
	$(BIN)/detente events --db $(DEMO_DB) --dyad GBR-RUS
	$(BIN)/detente relations GBR RUS --db $(DEMO_DB)
	$(BIN)/detente quotes --db $(DEMO_DB) --article uk_russia
	@echo "dashboard: $(BIN)/detente serve --db $(DEMO_DB)   then open http://127.0.0.1:8000"

## postgres: the PostgreSQL server programs the store tests start on loopback (Debian package)
postgres:
	@if ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1; then \
		echo "installing PostgreSQL (apt-get install postgresql) for the store tests"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; \
	else echo "warning: no pg_ctl and no apt-get: the PostgreSQL store tests will not run" >&2; fi

## chromium: the headless browser the dashboard tests drive through Playwright (Debian package)
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif command -v apt-get >/dev/null 2>&1; then \
		echo "installing Chromium (apt-get install chromium) for the dashboard tests"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	else echo "warning: no /usr/bin/chromium and no apt-get: the dashboard browser tests will not run" >&2; fi

## test: lint, type check, then the whole test suite, including the accuracy gates
test: $(VENV)/.installed-dev postgres chromium
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests
	$(BIN)/mypy

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/throughput.py

## bench-store: store ingest rate and relations latency per engine (1M events), story clustering P/R
bench-store: $(VENV)/.installed-dev postgres
	$(BIN)/python bench/store_ingest.py
	$(BIN)/python bench/store_stories.py

## bench-api: GET /api/events p50/p95 latency under concurrent requests on loopback
bench-api: $(VENV)/.installed-dev
	$(BIN)/python bench/api_bench.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB).wal .pytest_cache build src/*.egg-info
