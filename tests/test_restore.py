"""Restoring a backup after a crash gives exactly the backup (the stale -wal is not replayed)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # starts processes: `make test`, not `make test-fast`

ROOT = Path(__file__).resolve().parent.parent

CRASH = """
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA wal_autocheckpoint=0")  # the writes stay in the -wal file
db.execute("BEGIN")
db.execute("UPDATE note SET text = 'after the backup' WHERE id <= 50")
db.execute("INSERT INTO note (text) SELECT 'after the backup' FROM note")
db.execute("COMMIT")
os._exit(0)  # killed: no checkpoint, no close; the -wal file stays behind
"""


def manage(database: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    env["DATABASE_URL"] = f"sqlite:///{database}"
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def contents(database: Path) -> list[tuple]:
    db = sqlite3.connect(database)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return db.execute("SELECT id, text FROM note ORDER BY id").fetchall()
    finally:
        db.close()


def crashed_database_and_its_backup(tmp_path: Path) -> tuple[Path, Path, list[tuple]]:
    database = tmp_path / "db.sqlite3"
    db = sqlite3.connect(database)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)")
    db.executemany("INSERT INTO note (text) VALUES (?)", [("in the backup",)] * 200)
    db.commit()
    db.close()
    backup = tmp_path / "backup.sqlite3"
    result = manage(database, "backup_db", str(backup))
    assert result.returncode == 0, result.stderr
    expected = contents(backup)
    crash = subprocess.run(  # noqa: S603
        [sys.executable, "-c", CRASH, str(database)], timeout=60, check=False
    )
    assert crash.returncode == 0
    assert (tmp_path / "db.sqlite3-wal").stat().st_size > 0
    return database, backup, expected


def test_a_plain_copy_over_the_crashed_database_is_not_the_backup(tmp_path):
    """Why the procedure removes -wal: the crash above really leaves writes to be replayed."""
    database, backup, expected = crashed_database_and_its_backup(tmp_path)
    shutil.copyfile(backup, database)
    assert contents(database) != expected


def test_restore_db_after_a_crash_gives_exactly_the_backup(tmp_path):
    database, backup, expected = crashed_database_and_its_backup(tmp_path)
    result = manage(database, "restore_db", str(backup))
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "db.sqlite3-wal").exists()
    assert not (tmp_path / "db.sqlite3.restoring").exists()
    assert contents(database) == expected


def test_restore_db_refuses_a_file_that_is_not_a_database(tmp_path):
    database = tmp_path / "db.sqlite3"
    sqlite3.connect(database).close()
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes(b"not a database at all" * 100)
    result = manage(database, "restore_db", str(bogus))
    assert result.returncode != 0
    assert "not a SQLite database" in result.stderr
