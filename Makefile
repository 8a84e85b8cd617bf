# The README's commands. `make demo` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY_DIRS := $(wildcard src tests scripts benchmarks)

.PHONY: demo test lint typecheck install dev clean messages

$(BIN)/handover: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

install: $(BIN)/handover

demo: install
	$(BIN)/handover brief 김민수 --dir profiles

$(VENV)/.test-deps: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e . --group dev
	@touch $@

dev: $(VENV)/.test-deps

lint: dev
	$(BIN)/ruff check $(PY_DIRS)
	$(BIN)/ruff format --check $(PY_DIRS)

typecheck: dev
	$(BIN)/mypy --strict src
	$(BIN)/lint-imports

test: lint typecheck
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# The Korean catalogue: extract every message from the code, merge it into the .po (translate
# the new entries there), compile the .mo that ships in the wheel. tests/test_i18n.py checks
# that the .mo matches the .po and that no message is left untranslated.
LOCALE := src/handover/locale
BABEL_KEYWORDS := -k _ -k ngettext:1,2 -k N_

messages: dev
	PYTHONPATH=scripts $(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --no-wrap \
		$(BABEL_KEYWORDS) -o $(LOCALE)/handover.pot src
	$(BIN)/pybabel update --no-wrap --no-fuzzy-matching --ignore-obsolete -i $(LOCALE)/handover.pot -d $(LOCALE) -D handover -l ko
	$(BIN)/pybabel compile -d $(LOCALE) -D handover
	rm $(LOCALE)/handover.pot
