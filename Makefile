# Help-centre tasks. Every target creates .venv from requirements.lock on first use and
# installs the helpcentre package (src/helpcentre, checks, collector, bench) into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint lock clean published-urls check-urls
.PHONY: check impact impact-changed new-article translation-done bench bench-serve screenshots

# The preview rebuilds only the pages whose Markdown changed (a change to the data file
# rebuilds every page); `make serve SERVE_FLAGS=` rebuilds everything on each edit instead.
# Dirty rebuilds are not strict (MkDocs warns about them): `make build` and `make check` are.
SERVE_FLAGS ?= --dirty --no-strict

# The feedback collector runs beside the preview (port 8001, var/ is git-ignored); every
# rebuild refreshes the manifest copy it reads, and it stops when the preview stops.
serve: $(STAMP) ## Build and serve the site on http://127.0.0.1:8000 with live reload
	@mkdir -p var
	@$(BIN)/python -m helpcentre.collector serve --db var/feedback.sqlite3 \
	  --manifest var/feedback-manifest.json --port 8001 \
	  --origin http://127.0.0.1:8000 --origin http://localhost:8000 & collector=$$!; \
	trap 'kill $$collector 2>/dev/null' EXIT; trap 'exit 0' INT TERM; \
	HELPCENTRE_FEEDBACK_MANIFEST=var/feedback-manifest.json \
	  $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload $(SERVE_FLAGS)

# One process per language (at most one per core), then the site-wide files once; `mkdocs
# build --strict` writes the same site in one process.
build: $(STAMP) ## Write the static site to site/ (strict: any warning fails)
	$(BIN)/python -m helpcentre build --site-dir site

test: $(STAMP) $(NODE_STAMP) lint ## Run the whole test suite (after the lint)
	$(BIN)/pytest

lint: $(STAMP) ## Lint and format-check the Python code
	$(BIN)/ruff check -q src hooks tests checks collector bench
	$(BIN)/ruff format -q --check src hooks tests checks collector bench

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
	$(BIN)/python -m helpcentre.published_urls write site published-urls.txt

check-urls: build ## Fail when a URL of published-urls.txt now returns nothing
	$(BIN)/python -m helpcentre.published_urls check site published-urls.txt

# Editor checks (README, "Checking your changes"). CHECK_FLAGS=--external also tries
# links to other sites (needs internet).
check: $(STAMP) ## Run every editor check on the whole site: one line per problem
	$(BIN)/python -m helpcentre.checks check $(CHECK_FLAGS)

impact: $(STAMP) ## List the articles quoting a policy key: make impact KEY=cancellation.notice_period
	@test -n "$(KEY)" || { echo "usage: make impact KEY=group.key"; exit 2; }
	$(BIN)/python -m helpcentre.checks impact $(KEY)

impact-changed: $(STAMP) ## List the articles quoting the policy keys changed since BASE (git)
	$(BIN)/python -m helpcentre.checks impact --changed $(if $(BASE),--base $(BASE))

new-article: $(STAMP) ## Create an article and its pending translations: make new-article ARTICLE=facturation/x
	@test -n "$(ARTICLE)" || { echo "usage: make new-article ARTICLE=collection/slug [TITLE='...']"; exit 2; }
	$(BIN)/python -m helpcentre.checks new-article $(ARTICLE) $(if $(TITLE),--title "$(TITLE)")

translation-done: $(STAMP) ## Record that a translation matches its source: make translation-done FILE=docs/en/x/y.md
	@test -n "$(FILE)" || { echo "usage: make translation-done FILE=docs/en/collection/slug.md"; exit 2; }
	$(BIN)/python -m helpcentre.checks translation-done $(FILE)

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
