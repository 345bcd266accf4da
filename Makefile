# Two commands for everyone: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
VENV  := .venv
BIN   := $(VENV)/bin
OUT   ?= out
DEMO  ?= examples/tx-labor-adult.case.yml
# The official USCIS PDFs are not in the repository: use the team's offline copies when they sit beside the
# checkout, else the per-user forms folder that `survivorrelief forms fetch` fills.
SHARED_FORMS := $(wildcard ../shared/forms/uscis/i-914.pdf)
DEMO_ENV := $(if $(SHARED_FORMS),SURVIVORRELIEF_FORMS_DIR=$(abspath ../shared/forms/uscis),)

# A Python >= 3.12 (what docassemble.base 1.10.13 needs): python3.13/3.12 on PATH, or pyenv's 3.12.
define FIND_PYTHON
for c in "$$PYTHON" python3.13 python3.12 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null) python3; do \
  [ -n "$$c" ] || continue; \
  p=$$(command -v "$$c" 2>/dev/null) || continue; \
  if "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then echo "$$p"; exit 0; fi; \
done; exit 1
endef
export FIND_PYTHON

.PHONY: demo test lint wheel bench clean words

$(BIN)/python:
	@py=$$(bash -c "$$FIND_PYTHON") || { \
	  echo "error: Python 3.12 or newer is needed (docassemble.base 1.10.13 requires it)."; \
	  echo "Install it, e.g. 'apt-get install python3.12 python3.12-venv' or 'pyenv install 3.12.1',"; \
	  echo "or run 'make PYTHON=/path/to/python3.12 test'."; exit 2; }; \
	echo "using $$py"; "$$py" -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip setuptools wheel

$(VENV)/.core: $(BIN)/python setup.py
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(VENV)/.test: $(BIN)/python setup.py
	$(BIN)/python -m pip install -q -e '.[test,docassemble]'
	@touch $@ $(VENV)/.core

demo: $(VENV)/.core
	$(BIN)/survivorrelief check $(DEMO)
	$(BIN)/survivorrelief screen $(DEMO)
	rm -rf $(OUT)
	$(DEMO_ENV) $(BIN)/survivorrelief assemble $(DEMO) --out $(OUT)

test: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/dayamlchecker interviews/*.yml

# The interviews' translation files (words/translations/*.xlf, which docassemble reads) from words/<language>.yml.
# tests/test_words.py fails when they are stale.
words: $(VENV)/.core
	$(BIN)/python -m docassemble.SurvivorRelief.words

bench: $(VENV)/.core
	$(BIN)/python bench/rules.py
	$(BIN)/python bench/assemble.py

clean:
	rm -rf $(VENV) build dist *.egg-info $(OUT)
