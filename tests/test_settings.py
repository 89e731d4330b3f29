"""Settings come from the environment and fail loudly, in one line, when it is wrong."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.slow  # a subprocess
def test_production_without_a_secret_key_stops_with_one_line():
    result = run_manage({"DJANGO_DEBUG": "false"}, "check")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "DJANGO_SECRET_KEY" in lines[0]


@pytest.mark.slow  # a subprocess
@pytest.mark.parametrize(
    ("variable", "value"),
    [("DJANGO_DEBUG", "maybe"), ("DATABASE_URL", "nosuchscheme://x")],
)
def test_a_malformed_variable_stops_with_one_line_naming_it(variable, value):
    result = run_manage({variable: value}, "check")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]


@pytest.mark.slow  # a subprocess
def test_production_settings_start_with_the_required_variables():
    result = run_manage(
        {
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "x" * 60,
            "DJANGO_ALLOWED_HOSTS": "planner.example",
        },
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS,"
        " settings.SECURE_HSTS_SECONDS, settings.SESSION_COOKIE_SECURE)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False ['planner.example'] 31536000 True"


def test_sqlite_is_tuned_for_a_web_server(settings):
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite tuning applies to SQLite only")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert "synchronous=NORMAL" in database["OPTIONS"]["init_command"]
    assert database["OPTIONS"]["timeout"] > 0
    assert database["CONN_MAX_AGE"] > 0


@pytest.mark.django_db
def test_the_database_is_the_one_database_url_names():
    from django.db import connection

    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected


def test_whitenoise_comes_right_after_security_middleware(settings):
    middleware = list(settings.MIDDLEWARE)
    security = middleware.index("django.middleware.security.SecurityMiddleware")
    assert middleware[security + 1] == "whitenoise.middleware.WhiteNoiseMiddleware"


@pytest.mark.slow  # a subprocess
def test_static_root_comes_from_the_environment(tmp_path):
    """Production (and the bench) collect static files where DJANGO_STATIC_ROOT says."""
    target = tmp_path / "collected"
    result = run_manage({"DJANGO_STATIC_ROOT": str(target)}, "collectstatic", "--no-input", "-v0")
    assert result.returncode == 0, result.stderr
    assert (target / "css" / "app.css").is_file()


@pytest.mark.slow  # a subprocess
@pytest.mark.parametrize(
    ("debug", "backend"),
    [("false", "locmem.LocMemCache"), ("true", "dummy.DummyCache")],
)
def test_answers_are_kept_in_production_and_not_while_developing(debug, backend):
    # The answer caches and the estimator's parts; "limits" counts even in debug
    # (tests/test_shared_cache.py).
    result = run_manage(
        {
            "DJANGO_DEBUG": debug,
            "DJANGO_SECRET_KEY": "x" * 60,
            "DJANGO_ALLOWED_HOSTS": "a.b",
            "REDIS_URL": "",
        },
        "shell",
        "-c",
        "from django.conf import settings;"
        " print(sorted({settings.CACHES[a]['BACKEND']"
        " for a in ('default', 'estimates')}))",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == f"['django.core.cache.backends.{backend}']"
