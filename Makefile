# Two commands for a newcomer: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := goldenthread.settings

.PHONY: run test lint check unit browser bench trust install clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

var:
	mkdir -p var

run: $(STAMP) var
	DEBUG=true $(BIN)/goldenthread migrate --noinput
	DEBUG=true $(BIN)/goldenthread demo --if-empty
	DEBUG=true $(BIN)/goldenthread demo --logins
	DEBUG=true $(BIN)/goldenthread runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy goldenthread tests
	$(BIN)/lint-imports
	$(BIN)/bandit -c pyproject.toml -q -r goldenthread
	$(BIN)/goldenthread makemigrations --check --dry-run

unit: $(STAMP)
	$(BIN)/pytest -m "not browser" -q

browser: $(STAMP)
	$(BIN)/pytest -m browser -q

test: lint
	$(BIN)/pytest -q -n 2 --dist loadfile

# The security, privacy and reliability checks (issue 11) as one table; see tools/trust.py.
trust: $(STAMP)
	$(BIN)/python tools/trust.py

SCALE ?= site
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/goldenthread_bench
# More options for the bench command, e.g. BENCH_ARGS="--import-rows 0 --load-seconds 2".
BENCH_ARGS ?=
bench: $(STAMP)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/goldenthread migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/goldenthread bench --scale $(SCALE) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
