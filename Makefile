# Two commands do everything on a fresh machine: `make demo` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
DEMO    := out/demo

.PHONY: demo test install bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/svccheck sample --sites 3 --days 45 --seed 7 --start 2026-09-20 --out out/demo-export
	$(BIN)/svccheck run --data out/demo-export --period 2026-10 --out $(DEMO)/2026-10
	@echo "Report: $(abspath $(DEMO))/2026-10/report.html"

test: $(STAMP)
	$(BIN)/ruff check checker tests bench scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/full_run.py
	$(BIN)/python bench/working_time.py

clean:
	rm -rf out build *.egg-info
