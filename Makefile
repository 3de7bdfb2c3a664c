# The two set-up commands: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
CATALOGUES := $(wildcard drafting/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint bench install install-test install-bench translations extract-messages db-upgrade clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile -i $< -o $@

translations: $(COMPILED)

## Collect the interface's texts into the catalogues (then translate the new ones).
extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		--project=Ohjeverstas -o drafting/translations/messages.pot .
	$(BIN)/pybabel update -i drafting/translations/messages.pot -d drafting/translations --no-fuzzy-matching

db-upgrade: install translations
	$(BIN)/flask --app wsgi db upgrade

## Install, migrate the SQLite database under instance/, load the demo and serve.
run: db-upgrade
	$(BIN)/flask --app wsgi demo load
	@echo ""
	@echo "Ohjeverstas is at http://$(HOST):$(PORT)/  (stop with Ctrl+C)"
	@echo ""
	$(BIN)/flask --app wsgi run --host $(HOST) --port $(PORT)

## Install the test dependencies and run the whole suite
## (SQLite; PostgreSQL too when TEST_DATABASE_URL is set).
test: install-test translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Lint the code (ruff): undefined and unused names, syntax, the order of
## imports; then check the package's types (mypy). Any finding fails.
lint: install-test
	$(BIN)/ruff check drafting tests bench migrations wsgi.py
	$(BIN)/mypy drafting

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

install-bench: $(VENV)/.installed-bench

## The benchmark suite on SQLite and on PostgreSQL (BENCH_DATABASE_URL, a server
## on which a database may be created), and the other benchmarks of bench/.
## Needs wrk and pandoc (apt-get install wrk pandoc). Not part of `make test`.
BENCH_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
bench: install-bench translations
	$(BIN)/python bench/suite.py
	$(BIN)/python bench/suite.py --database-url $(BENCH_DATABASE_URL)
	$(BIN)/python bench/diff_bench.py
	$(BIN)/python bench/comments_bench.py
	$(BIN)/python bench/docx_bench.py
	$(BIN)/python bench/bounds_text.py
	$(BIN)/python bench/bounds_docx.py
	$(BIN)/python bench/association_import.py
	$(BIN)/python bench/evening_load.py --database-url $(BENCH_DATABASE_URL)

clean:
	rm -rf $(VENV) *.egg-info
	find drafting/translations -name '*.mo' -delete
