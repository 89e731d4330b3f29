# Two commands matter: `make run` and `make test`. Everything else is a step they call.
PYTHON ?= python3.12
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
MANAGE := $(PY) manage.py

.PHONY: install run test lint migrate messages clean

install: $(STAMP)

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

run: migrate
	@echo "==> Starting the site at http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: install
	$(VENV)/bin/ruff check .
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Maintainers: refresh the French catalogue after changing strings (needs GNU gettext).
messages: install
	$(MANAGE) makemessages --locale fr --ignore ".venv/*" --ignore "static/*" --no-obsolete
	$(MANAGE) compilemessages --locale fr --ignore ".venv/*"

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Performance (issue 7): scratch databases (SQLite, and PostgreSQL when DATABASE_URL is one) at
# 10 and 10 000 creators, gunicorn with DEBUG off, wrk (or bench/loadgen.py); prints a table and
# writes bench-results.json. Exits 0 when a target is missed. Options: BENCH_ARGS="--help".
.PHONY: bench
bench: install
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1; } || true
	$(PY) -m bench.run $(BENCH_ARGS)
