# Help-centre tasks. Every target creates .venv from requirements.lock on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint lock clean

serve: $(STAMP) ## Build and serve the site on http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: $(STAMP) ## Write the static site to site/ (strict: any warning fails)
	$(BIN)/mkdocs build --strict --clean --site-dir site

test: $(STAMP) ## Run the whole test suite
	$(BIN)/pytest

lint: $(STAMP) ## Lint and format-check the Python code
	$(BIN)/ruff check hooks tests
	$(BIN)/ruff format --check hooks tests

lock: ## Re-pin requirements.lock from requirements.in (needs network)
	$(BIN)/pip install -q uv
	$(BIN)/uv pip compile --python-version 3.11 --generate-hashes requirements.in -o requirements.lock

$(STAMP): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
	touch $(STAMP)

clean:
	rm -rf site .pytest_cache
