# The two commands: `make run` serves the portal, `make test` runs the suite.
# Both create .venv with python3.12 and install the pinned requirements on first use.
# With no DATABASE_URL / REDIS_URL in the environment they start embedded PostgreSQL and Redis
# (data under .data/); with them set they use those servers.

PYTHON ?= python3.12
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# What the launcher needs: the services up, their URLs exported to everything it starts.
WITH_SERVICES := python -m ijc_portal.embedded run --
PYTEST_ARGS ?= -n 2

.PHONY: run test venv lint format messages screenshots bench clean

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

run: venv
	$(WITH_SERVICES) sh -c 'python manage.py prepare_portal && honcho start --no-prefix -f Procfile'

test: venv
	$(WITH_SERVICES) python -m pytest $(PYTEST_ARGS)

lint: venv
	ruff check .
	ruff format --check .

format: venv
	ruff check --fix .
	ruff format .

# Extract into locale/id and locale/en (English is the source language), then compile. Commit the .po
# and .mo files: tests/ui/test_catalogue.py fails on an untranslated, fuzzy or stale Indonesian entry.
messages: venv
	$(WITH_SERVICES) python manage.py makemessages -l id -l en --no-obsolete --ignore=.venv --ignore=.data \
		--ignore=staticfiles --ignore=test-artifacts --ignore=node_modules --ignore=tests --ignore=docs
	$(WITH_SERVICES) python manage.py compilemessages -l id -l en --ignore=.venv

# Refresh docs/screenshots/*.png (desktop and 320 px) from the browser tests' registered pages.
screenshots: venv
	rm -f docs/screenshots/*.png
	$(WITH_SERVICES) env SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots python -m pytest tests/browser -m browser \
		-k "no_wcag_violations and -id] or fits_320 and normal-text" -q -p no:xdist

bench: venv
	@for script in bench/*.py; do echo "== $$script"; $(WITH_SERVICES) python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
