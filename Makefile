# The two commands (see README): `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: run test bench setup setup-dev lint format clean

## Set up, load and rate the sample data (once: again only if the files changed), and serve
## the viewer at http://127.0.0.1:8080/ (PORT, PARKSTAR_STORE, PARKSTAR_CONFIG: see README).
run: setup
	$(BIN)/parkstar serve --sample

## Set up (with test tools and Java for the OWL reasoner) and run the whole test suite.
test: setup-dev
	$(BIN)/ruff check parkstar service tests
	$(BIN)/pytest -q

## Measure load and rating at 100, 1,000 and 10,000 parks against the floor and pySHACL.
bench: setup
	$(BIN)/python benchmarks/national.py

ASSETS = service/assets

setup: $(VENV)/.installed $(ASSETS)/node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

## Front-end libraries for the viewer, from the npm registry at set-up time (never at run time).
$(ASSETS)/node_modules/.installed: $(ASSETS)/package.json $(ASSETS)/package-lock.json
	@command -v npm >/dev/null || (apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null)
	npm ci --prefix $(ASSETS) --no-audit --no-fund --loglevel=error
	touch $@

setup-dev: setup $(VENV)/.installed-dev
	@command -v java >/dev/null || (apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null)
	@test -x /usr/bin/chromium && fc-list | grep -qi wqy || \
		(apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null)
	$(BIN)/python tests/w3c/fetch_suite.py

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

lint:
	$(BIN)/ruff check parkstar service tests
	$(BIN)/ruff format --check parkstar service tests

format:
	$(BIN)/ruff format parkstar service tests
	$(BIN)/ruff check --fix parkstar service tests

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache $(ASSETS)/node_modules
