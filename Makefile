# make demo  — install, migrate (SQLite unless DATABASE_URL is set), seed a demo region, serve.
# make lint  — ruff, migrations check, import-linter (layers) and mypy (files in pyproject.toml).
# make test  — lint, then the whole suite on PostgreSQL, browser tests included.
#              PYTEST_ARGS='-m "not e2e"' leaves out the browser tests (no Chromium needed).
# make bench — every benchmark (see bench/ and README); BENCH_ARGS="load" picks some by name,
#              BENCH_LOAD_* and BENCH_* size them (README).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/casus
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench lock

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 of nieuwer is nodig (gevonden: " + sys.version.split()[0] + ")")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

# Quiet: migrate says nothing unless it fails, so the credentials table and the URL that
# seed_demo prints last are what stays on the screen above runserver's own lines.
# The background jobs run too: they are enqueued once (silently), and the task worker runs
# beside runserver for as long as it does (its log, the mails it "sends" included, goes to
# var/demo-worker.log); when runserver stops, for whatever reason, the worker is stopped.
demo: install
	@DEBUG=1 DEMO=1 $(BIN)/python manage.py migrate --noinput -v0
	@DEBUG=1 DEMO=1 PORT=$(PORT) $(BIN)/python manage.py seed_demo
	@DEBUG=1 DEMO=1 $(BIN)/python manage.py taken_inplannen -v0
	@mkdir -p var; \
	DEBUG=1 DEMO=1 PORT=$(PORT) $(BIN)/python manage.py db_worker --no-reload --interval 5 \
	  > var/demo-worker.log 2>&1 & \
	worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT; trap 'exit 130' INT; trap 'exit 143' TERM; \
	DEBUG=1 DEMO=1 PORT=$(PORT) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 DATABASE_URL=sqlite:///:memory: $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports
	DEBUG=1 $(BIN)/mypy

test: lint
	DEBUG=1 DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	DEBUG=1 DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/python -m bench $(BENCH_ARGS)

lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^pip==' > requirements.lock
