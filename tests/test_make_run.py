"""`make run` serves the app and runs one task worker; Ctrl-C stops both."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time

import pytest

from tests.support.servers import ROOT, Client, free_port, manage

pytestmark = pytest.mark.slow  # starts processes: `make test`, not `make test-fast`

ENQUEUE = (
    "from estimator.models import RateCard; from creators import recalculation; "
    "print(recalculation.start(RateCard.objects.get(is_active=True)).pk)"
)
FINISHED = (
    "from creators.models import Recalculation; "
    "print(Recalculation.objects.get(pk={pk}).finished_at is not None)"
)


def group_members(pgid: int) -> list[str]:
    result = subprocess.run(  # noqa: S603
        ["pgrep", "-g", str(pgid)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.split()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_starts_a_worker_that_runs_what_is_enqueued_and_ctrl_c_stops_both(tmp_path):
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "REDIS_URL": "",
        "PORT": str(port),
    }
    log = tmp_path / "make-run.log"
    with log.open("wb") as out:
        make = subprocess.Popen(
            ["make", "run"],  # noqa: S607
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            # As in a terminal: Ctrl-C interrupts (a background job would inherit it ignored).
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert make.poll() is None, log.read_text()
            try:
                if Client(port).get("/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.3)
        else:
            raise AssertionError(log.read_text())

        run_id = manage(env, "shell", "-v0", "-c", ENQUEUE).strip()
        while time.monotonic() < deadline:
            if manage(env, "shell", "-v0", "-c", FINISHED.format(pk=run_id)).strip() == "True":
                break
            time.sleep(0.5)
        else:
            raise AssertionError(f"the worker of make run did not run the task:\n{log.read_text()}")

        os.killpg(make.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's process group
        make.wait(timeout=30)
        for _ in range(100):
            if not group_members(make.pid):
                break
            time.sleep(0.1)
        assert group_members(make.pid) == [], log.read_text()
    finally:
        if group_members(make.pid):
            os.killpg(make.pid, signal.SIGKILL)
