# One command per habit. `make demo` and `make test` work on a fresh Debian
# machine: each sets up what it needs first.

PY := .venv/bin/python
MANAGE := $(PY) manage.py
# The development defaults (DEBUG on, the committed SECRET_KEY) hold only in a development process.
DEV := DJANGO_DEVELOPMENT=1
ADDRESS ?= 127.0.0.1:8000
TEST_PACKAGES := chromium fonts-liberation2 poppler-utils
MESSAGES_IGNORE := --ignore .venv --ignore var --ignore static/vendor

.PHONY: venv demo test run worker beat lint fmt bench messages check-messages

venv:
	@bash bin/setup-venv

## Site with demo data, one Celery worker and one beat (filesystem broker); Ctrl-C stops all.
demo: venv
	$(DEV) $(MANAGE) migrate --noinput
	$(DEV) $(MANAGE) load_demo
	ADDRESS=$(ADDRESS) bash bin/demo

## The whole test suite, browser tests included.
test:
	@bash bin/ensure-debian-packages $(TEST_PACKAGES)
	@bash bin/setup-venv
	$(PY) -m pytest $(PYTEST_ARGS)

run: venv
	$(DEV) $(MANAGE) migrate --noinput
	$(DEV) $(MANAGE) runserver $(ADDRESS)

worker: venv
	$(DEV) $(PY) -m celery -A config worker --loglevel INFO

beat: venv
	$(DEV) $(PY) -m celery -A config beat --loglevel INFO

lint: venv
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

fmt: venv
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

## Generates a 5,000-row staff workbook, imports it, and reports time and query counts.
bench: venv
	$(DEV) $(MANAGE) bench_staff_import --rows 5000

## Refresh the Vietnamese catalogue from the code, then compile it (the .mo is committed).
messages: venv
	$(MANAGE) makemessages --locale vi --no-obsolete --no-location $(MESSAGES_IGNORE)
	$(MANAGE) compilemessages --locale vi $(MESSAGES_IGNORE)

## Fail when the committed catalogue is stale (CI runs this).
check-messages: venv
	$(PY) bin/check-messages
