# zonekit: `make lab` and `make test` are all you need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.zonekit-installed
LAB_PORT ?= 8888
DASHBOARD_PORT ?= 8866
# Dashboard kernels (~200 MB each): a closed page's kernel is shut down after CULL_IDLE seconds
# idle (checked every CULL_INTERVAL s; kernels with a page open are kept), and at most
# MAX_KERNELS pages are served at once (the next one reads "try again in a few minutes").
CULL_IDLE ?= 300
CULL_INTERVAL ?= 60
MAX_KERNELS ?= 8
# Tests run in TEST_WORKERS processes (pytest-xdist), a test file to a process.
TEST_WORKERS ?= 2
PIP_NOISE := ^WARNING: Location .* is ignored
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

.PHONY: setup lab test lint system-deps clean help dashboard bench extract

help:
	@echo "make lab    set up, then JupyterLab on notebooks/ (127.0.0.1, token auth)"
	@echo "make test   set up, then lint and every test"
	@echo "make dashboard  set up, then the explorer as a Voila app (127.0.0.1:$(DASHBOARD_PORT), token); PLAN=file for your own"
	@echo "make bench  set up, then every benchmarks/bench_*.py"
	@echo "make extract PLAN=file [OUT=dir]  set up, then zonekit extract (default: the bundled plan into data/processed/)"

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	set -o pipefail; $(PY) -m pip install --quiet --upgrade pip 2>&1 | { grep -v "$(PIP_NOISE)" || true; }
	set -o pipefail; $(PY) -m pip install --quiet -e ".[all,dev]" -c constraints.txt 2>&1 | { grep -v "$(PIP_NOISE)" || true; }
	@touch $(STAMP)

## setup: create .venv and install zonekit with every extra, pinned by constraints.txt (fast when nothing changed)
setup: $(STAMP)

## system-deps: Debian chromium (image export, browser tests) and CJK fonts
system-deps:
	@bash scripts/system-deps.sh

lab: setup
	cd notebooks && ../$(PY) -m jupyter lab --ip=127.0.0.1 --port=$(LAB_PORT) --no-browser $(ROOT_FLAG)

## dashboard: notebooks/dashboard.ipynb in Voila, code hidden, on 127.0.0.1 with a fresh token;
## PLAN=file shows that plan instead of the bundled one.
## Voila has no token unless given one, and no --allow-root flag (it runs as root as it is);
## the jupytext lab extension errors inside Voila, so it is denied when installed; the zonekit
## template (share/jupyter/voila/templates/zonekit) is Voila's lab template without its CDN icon font.
## Closing a page does not free its kernel (Voila's shutdown request fails the XSRF check, voila
## issue 1458; the check stays on), so idle kernels without a connection are culled, and a
## limit on concurrent kernels (zonekit.dashboard.LimitedKernelManager) keeps memory bounded.
dashboard: setup
	@token=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(24))"); \
	deny=$$($(PY) -c "import jupytext" 2>/dev/null && \
	  echo "--VoilaConfiguration.extension_denylist=jupyterlab-jupytext"); \
	echo "zonekit dashboard: http://127.0.0.1:$(DASHBOARD_PORT)/?token=$$token"; \
	ZONEKIT_PLAN="$(if $(PLAN),$(abspath $(PLAN)))" JUPYTER_PATH="$(CURDIR)/share/jupyter" \
	  $(VENV)/bin/voila notebooks/dashboard.ipynb --template=zonekit --Voila.ip=127.0.0.1 --port=$(DASHBOARD_PORT) \
	  --no-browser --token="$$token" $$deny \
	  --VoilaConfiguration.multi_kernel_manager_class=zonekit.dashboard.LimitedKernelManager \
	  --LimitedKernelManager.max_kernels=$(MAX_KERNELS) \
	  --MappingKernelManager.cull_idle_timeout=$(CULL_IDLE) \
	  --MappingKernelManager.cull_interval=$(CULL_INTERVAL) \
	  --MappingKernelManager.cull_connected=False

## extract: `zonekit extract PLAN --out OUT` with the venv's zonekit (no need to activate it);
## without PLAN, the bundled plan into data/processed/<its name>; FORCE=1 writes over an old run.
SEED_PLAN := $(firstword $(wildcard data/raw/*.txt))
extract: setup
	$(VENV)/bin/zonekit extract "$(or $(PLAN),$(SEED_PLAN))" \
	  --out "$(or $(OUT),data/processed/$(basename $(notdir $(abspath $(or $(PLAN),$(SEED_PLAN))))))" $(if $(FORCE),--force)

## bench: run every benchmarks/bench_*.py (each reports ratios against a baseline run beside it)
bench: setup
	@set -e; for f in benchmarks/bench_*.py; do echo "== $$f"; $(PY) "$$f"; done

lint: setup
	$(VENV)/bin/ruff check src tests $(wildcard benchmarks)

test: setup system-deps lint
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build dist src/*.egg-info
