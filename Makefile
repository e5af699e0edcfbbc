# The two commands of the README's Quick start: `make run` and `make test`.
# Each sets up .venv/ on its own (Python 3.11+ and pip are all it needs).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
QUERY ?= SDGs humanitarian

.PHONY: install run test lint bench bench-extract bench-relevance clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: install
	$(BIN)/colsearch index corpus/ --index index/
	$(BIN)/colsearch query "$(QUERY)" --index index/

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

# Benchmarks print figures; they read ../shared and install their optional comparisons.
bench-extract: install
	$(BIN)/python -m pip install --quiet 'trafilatura>=2,<3' lxml_html_clean
	@command -v w3m >/dev/null || echo "bench-extract: no w3m; the colsearch-w3m column is skipped (apt-get install -y w3m)" >&2
	$(BIN)/python benchmarks/extraction.py $(ARGS)

bench-relevance: install
	$(BIN)/python -m pip install --quiet tantivy
	$(BIN)/python benchmarks/relevance.py

# Speed and memory against straightforward Whoosh, SQLite FTS5, tantivy and ripgrep.
# ARGS="--n 100000" for the archive-scale run (about two hours on two cores).
bench: install
	$(BIN)/python -m pip install --quiet tantivy
	@command -v rg >/dev/null || echo "bench: no rg; the ripgrep row is skipped (apt-get install -y ripgrep)" >&2
	$(BIN)/python benchmarks/performance.py $(ARGS)

clean:
	rm -rf $(VENV) index/columns-* index/_columns-* index/*.sqlite index/CURRENT index/colsearch.lock
