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

.PHONY: demo test lint wheel bench clean words serve stop e2e bench-server snapshots

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

# What a lawyer opens first: the T visa filing set (what is sent, in filing order) and the preparer's memo.
DEMO_PDF := $(if $(shell command -v soffice 2>/dev/null),--pdf,)
demo: $(VENV)/.core
	@rm -rf $(OUT)
	@log=$$(mktemp); $(DEMO_ENV) $(BIN)/survivorrelief assemble $(DEMO) --out $(OUT) --remedy us.t_visa $(DEMO_PDF) \
	  >$$log 2>&1 || { cat $$log; rm -f $$log; exit 1; }; rm -f $$log
	@echo "T visa filing set, in filing order (send these): $(OUT)/us.t_visa/filing/"
	@ls -1 $(OUT)/us.t_visa/filing | sed 's/^/  /'
	@echo "Preparer's memo (read first; never sent): $$(ls $(OUT)/us.t_visa/preparer/*-preparer-memo.docx)"
	@echo "Letters sent separately: $$(ls $(OUT)/us.t_visa/letters/*.docx | xargs -n1 basename | tr '\n' ' ')"

test: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# Text snapshots of the Word templates (tests/snapshots/): run after editing a template, commit the diff.
snapshots: $(VENV)/.core
	$(BIN)/python -m tests.snapshot

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

# --- a real docassemble server on this machine (no Docker): see README "Running a local server" ---------------
RUN     := .run
SRV     := $(RUN)/venv
SRV_PY  := $(SRV)/bin/python
DA_VERSION := 1.10.13

# docassemble.webapp and gunicorn in their own venv (python-ldap needs libldap2-dev libsasl2-dev to build).
$(SRV)/.installed: setup.py
	@mkdir -p $(RUN)
	@test -x $(SRV_PY) || { py=$$(bash -c "$$FIND_PYTHON") && "$$py" -m venv $(SRV); }
	$(SRV_PY) -m pip install -q --upgrade pip setuptools wheel
	$(SRV_PY) -m pip install -q 'docassemble.webapp==$(DA_VERSION)' 'gunicorn>=23,<24' .
	@touch $@

# The package as a server installs it: built and installed, not editable (again at each start).
serve: $(SRV)/.installed
	@$(SRV_PY) -m pip install -q --no-deps --force-reinstall --no-build-isolation . >$(RUN)/pip-package.log 2>&1 \
	  || { cat $(RUN)/pip-package.log; exit 1; }
	@rm -rf build docassemble.SurvivorRelief.egg-info
	@python3 tools/server/daserver.py start

stop:
	@python3 tools/server/daserver.py stop

# Playwright for Python drives Debian's chromium (/usr/bin/chromium; no browser download); axe-core from npm.
E2E_NODE := tests/e2e/node_modules/axe-core/axe.min.js
$(VENV)/.e2e: $(VENV)/.test
	$(BIN)/python -m pip install -q 'playwright>=1.44,<2'
	@touch $@

$(E2E_NODE): tests/e2e/package.json
	cd tests/e2e && npm install --no-audit --no-fund --silent
	@touch $@

e2e: $(VENV)/.e2e $(E2E_NODE)
	@$(MAKE) --no-print-directory serve
	@rc=0; SR_E2E=1 timeout 900 $(BIN)/python -m pytest tests/e2e -q -p no:cacheprovider $(E2E_ARGS) || rc=$$?; \
	  $(MAKE) --no-print-directory stop; exit $$rc

bench-server: $(VENV)/.test
	$(BIN)/python bench/server.py

clean:
	rm -rf $(VENV) build dist *.egg-info $(OUT)
