# Reconnect: `make run` serves the demo on SQLite; `make test` runs every check.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_FLAGS ?=

.PHONY: run serve test test-sqlite test-postgres proof lint format bench install install-dev chromium clean

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

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Every check on SQLite, then again on PostgreSQL when DATABASE_URL points to one.
test: install-dev chromium lint
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; \
	 else echo "DATABASE_URL is not set: skipping the PostgreSQL pass."; fi

test-sqlite: install-dev
	env -u DATABASE_URL RECONNECT_ENV=test $(BIN)/pytest $(PYTEST_FLAGS)

test-postgres: install-dev
	RECONNECT_ENV=test $(BIN)/pytest $(PYTEST_FLAGS)

# The full proof: every test with the heavy settings (10-minute load, 200 kill -9 cycles, 10,000+
# consent-scope steps, more fuzzing), on SQLite and then PostgreSQL; prints var/scorecard.json.
PROOF_ENV ?= RECONNECT_LOAD_SECONDS=600 RECONNECT_KILL_CYCLES=200 RECONNECT_SCOPE_EXAMPLES=500 \
	RECONNECT_FUZZ_EXAMPLES=50
proof: install-dev chromium lint
	env -u DATABASE_URL RECONNECT_ENV=test $(PROOF_ENV) $(BIN)/pytest $(PYTEST_FLAGS)
	@if [ -n "$$DATABASE_URL" ]; then RECONNECT_ENV=test $(PROOF_ENV) $(BIN)/pytest $(PYTEST_FLAGS); \
	 else echo "DATABASE_URL is not set: skipping the PostgreSQL pass."; fi
	$(BIN)/python -m proof.scorecard

bench: install-dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var
