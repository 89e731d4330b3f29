"""backup_db: a consistent online copy that passes integrity_check and can be restored."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.creators.factories import make_history, make_profile

ROOT = Path(__file__).resolve().parent.parent
sqlite_only = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite backup"
)


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_the_copy_holds_the_data_and_passes_the_integrity_check(tmp_path):
    profile = make_profile(handle="backed.up")
    make_history(profile, 6)
    target = tmp_path / "backup.sqlite3"
    out = StringIO()

    call_command("backup_db", str(target), stdout=out)

    assert "integrity check: ok" in out.getvalue()
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM creators_monthlystat").fetchone()[0] == 6
    copy.close()
    assert not (tmp_path / "backup.sqlite3.partial").exists()


@sqlite_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_a_restored_copy_serves_the_app(tmp_path):
    make_history(make_profile(handle="restored"), 3)
    target = tmp_path / "restore-me.sqlite3"
    call_command("backup_db", str(target), stdout=StringIO())

    # Restoring is pointing DATABASE_URL at the copy (or moving it over db.sqlite3).
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{target}"}
    code = (
        "from creators.models import MonthlyStat as M;"
        " print(M.objects.filter(profile__handle='restored').count())"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "3"
    check = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr


@sqlite_only
@pytest.mark.django_db
def test_it_refuses_to_overwrite_an_existing_file(tmp_path):
    target = tmp_path / "exists.sqlite3"
    target.write_text("precious")
    with pytest.raises(CommandError, match="exists"):
        call_command("backup_db", str(target))
    assert target.read_text() == "precious"


@pytest.mark.django_db
def test_on_postgresql_it_points_to_pg_dump(tmp_path, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "postgresql")
    with pytest.raises(CommandError, match="pg_dump"):
        call_command("backup_db", str(tmp_path / "x"))
