# A fresh clone needs only python3 (3.11+); every target sets up .venv itself, once (stamp files).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
RUNTIME_STAMP := $(VENV)/.stamp-runtime
DEV_STAMP     := $(VENV)/.stamp-dev

OXIGRAPH_PORT ?= 7878
OXIGRAPH_DIR  ?= .oxigraph
# Seconds the Oxigraph server lets one request run: it cancels a runaway query itself once the service has
# answered 503 (the service's own limit is 10 s; named queries and loading the graph take a second or two).
OXIGRAPH_TIMEOUT ?= 15

.PHONY: serve serve-remote oxigraph test test-fast data check lint lock clean chromium screenshots bench law-doc

serve: $(RUNTIME_STAMP)
	$(BIN)/crosswalk serve --host $(HOST) --port $(PORT)

# A standalone Oxigraph server (PyPI 'oxigraph', a dev dependency) persisting to $(OXIGRAPH_DIR) ...
oxigraph: $(DEV_STAMP)
	$(BIN)/oxigraph serve --location $(OXIGRAPH_DIR) --bind $(HOST):$(OXIGRAPH_PORT) --timeout-s $(OXIGRAPH_TIMEOUT)

# ... and the service on top of it (it loads the graph into the server when the server is empty).
serve-remote: $(RUNTIME_STAMP)
	$(BIN)/crosswalk serve --host $(HOST) --port $(PORT) --store http://$(HOST):$(OXIGRAPH_PORT)/query

check: $(RUNTIME_STAMP)
	$(BIN)/crosswalk check

# Benchmarks (never part of `make test`): bench/README.md says what each measures. Needs wrk (Debian), installed
# here when root; without it the HTTP throughput figures are skipped. BENCH_QUICK=1 for a smoke run.
BENCH_STAMP := $(VENV)/.stamp-bench
$(BENCH_STAMP): bench/requirements.txt $(DEV_STAMP)
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	touch $@

bench: $(BENCH_STAMP)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || echo "bench: no wrk, HTTP throughput skipped"
	$(BIN)/python -m bench

test: lint chromium virtuoso
	$(BIN)/pytest -q --durations=15

# The edit loop (< 60 s): unit and graph tests, without the browser, a SPARQL server, the wheel build, the
# fuzzers or the heavy modules (markers in pyproject.toml, set in tests/conftest.py; test_fuzz.py is not even
# imported: collecting it builds the app). `make test` runs everything.
test-fast: $(DEV_STAMP)
	$(BIN)/pytest -q -m "not (browser or remote or slow or fuzz or heavy)" --ignore=tests/test_fuzz.py

# data/ from the repo alone: every generator, in order, reading tools/curation/ and tools/reference/; the result
# is byte for byte what is committed (tests/test_data_rebuild.py). docs/law.md has its own target, law-doc.
DATA_BUILDERS := build_data build_jp build_nist_600_1 build_gpai_cop build_haip build_m613 build_time build_vocab \
                 build_legal_facts build_rules build_crosswalks
data: $(RUNTIME_STAMP)
	@for b in $(DATA_BUILDERS); do echo "tools/$$b.py"; $(BIN)/python tools/$$b.py >/dev/null || exit 1; done

# The browser tests drive Debian's Chromium (never a browser Playwright downloads). Installed once, as root
# (or with password-less sudo); where neither is possible the browser tests skip and say why.
CHROMIUM ?= /usr/bin/chromium
chromium:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else \
	    echo "chromium: not installed and not root: the browser tests will be skipped"; exit 0; fi; \
	  echo "chromium: installing Debian's chromium (apt-get)"; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
	    || echo "chromium: apt-get failed: the browser tests will be skipped"; }

# OpenLink Virtuoso (Debian's virtuoso-opensource-7-bin: virtuoso-t, isql-vt), the third back end the API suite
# runs on (tests/virtuoso_server.py starts one server per session on loopback ports). Installed once, as root
# (or with password-less sudo); where neither is possible those tests skip and say why (under CI they fail).
.PHONY: virtuoso
virtuoso:
	@command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else \
	    echo "virtuoso: not installed and not root: the Virtuoso tests will be skipped"; exit 0; fi; \
	  echo "virtuoso: installing Debian's virtuoso-opensource-7-bin (apt-get)"; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends virtuoso-opensource-7-bin >/dev/null \
	    || echo "virtuoso: apt-get failed: the Virtuoso tests will be skipped"; }

# docs/law.md: the rules and dates as a table (article -> who -> condition -> from when -> basis).
law-doc: $(RUNTIME_STAMP)
	$(BIN)/python tools/build_law_doc.py

# docs/screenshots/*.png, as docs/pages.md shows them: every page with the shipped graph, in Chromium.
screenshots: $(DEV_STAMP) chromium
	$(BIN)/python docs/screenshots.py

lint: $(DEV_STAMP)
	$(BIN)/ruff check app tests tools bench
	$(BIN)/ruff format --check app tests tools bench
	$(BIN)/mypy app

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(DEV_STAMP): requirements-dev.lock $(RUNTIME_STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $@

# Re-resolve the pins from pyproject.toml in a throwaway venv (needs PyPI).
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet .
	.lock-venv/bin/python -m pip uninstall --quiet --yes ai-crosswalk
	{ echo "# Runtime dependencies of ai-crosswalk, exact pins (pip freeze of a clean venv; regenerate with 'make lock')."; \
	  .lock-venv/bin/python -m pip freeze; } > requirements.lock
	.lock-venv/bin/python -m pip install --quiet ".[dev]"
	.lock-venv/bin/python -m pip uninstall --quiet --yes ai-crosswalk
	{ echo "# Development tools on top of the runtime pins (pip freeze of a clean venv; regenerate with 'make lock')."; \
	  echo "-r requirements.lock"; \
	  .lock-venv/bin/python -m pip freeze | grep -vxFf requirements.lock; } > requirements-dev.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .lock-venv build dist .pytest_cache .mypy_cache .ruff_cache $(OXIGRAPH_DIR)
