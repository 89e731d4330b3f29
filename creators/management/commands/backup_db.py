"""A consistent online copy of the SQLite database, checked with PRAGMA integrity_check."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = (
        "Copy the SQLite database to PATH while the app keeps running (SQLite's backup API), "
        "then check the copy. For PostgreSQL, use pg_dump."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="where to write the copy (a new file)")
        parser.add_argument("--force", action="store_true", help="replace PATH if it exists")

    def handle(self, path: str, force: bool, **options) -> None:
        if connection.vendor != "sqlite":
            raise CommandError(
                f"backup_db copies SQLite databases; this one is {connection.vendor}: "
                "use pg_dump (e.g. pg_dump --format=custom DATABASE > backup.dump)."
            )
        target = Path(path)
        if target.exists() and not force:
            raise CommandError(f"{target} exists: choose a new file, or pass --force.")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)

        connection.ensure_connection()
        copy = sqlite3.connect(partial)
        try:
            # Pages are copied in steps; writers keep working and the copy stays consistent.
            connection.connection.backup(copy, pages=1024)
            result = copy.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            copy.close()
        if result != "ok":
            partial.unlink(missing_ok=True)
            raise CommandError(f"The copy failed its integrity check: {result}")
        os.replace(partial, target)
        size = target.stat().st_size
        self.stdout.write(f"Backup written to {target} ({size} bytes); integrity check: ok")
