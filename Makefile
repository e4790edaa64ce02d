# Two commands: `make site` builds site/ from data/; `make test` runs every check.
# Both set up what they need on a fresh Debian machine with Python 3.11.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test check diff schema serve lint chromium browser bench bench-engines clean

ENGINE ?= mkdocs
site: $(STAMP) chromium  ## Build site/ from data/ (aside, then swapped in: a failed build keeps the old site); ENGINE=zensical to build with Zensical
	$(BIN)/python -m generator site --engine $(ENGINE)

test: $(STAMP) browser lint  ## Install everything, then run linters, type checker and tests
	$(BIN)/pytest

FORMAT ?= text
check: $(STAMP)  ## Validate data/ and report every problem (FORMAT=github: as annotations)
	$(BIN)/python -m generator check --format $(FORMAT)

BASE ?= origin/main
diff: $(STAMP)  ## Say in words how the published site changes since BASE (a git ref)
	@$(BIN)/python -m generator diff "$(BASE)"

schema: $(STAMP)  ## Regenerate schema/ (the editors' JSON Schema) from the models
	$(BIN)/python -m generator schema

serve: $(STAMP)  ## Preview the site; one quick rebuild per save to data/ or content/
	$(BIN)/mkdocs serve --dirty

# Scale figures for synthetic data sets of these sizes (see "Scale" in README.md).
SIZES ?= 300 1000 3000
bench: $(STAMP) browser  ## Measure generation, build, page and search sizes at scale (a table)
	$(BIN)/python -m generator.bench $(SIZES)

bench-engines: $(STAMP)  ## Only MkDocs and Zensical side by side: build time, memory, pages
	$(BIN)/python -m generator.bench --engines $(SIZES)

lint: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/mypy
	$(BIN)/actionlint .github/workflows/*.yml

# Debian's Chromium, driven by Playwright: it prints the PDF twins and runs the browser
# tests; never a browser downloaded by a test tool.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium (it prints the PDFs and runs the browser tests)"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-liberation >/dev/null; }

# The form editor's local backend (decap-server, pinned in cms/package-lock.json), for trying
# the form editor without GitHub and for its browser test: Node.js from Debian if missing.
CMS_TOOLS := cms/node_modules/.package-lock.json
$(CMS_TOOLS): cms/package.json cms/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Node.js and npm (the form editor's local backend)"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }
	npm ci --prefix cms --no-audit --no-fund --loglevel=error
	@touch $@

browser: chromium $(CMS_TOOLS)
	@command -v java >/dev/null 2>&1 || { \
	  echo "Installing Java for the HTML validator (vnu.jar)"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq default-jre-headless >/dev/null; }

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { \
	  echo "Installing python3-venv"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-venv >/dev/null; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) site content/learning .cache cms/node_modules
