# zonekit: `make lab` and `make test` are all you need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.zonekit-installed
LAB_PORT ?= 8888
DASHBOARD_PORT ?= 8866
PIP_NOISE := ^WARNING: Location .* is ignored
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

.PHONY: setup lab test lint system-deps clean help

help:
	@echo "make lab    set up, then JupyterLab on notebooks/ (127.0.0.1, token auth)"
	@echo "make test   set up, then lint and every test"

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	set -o pipefail; $(PY) -m pip install --quiet --upgrade pip 2>&1 | { grep -v "$(PIP_NOISE)" || true; }
	set -o pipefail; $(PY) -m pip install --quiet -e ".[dev]" 2>&1 | { grep -v "$(PIP_NOISE)" || true; }
	@touch $(STAMP)

## setup: create .venv and install zonekit with its dev extras (fast when nothing changed)
setup: $(STAMP)

## system-deps: Debian chromium (image export, browser tests) and CJK fonts
system-deps:
	@bash scripts/system-deps.sh

lab: setup
	cd notebooks && ../$(PY) -m jupyter lab --ip=127.0.0.1 --port=$(LAB_PORT) --no-browser $(ROOT_FLAG)

lint: setup
	$(VENV)/bin/ruff check src tests $(wildcard benchmarks)

test: setup system-deps lint
	$(PY) -m pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build dist src/*.egg-info
