# This repository's tasks: each is one call of the `helpcentre` command. Every target creates
# .venv from requirements.lock on first use and installs the helpcentre package (editable).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint lock clean published-urls check-urls
.PHONY: check impact impact-changed new-article translation-done bench bench-serve screenshots health reviewed

# The preview rebuilds only the pages whose Markdown changed (a change to the data file
# rebuilds every page); `make serve SERVE_FLAGS=--full` rebuilds everything on each edit.
# The feedback collector runs beside it (port 8001, var/ is git-ignored) and stops with it.
SERVE_FLAGS ?=
serve: $(STAMP) ## Build and serve the site on http://127.0.0.1:8000 with live reload
	$(BIN)/helpcentre serve $(SERVE_FLAGS)

# One process per language (at most one per core), then the site-wide files once; `mkdocs
# build --strict` writes the same site in one process.
build: $(STAMP) ## Write the static site to site/ (strict: any warning fails)
	$(BIN)/helpcentre build --site-dir site

test: $(STAMP) $(NODE_STAMP) lint ## Run the whole test suite (after the lint)
	$(BIN)/pytest

lint: $(STAMP) ## Lint and format-check the Python code
	$(BIN)/ruff check -q src hooks tests bench
	$(BIN)/ruff format -q --check src hooks tests bench

lock: ## Re-pin requirements.lock from requirements.in (needs network)
	$(BIN)/pip install -q uv
	$(BIN)/uv pip compile --python-version 3.11 --generate-hashes requirements.in -o requirements.lock

# The package is installed editable, without build isolation: its build backend
# (setuptools) comes pinned from the lock file like everything else.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $(NODE_STAMP)

published-urls: build ## Record the built site's URLs (site/sitemap.xml) in published-urls.txt
	$(BIN)/helpcentre published-urls write

check-urls: build ## Fail when a URL of published-urls.txt now returns nothing
	$(BIN)/helpcentre published-urls check

# Editor checks (README, "Checking your changes"). CHECK_FLAGS=--external also tries
# links to other sites (needs internet).
check: $(STAMP) ## Run every editor check on the whole site: one line per problem
	$(BIN)/helpcentre check $(CHECK_FLAGS)

impact: $(STAMP) ## List the articles quoting a policy key: make impact KEY=cancellation.notice_period
	$(BIN)/helpcentre impact $(KEY)

impact-changed: $(STAMP) ## List the articles quoting the policy keys changed since BASE (git)
	$(BIN)/helpcentre impact --changed $(if $(BASE),--base $(BASE))

new-article: $(STAMP) ## Create an article and its pending translations: make new-article ARTICLE=facturation/x
	$(BIN)/helpcentre new-article $(ARTICLE) $(if $(TITLE),--title "$(TITLE)")

translation-done: $(STAMP) ## Record that a translation matches its source: make translation-done FILE=docs/en/x/y.md
	$(BIN)/helpcentre translation-done $(FILE)

# README, "Keeping content healthy". HELPCENTRE_COLLECTOR_DB adds what readers said.
health: $(STAMP) ## Write health.html and health.json: what to fix this week (HEALTH_FLAGS=...)
	$(BIN)/helpcentre health --html health.html --json health.json $(HEALTH_FLAGS)

reviewed: $(STAMP) ## Record today's review of an article: make reviewed FILE=docs/fr/x/y.md
	$(BIN)/helpcentre reviewed $(FILE)

# Every figure of BENCHMARKS.md's build and preview tables: ours and stock taking turns,
# 3 runs each, a profile at 1000/lang; 1000 and 2000/lang in turn for the growth; then the
# preview as `make serve` runs it.
bench: $(STAMP) ## Benchmark build speed, memory and page weight against stock Material, then the preview (slow: ~50 min)
	$(BIN)/python -m bench.build_bench --sizes 100 500 1000 2000 --configs ours ours-1proc stock --runs 3 --profile 1000
	$(BIN)/python -m bench.growth_bench --sizes 1000 2000 --runs 3
	$(BIN)/python -m bench.serve_bench --size 500 --edits 20 --mode dirty

bench-serve: $(STAMP) ## Time from saving an article to seeing it in `mkdocs serve` (500/lang)
	$(BIN)/python -m bench.serve_bench --size 500 --edits 20 --mode dirty
	$(BIN)/python -m bench.serve_bench --size 500 --edits 10 --mode livereload

screenshots: $(STAMP) ## PNGs of every page type x language x scheme x width in screenshots/
	$(BIN)/python -m bench.screenshots --out screenshots

clean:
	rm -rf site .pytest_cache
