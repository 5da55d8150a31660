# Two commands do everything on a fresh machine: `make demo` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
DEMO    := out/demo

.PHONY: demo test install bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/svccheck demo --out $(DEMO)   # the sample export in $(DEMO)/export, the run in $(DEMO)/2026-10

test: $(STAMP)
	$(BIN)/ruff check checker tests bench scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest -n auto --dist loadscope   # one worker per core; a module's tests (and fixtures) stay together

bench: $(STAMP)
	$(BIN)/python bench/full_run.py
	$(BIN)/python bench/working_time.py

clean:
	rm -rf out build dist *.egg-info
