# The two commands: `make run` serves the portal, `make test` runs the suite.
# Both create .venv with python3.12 and install the development lock (requirements-dev.txt: every
# package pinned, hash-checked) on first use; the production lock, requirements.txt, is what the
# Dockerfile installs. `make lock` regenerates both from requirements.in / requirements-dev.in.
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

.PHONY: run test venv lock lint format messages screenshots bench faults clean

venv: $(VENV)/.installed

# The lock's own pip goes in first, hash-checked: the pip that comes with python3.12 may be too old
# to install a hashed lock whose packages ask for extras (weasyprint's fonttools[woff]).
PIP_FROM_LOCK := awk '/^pip==/ {p = 1} p {print} p && !/\\$$/ {exit}'

$(VENV)/.installed: requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_FROM_LOCK) requirements-dev.txt > $(VENV)/pip-lock.txt
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(VENV)/pip-lock.txt
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

# Regenerate the hashed locks from the direct requirements. pip-compile keeps every pin of the current
# lock that the .in files still allow, so running it again changes nothing, and editing a .in moves
# only what the edit needs. Move one package: `make lock LOCK_ARGS="--upgrade-package NAME"`.
LOCK := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)

lock: venv
	$(LOCK) --output-file=requirements.txt requirements.in
	$(LOCK) --output-file=requirements-dev.txt requirements-dev.in

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

# Every bench script, one after another, on one bench database (<database>_bench, created, migrated and
# filled by generate_synthetic on first use; bench/README.md). Sizes: BENCH_JOBSEEKERS and the scripts' own.
bench: venv
	$(WITH_SERVICES) python bench/_run.py

# The fault tests too: a Celery worker killed mid-task (about 30 s; `make test` skips it). The other
# fault tests in tests/faults (PostgreSQL restarted, Redis stopped) run in `make test` as well.
faults: venv
	$(WITH_SERVICES) env IJC_FAULTS=1 python -m pytest tests/faults -p no:xdist -q

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
