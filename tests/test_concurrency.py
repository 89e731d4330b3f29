"""Concurrent writes on SQLite: no "database is locked", no lost update, no 500."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_ten_threads_writing_monthly_stats_at_once(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "tests.support.concurrent_writes", str(tmp_path / "db.sqlite3")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "database is locked" not in result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["errors"] == []
    statuses = summary["statuses"]
    # Every distinct month of every thread is written, with its own value.
    assert statuses == {**statuses, "distinct:302": 50}
    assert summary["distinct_rows"] == summary["distinct_expected"] == 50
    assert summary["distinct_values_ok"]
    # The same new month: one creation wins, the nine others get a form error (200), no 500.
    assert statuses["same_month:302"] == 1
    assert statuses["same_month:200"] == 9
    assert summary["same_month_rows"] == 1
    # Ten edits of the same month from forms opened at revision 0: exactly one applies.
    assert statuses["same_edit:302"] == 1
    assert statuses["same_edit:200"] == 9
    assert summary["contested_revision"] == 1
