# Reconnect: `make run` serves the demo on SQLite; `make test` runs every check.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_FLAGS ?=

.PHONY: run serve check test test-sqlite test-postgres proof proof-postgres lint format bench install install-dev chromium vnu clean

$(VENV)/.runtime: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.lock
	$(BIN)/python -m pip install -q -r requirements-dev.lock
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

run: install
	mkdir -p var
	$(BIN)/reconnect migrate --noinput
	$(BIN)/reconnect seed_demo
	@echo "Demo sign-ins (run '$(BIN)/reconnect demo_accounts' any time for fresh two-factor codes):"
	@$(BIN)/reconnect demo_accounts --table
	@echo "Reconnect is at http://127.0.0.1:$(PORT)/"
	$(BIN)/reconnect runserver 127.0.0.1:$(PORT)

# The production topology on this machine (README, "Running in production"): gunicorn, the task
# worker and the scheduled jobs under one supervisor; settings come from the environment.
serve: install
	$(BIN)/reconnect migrate --noinput
	$(BIN)/reconnect serve --bind 127.0.0.1:$(PORT)

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The Nu HTML Checker (npm's vnu-jar, pinned), which the browser tests run over every page they
# open (tests/e2e/html_check.py), kept under the venv; and the Java it runs on.
VNU_VERSION := 26.9.27
VNU_DIR := $(VENV)/vnu
vnu:
	@command -v java >/dev/null 2>&1 || { \
	  echo "Installing Java for the HTML checker"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }
	@grep -qs '"version": "$(VNU_VERSION)"' $(VNU_DIR)/node_modules/vnu-jar/package.json || { \
	  command -v npm >/dev/null 2>&1 || { apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }; \
	  echo "Installing the Nu HTML Checker $(VNU_VERSION) for the browser tests"; \
	  npm install --prefix $(VNU_DIR) --no-save --no-package-lock --ignore-scripts --no-audit \
	    --no-fund --silent vnu-jar@$(VNU_VERSION); }

# Style, strict types (pyproject [tool.mypy]) and the import layers (pyproject [tool.importlinter]).
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	RECONNECT_ENV=test $(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Bytecode and pytest's rewritten test modules are kept under the venv, never in the tree, even
# where PYTHONDONTWRITEBYTECODE is set: each test process and `reconnect` child starts faster.
TEST_TARGETS := check test test-sqlite test-postgres proof proof-postgres
$(TEST_TARGETS): export PYTHONPYCACHEPREFIX := $(abspath $(VENV))/pycache
$(TEST_TARGETS): export PYTHONDONTWRITEBYTECODE :=
# Each test process has one core to itself at most (WORKERS of them share the machine): the
# numerical libraries' and the strong model's own threads would only spin, waiting for a core
# the other one holds.
$(TEST_TARGETS): export OPENBLAS_NUM_THREADS := 1
$(TEST_TARGETS): export OMP_NUM_THREADS := 1
$(TEST_TARGETS): export RECONNECT_MODEL_THREADS := 1

# The unit tests (no browser, no live server) spread over WORKERS processes; after them, the
# browser tests run in one process beside the live-server proofs in another, and the load proof,
# which times the server, with nothing beside it (tests/side_by_side.py). Only the
# API fuzzing proof uses schemathesis: the unit tests' processes skip loading its plugin (2 s each).
WORKERS ?= 2
UNIT := -n $(WORKERS) --dist worksteal -m "not e2e and not reliability" -p no:schemathesis
PROOFS := -m "e2e or reliability" -n $(WORKERS) --side-by-side
SQLITE := env -u DATABASE_URL RECONNECT_ENV=test
POSTGRES := env RECONNECT_ENV=test

# The quick loop before a commit: `make lint` and the unit tests on SQLite; its last line is the
# time it took. Hypothesis tries fewer examples here than in `make test`, and the migrated test
# database is kept between runs (tests/database_cache.py).
check: install-dev
	@started=$$(date +%s); status=0; \
	$(MAKE) --no-print-directory lint && \
	$(SQLITE) RECONNECT_TEST_DB_CACHE=1 $(BIN)/pytest -q $(UNIT) $(PYTEST_FLAGS) || status=$$?; \
	echo "check: $$(( $$(date +%s) - started )) s"; exit $$status

# Every check on SQLite, then again on PostgreSQL when DATABASE_URL points to one.
test: install-dev chromium vnu lint
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; \
	 else echo "DATABASE_URL is not set: skipping the PostgreSQL pass."; fi

# One pass of the whole suite, $(1) naming the database: two pytest sessions that share one folder
# of scorecard figures, which the second (with the proofs) writes to var/scorecard.json. The
# second runs even when the first fails, so one pass reports every failure.
define suite
	@parts=$$(mktemp -d); trap 'rm -rf "$$parts"' EXIT; failed=0; \
	{ $(call phase,$(1) RECONNECT_SCORECARD_PARTS=$$parts,$(UNIT),$(2) unit); } || failed=1; \
	{ $(call phase,$(1) RECONNECT_SCORECARD_PARTS=$$parts,$(PROOFS),$(2) proofs); } || failed=1; \
	exit $$failed
endef
# One session with every Hypothesis example and its 20 slowest tests listed; then its time.
define phase
echo '$(3): pytest $(2) --durations=20 $(PYTEST_FLAGS)'; started=$$(date +%s); \
	$(1) RECONNECT_TESTS=full $(BIN)/pytest $(2) --durations=20 $(PYTEST_FLAGS); done=$$?; \
	echo "$(3): $$(( $$(date +%s) - started )) s"; [ $$done -eq 0 ]
endef

test-sqlite: install-dev
	$(call suite,$(SQLITE),test-sqlite)

test-postgres: install-dev
	$(call suite,$(POSTGRES),test-postgres)

# The full proof: every test with the heavy settings (10-minute load, 200 kill -9 cycles, 10,000+
# consent-scope steps, more fuzzing), on SQLite and then PostgreSQL; prints var/scorecard.json.
PROOF_ENV ?= RECONNECT_LOAD_SECONDS=600 RECONNECT_KILL_CYCLES=200 RECONNECT_SCOPE_EXAMPLES=500 \
	RECONNECT_FUZZ_EXAMPLES=50
proof: install-dev chromium vnu lint
	$(call suite,$(SQLITE) $(PROOF_ENV),proof-sqlite)
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) --no-print-directory proof-postgres; \
	 else echo "DATABASE_URL is not set: skipping the PostgreSQL pass."; fi
	$(BIN)/python -m proof.scorecard

proof-postgres: install-dev
	$(call suite,$(POSTGRES) $(PROOF_ENV),proof-postgres)

bench: install-dev
	$(BIN)/python -m bench

# Also the unit tests' kept migrated database (tests/database_cache.py).
clean:
	rm -rf $(VENV) var "$${TMPDIR:-/tmp}/reconnect-test-databases-$$(id -u)"
