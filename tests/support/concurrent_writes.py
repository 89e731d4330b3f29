"""Ten threads write monthly stats at once into a real SQLite file, through the real views.

Run by tests/test_concurrency.py in a subprocess (its own database file and settings); prints a
JSON summary on standard output.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import threading
import traceback
from collections import Counter

THREADS = 10
MONTHS_PER_THREAD = 5


def main(database_path: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database_path}"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from creators.models import MonthlyStat
    from tests.creators.factories import make_month, make_profile

    call_command("migrate", verbosity=0)
    shared = make_profile(handle="shared")
    other = make_profile(handle="other")
    contested = make_month(shared, 2024, 1, followers=1)
    connection.close()

    barrier = threading.Barrier(THREADS)
    statuses: Counter[str] = Counter()
    errors: list[str] = []
    lock = threading.Lock()

    def record(kind: str, status: int) -> None:
        with lock:
            statuses[f"{kind}:{status}"] += 1

    def work(index: int) -> None:
        profile = shared if index % 2 == 0 else other
        client = Client()
        client.force_login(profile.owner)
        try:
            barrier.wait()
            for offset in range(MONTHS_PER_THREAD):
                # Distinct months from 2016-01 (the first month the app tracks) on.
                number = index * MONTHS_PER_THREAD + offset
                month = f"{2016 + number // 12}-{number % 12 + 1:02d}"
                response = client.post(
                    f"/profiles/{profile.pk}/months/new/",
                    {"month": month, "followers": str(number)},
                )
                record("distinct", response.status_code)
            owner = Client()
            owner.force_login(shared.owner)
            # Every thread creates the same month, then edits the same month from the form it
            # opened: one creation and one edit per revision may win, the rest must be refused.
            response = owner.post(
                f"/profiles/{shared.pk}/months/new/", {"month": "2024-06", "followers": "7"}
            )
            record("same_month", response.status_code)
            response = owner.post(
                f"/profiles/{shared.pk}/months/2024-01/",
                {"month": "2024-01", "followers": str(index), "version": "0"},
            )
            record("same_edit", response.status_code)
        except Exception:
            errors.append(traceback.format_exc())
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    distinct = MonthlyStat.objects.exclude(month__year=2024).values_list(
        "profile__handle", "month", "followers"
    )
    contested.refresh_from_db()
    print(
        json.dumps(
            {
                "statuses": dict(statuses),
                "errors": errors,
                "distinct_rows": len(distinct),
                "distinct_expected": THREADS * MONTHS_PER_THREAD,
                "distinct_values_ok": all(
                    followers == (month.year - 2016) * 12 + month.month - 1
                    for _handle, month, followers in distinct
                ),
                "same_month_rows": MonthlyStat.objects.filter(
                    month=datetime.date(2024, 6, 1)
                ).count(),
                "contested_revision": contested.revision,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
