"""A real worker process on the default backend (database tasks, SQLite file, no Redis).

A recalculation is enqueued, the worker is killed (SIGKILL) mid-way, and a new worker started
with ``manage.py run_worker`` finishes it: every month ends on the new card, counted once.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import time

import pytest

from tests.support.servers import PYTHON, manage, start, stop

pytestmark = pytest.mark.slow  # starts processes: `make test`, not `make test-fast`

CREATORS, MONTHS = 300, 12  # 6 batches of 50 profiles

START = (
    "from estimator.models import RateCard; from creators import recalculation; "
    "card = RateCard.objects.get(is_active=True).clone(name='Next'); card.activate(); "
    "run = recalculation.start(card); print(card.pk, run.pk)"
)


def test_a_worker_killed_mid_way_and_a_new_one_finish_the_recalculation(tmp_path):
    database = tmp_path / "worker.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": "",
    }
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "seed_bench", "--creators", str(CREATORS), "--months", str(MONTHS),
           "--long-months", "0")  # fmt: skip
    card_id, run_id = map(int, manage(env, "shell", "-v0", "-c", START).split())

    def progress() -> tuple[int, int, bool]:
        with sqlite3.connect(database, timeout=20) as connection:
            return connection.execute(
                "SELECT done_months, total_months, finished_at IS NOT NULL "
                "FROM creators_recalculation WHERE id = ?",
                (run_id,),
            ).fetchone()

    worker = start(env, [PYTHON, "manage.py", "run_worker"], tmp_path / "worker-1.log")
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            done, total, finished = progress()
            if done > 0:
                break
            assert worker.poll() is None, (tmp_path / "worker-1.log").read_text()
            time.sleep(0.02)
    finally:
        stop(worker, signal.SIGKILL)
    done, total, finished = progress()
    assert 0 < done < total == CREATORS * MONTHS, "killed mid-way"
    assert not finished

    second = start(env, [PYTHON, "manage.py", "run_worker", "--burst"], tmp_path / "worker-2.log")
    assert second.wait(timeout=600) == 0, (tmp_path / "worker-2.log").read_text()
    done, total, finished = progress()
    assert finished and done == total == CREATORS * MONTHS
    with sqlite3.connect(database) as connection:
        (stale,) = connection.execute(
            "SELECT count(*) FROM creators_monthlystat WHERE rate_card_id <> ?", (card_id,)
        ).fetchone()
    assert stale == 0
