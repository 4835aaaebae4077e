# detente — set-up, demo and tests. Needs only Python 3.11+ on the machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DB ?= demo.duckdb

.PHONY: demo test install dev lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

dev: $(VENV)/.installed-dev

## demo: analyse the bundled examples into $(DEMO_DB) and print what was found
demo: $(VENV)/.installed
	rm -f $(DEMO_DB) $(DEMO_DB).wal
	$(BIN)/detente ingest examples --db $(DEMO_DB) --quiet
	$(BIN)/detente summary --db $(DEMO_DB)
	$(BIN)/detente events --db $(DEMO_DB) --dyad GBR-RUS
	$(BIN)/detente quotes --db $(DEMO_DB) --article uk_russia

## test: lint, type check, then the whole test suite, including the accuracy gates
test: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests
	$(BIN)/mypy

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB).wal .pytest_cache build src/*.egg-info
