# omhub: `make run` sets everything up and serves http://127.0.0.1:8000; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export OMHUB_ENV ?= development

.PHONY: run test setup frontend migrate demo lint clean help

help:
	@echo "make run    set up (venv, dependencies, assets, database, demo data) and serve http://127.0.0.1:8000"
	@echo "make test   set up and run every test (browser tests need Debian's chromium)"
	@echo "make lint   ruff and the import-linter contracts"

$(BIN)/omhub: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(BIN)/omhub

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

frontend/dist/omhub/omhub.css: node_modules/.package-lock.json frontend/build.mjs frontend/omhub.scss
	node frontend/build.mjs

setup: $(BIN)/omhub frontend/dist/omhub/omhub.css

frontend: frontend/dist/omhub/omhub.css

migrate: setup
	$(BIN)/omhub migrate --no-input

demo: migrate
	$(BIN)/omhub seed --demo

# The worker (reminders, the nightly audit check) runs in the background beside the development server and is
# stopped when the server stops, however it stops (Ctrl-C included).
run: demo
	@echo "omhub is at http://127.0.0.1:8000 - sign in as demo-ba (or any demo account), password omhub-demo-2026"
	@echo "the background worker runs beside it; in development emails are printed here, not sent"
	@$(BIN)/omhub worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(BIN)/omhub runserver 127.0.0.1:8000

test: setup
	OMHUB_ENV=test $(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) node_modules frontend/dist staticfiles
