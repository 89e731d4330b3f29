"""Put a backup in place of the SQLite database, with the app stopped.

Copying the file over ``db.sqlite3`` is not enough: after a crash, ``db.sqlite3-wal`` still holds
the old database's last writes, and SQLite would replay them onto the restored file. This
command checks the backup, removes the ``-wal`` and ``-shm`` files and moves the copy in place.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Restore the SQLite database from a backup (made by backup_db). Stop the app first. "
        "For PostgreSQL, use pg_restore."
    )
    requires_system_checks = []  # never open the database being replaced

    def add_arguments(self, parser) -> None:
        parser.add_argument("backup", help="the backup file to restore")

    def handle(self, backup: str, **options) -> None:
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.sqlite3":
            raise CommandError(
                "restore_db restores SQLite databases; for PostgreSQL use pg_restore "
                "(e.g. pg_restore --clean --dbname DATABASE backup.dump)."
            )
        source = Path(backup)
        if not source.is_file():
            raise CommandError(f"{source} is not a file.")
        self._check(source)
        target = Path(database["NAME"])
        staged = target.with_name(target.name + ".restoring")
        shutil.copyfile(source, staged)
        with open(staged, "rb") as staged_file:
            os.fsync(staged_file.fileno())
        # The old database's write-ahead log and its index would be replayed onto the backup.
        for suffix in ("-wal", "-shm"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        os.replace(staged, target)
        self.stdout.write(f"Restored {target} from {source}; -wal and -shm removed.")

    def _check(self, source: Path) -> None:
        try:
            copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            try:
                result = copy.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                copy.close()
        except sqlite3.DatabaseError as error:
            raise CommandError(f"{source} is not a SQLite database: {error}") from None
        if result != "ok":
            raise CommandError(f"{source} fails its integrity check: {result}")
