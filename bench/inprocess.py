"""The bench's steps that run inside Django, against the bench database.

    python -m bench.inprocess info               what was seeded, as JSON
    python -m bench.inprocess queries PAGES.json SQL queries and status of each page, as JSON
    python -m bench.inprocess import RUNS        time `import_tiktok` of a 365-day export
    python -m bench.inprocess recalculate        activate a copy of the card, enqueue the
                                                 recalculation of every stored month
    python -m bench.inprocess recalculated ID    the recalculation's figures once a worker ran it

The runner starts these with the same environment as gunicorn (DJANGO_SETTINGS_MODULE,
DATABASE_URL...) and reads the one JSON document each prints on its last line.
"""

from __future__ import annotations

import datetime
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

IMPORT_USERNAME = "import@bench.example.com"
EXPORT_DAYS = 365


def info() -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from creators.management.commands.seed_bench import BENCH_USERNAME, LONG_PROFILE_HANDLE
    from creators.models import CreatorProfile, MonthlyStat

    long_profile = CreatorProfile.objects.get(
        owner__username=BENCH_USERNAME, handle=LONG_PROFILE_HANDLE
    )
    return {
        "username": BENCH_USERNAME,
        "long_profile_id": long_profile.pk,
        "long_profile_months": long_profile.months.count(),
        "users": get_user_model().objects.count(),
        "profiles": CreatorProfile.objects.count(),
        "monthly_stats": MonthlyStat.objects.count(),
    }


def queries(pages: list[dict[str, Any]]) -> dict[str, Any]:
    """Each page fetched once warm through Django's test client, its SQL queries counted."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from creators.management.commands.seed_bench import BENCH_USERNAME

    user = get_user_model().objects.get(username=BENCH_USERNAME)
    counts = {}
    for page in pages:
        client = Client(HTTP_HOST="127.0.0.1")
        if page.get("login"):
            client.force_login(user)
        headers = page.get("headers", {})
        client.get(page["path"], headers=headers)  # warm: the rate card is parsed once
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page["path"], headers=headers)
        counts[page["name"]] = {"status": response.status_code, "queries": len(captured)}
    return counts


def time_import(runs: int) -> dict[str, Any]:
    """``runs`` imports of the same 365-day Overview + FollowerHistory export, each into a new
    profile (as a first import is), timed around ``call_command`` only."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command, get_commands
    from django.core.management.base import CommandError
    from django.utils import timezone

    from bench.tiktok_export import write_export
    from creators.models import CreatorProfile

    if "import_tiktok" not in get_commands():
        return {"available": False, "reason": "the import_tiktok command does not exist yet"}
    user, _created = get_user_model().objects.get_or_create(
        username=IMPORT_USERNAME, defaults={"email": IMPORT_USERNAME}
    )
    export_date = timezone.localdate()
    timings = []
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        paths = write_export(Path(folder), export_date, EXPORT_DAYS)
        sizes = {path.name: path.stat().st_size for path in paths}
        for run in range(1, runs + 1):
            arguments = ["--user", IMPORT_USERNAME, "--handle", f"bench_import_{run}"]
            arguments += ["--export-date", export_date.isoformat(), *map(str, paths)]
            started = time.perf_counter()
            try:
                call_command("import_tiktok", *arguments, stdout=io.StringIO())
            except CommandError as error:
                return {"available": True, "error": str(error)}
            timings.append(time.perf_counter() - started)
    profile = CreatorProfile.objects.get(owner=user, handle="bench_import_1")
    return {
        "available": True,
        "days": EXPORT_DAYS,
        "files": sizes,
        "months_written": profile.months.count(),
        "runs_s": [round(value, 4) for value in timings],
        "first_s": round(timings[0], 4),
        "median_s": round(statistics.median(timings), 4),
        "max_s": round(max(timings), 4),
        "export_date": export_date.isoformat(),
    }


def start_recalculation() -> dict[str, Any]:
    """A copy of the active card activated, and every stored month enqueued for recalculation."""
    from django.db import transaction

    from creators import recalculation
    from estimator.models import RateCard

    with transaction.atomic():
        card = RateCard.objects.get(is_active=True).clone(name="Bench recalculation")
        card.activate()
        run = recalculation.start(card)
    return {"recalculation_id": run.pk, "card_id": card.pk}


def recalculated(run_id: int) -> dict[str, Any]:
    from creators.models import MonthlyStat, Recalculation

    run = Recalculation.objects.get(pk=run_id)
    seconds = (run.finished_at - run.planned_at).total_seconds() if run.finished_at else None
    return {
        "finished": run.finished_at is not None,
        "total_months": run.total_months,
        "done_months": run.done_months,
        "failed_profiles": run.failed_profiles,
        "batches": run.batches.count(),
        "seconds": round(seconds, 2) if seconds is not None else None,
        "months_per_second": round(run.done_months / seconds, 1) if seconds else None,
        "months_on_other_cards": MonthlyStat.objects.exclude(rate_card=run.card).count(),
    }


def main(argv: list[str]) -> int:
    import django

    django.setup()
    step = argv[0] if argv else ""
    if step == "info":
        result = info()
    elif step == "queries":
        result = queries(json.loads(Path(argv[1]).read_text()))
    elif step == "import":
        result = time_import(int(argv[1]) if len(argv) > 1 else 5)
    elif step == "recalculate":
        result = start_recalculation()
    elif step == "recalculated":
        result = recalculated(int(argv[1]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(result, default=_plain))
    return 0


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
