# The whole set-up lives here: `make serve` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LOCK   := requirements/lock.txt
# Marker files: each step reruns only when what it installs from changes.
PY_OK   := $(VENV)/.installed
BENCH_OK := $(VENV)/.installed-bench
NODE_OK := node_modules/.installed
CHROMIUM := /usr/bin/chromium
# Byte-identical sites: the dates MkDocs writes come from the last commit.
COMMIT_TIME := $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(COMMIT_TIME),)
export SOURCE_DATE_EPOCH ?= $(COMMIT_TIME)
endif
# Material prints an end-of-life banner on every build; we pin it knowingly.
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve site offline test test-fast bench bench-cpus lint format chromium clean lesson check pdf

setup: $(PY_OK) $(NODE_OK)

$(PY_OK): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e ".[dev]"
	touch $@

$(BENCH_OK): $(PY_OK)
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e ".[dev,bench]"
	touch $@

$(NODE_OK): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's chromium drives the browser tests and prints the PDFs; poppler's
# pdftotext reads them back in the tests.
chromium:
	@{ test -x $(CHROMIUM) && command -v pdftotext >/dev/null; } || { \
	  apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	  chromium fonts-dejavu-core poppler-utils; }

serve: setup
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

site: setup
	$(BIN)/mkdocs build --strict

# The offline edition: a zip of the site that works opened from disk (file://).
OFFLINE := build/offline
offline: setup
	rm -rf $(OFFLINE)/site
	LL_OFFLINE=true $(BIN)/mkdocs build --strict --quiet -d $(OFFLINE)/site
	$(BIN)/python scripts/zip_site.py $(OFFLINE)/site $(OFFLINE)/loss-landscapes-offline.zip

lint: $(PY_OK)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(PY_OK)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# PDF handouts printed by chromium from the built site: build/pdf/<lesson>.pdf
# and build/pdf/course.pdf.
pdf: site chromium
	PYTHONPATH=lesson_src $(BIN)/python -m lessonkit.pdf --site site --docs docs --out build/pdf

# What to look at that does not stop the build: glossary terms whose first use
# on a page is not linked, bibliography entries no page cites.
check: $(PY_OK)
	PYTHONPATH=lesson_src $(BIN)/python -m lessonkit.check --docs docs

# Everything: the quick tests on every core (pytest-xdist), then the slow ones
# (whole-course and site builds, the browser) in one process: they share one
# site build per session.
test: setup chromium lint
	$(BIN)/python -m pytest -m "not slow" -n auto
	$(BIN)/python -m pytest -m slow

# The inner loop: no whole-course builds, no browser.
test-fast: setup
	$(BIN)/python -m pytest -m "not slow" -n auto

# A new lesson page from the scaffold, added to the nav: make lesson TITLE="Saddle points"
lesson: $(PY_OK)
	@test -n "$(TITLE)" || { echo 'usage: make lesson TITLE="Saddle points"' >&2; exit 2; }
	$(BIN)/python scripts/new_lesson.py "$(TITLE)"

bench: setup $(BENCH_OK)
	$(BIN)/python scripts/bench.py

# The core's course slice under older vector ISAs (NumPy, OpenBLAS, PyTorch).
bench-cpus: setup $(BENCH_OK)
	$(BIN)/python scripts/emulate_cpus.py

clean:
	rm -rf build site
