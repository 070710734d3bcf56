# Help-centre tasks. Every target creates .venv from requirements.lock on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint lock clean published-urls check-urls

# The feedback collector runs beside the preview (port 8001, var/ is git-ignored); every
# rebuild refreshes the manifest copy it reads, and it stops when the preview stops.
serve: $(STAMP) ## Build and serve the site on http://127.0.0.1:8000 with live reload
	@mkdir -p var
	$(BIN)/python -m collector serve --db var/feedback.sqlite3 \
	  --manifest var/feedback-manifest.json --port 8001 \
	  --origin http://127.0.0.1:8000 --origin http://localhost:8000 & collector=$$!; \
	trap 'kill $$collector 2>/dev/null' EXIT; trap 'exit 0' INT TERM; \
	HELPCENTRE_FEEDBACK_MANIFEST=var/feedback-manifest.json \
	  $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: $(STAMP) ## Write the static site to site/ (strict: any warning fails)
	$(BIN)/mkdocs build --strict --clean --site-dir site

test: $(STAMP) $(NODE_STAMP) ## Run the whole test suite
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

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $(NODE_STAMP)

published-urls: build ## Record the built site's URLs (site/sitemap.xml) in published-urls.txt
	$(BIN)/python hooks/published_urls.py write site published-urls.txt

check-urls: build ## Fail when a URL of published-urls.txt now returns nothing
	$(BIN)/python hooks/published_urls.py check site published-urls.txt

clean:
	rm -rf site .pytest_cache
