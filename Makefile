# Two commands matter: `make run` and `make test`. Everything else is a step they call.
PYTHON ?= python3.12
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
MANAGE := $(PY) manage.py

.PHONY: install run worker test test-fast lint migrate messages clean system-libs

install: system-libs $(STAMP)

# WeasyPrint (the media kit's PDF) loads Pango and HarfBuzz from the system. Installed when
# missing and root (as .ci/run does for Chromium); otherwise stop and say what to install.
WEASYPRINT_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
system-libs:
	@if ! ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || \
		! ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so.0'; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "--- installing WeasyPrint's Debian libraries: $(WEASYPRINT_LIBS)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
				apt-get install -y -qq $(WEASYPRINT_LIBS) >/dev/null || exit 1; \
		else \
			echo "ERROR: WeasyPrint needs Pango and HarfBuzz. Run as root:" >&2; \
			echo "  apt-get install -y $(WEASYPRINT_LIBS)" >&2; exit 1; \
		fi; \
	fi

# Re-installs only when pyproject.toml changed (or the venv is missing / of another Python).
$(STAMP): pyproject.toml .python-version
	@command -v $(PYTHON) >/dev/null 2>&1 || test -x $(PY) || { \
		echo "$(PYTHON) was not found: see \"Python 3.12\" in README.md (pyenv, or your system's package)."; \
		exit 1; }
	@echo "==> Preparing $(VENV) (first run: about a minute; later runs skip this)"
	@want=$$(cat .python-version); \
	if [ -x $(PY) ] && ! $(PY) -c "import sys; v='%d.%d' % sys.version_info[:2]; sys.exit(v != '$$want')"; then \
		echo "Recreating $(VENV): wrong Python version"; rm -rf $(VENV); fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "==> Upgrading pip"
	@$(PY) -m pip install --quiet --upgrade pip
	@echo "==> Installing the project and its dependencies (pyproject.toml)"
	$(PY) -m pip install --progress-bar off -e . --group dev
	@touch $(STAMP)
	@echo "==> Installed"

migrate: install
	@echo "==> Applying database migrations"
	$(MANAGE) migrate --no-input

# The development server and one task worker (so an enqueued task always runs); Ctrl-C stops both.
run: migrate
	@echo "==> Starting the site at http://127.0.0.1:$(PORT)/ with a task worker (Ctrl+C stops both)"
	@$(MANAGE) run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The task worker of the configured backend (database, or RQ when REDIS_URL is set), in the
# foreground. Production runs one or more of these next to the app servers.
worker: migrate
	$(MANAGE) run_worker

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: install
	$(VENV)/bin/ruff check .
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The development loop: everything but the tests marked slow (browser, fuzzing, properties,
# concurrency, subprocesses), with few hypothesis examples. `make test` and CI run them all.
test-fast: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest -m "not slow" -q -n 2 $(PYTEST_ARGS)

# Maintainers: refresh the French catalogue after changing strings (needs GNU gettext).
messages: install
	$(MANAGE) makemessages --locale fr --ignore ".venv/*" --ignore "static/*" --no-obsolete
	$(MANAGE) compilemessages --locale fr --ignore ".venv/*"

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Performance (README, "Performance"): scratch databases (SQLite, and PostgreSQL when DATABASE_URL is one) at
# 10 and 10 000 creators, gunicorn with DEBUG off, wrk (or bench/loadgen.py); prints a table and
# writes bench-results.json. Exits 0 when a target is missed. Options: BENCH_ARGS="--help".
.PHONY: bench
bench: install
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1; } || true
	$(PY) -m bench.run $(BENCH_ARGS)
