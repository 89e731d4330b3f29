"""``manage.py send_monthly_digests [--month 2026-10]``: enqueue last month's digests.

Run it on the 2nd of each month (README: the cron line and the systemd timer); a worker sends
the mails. Running it twice sends nothing twice: one digest per month and person.
"""

from __future__ import annotations

import argparse
import datetime

from django.core.management.base import BaseCommand, CommandParser

from creators import digest


def _month(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a month like 2026-10, not {value!r}") from None


class Command(BaseCommand):
    help = "Enqueue the monthly digest of every subscribed account (default: last month)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", type=_month, help="the month reported, e.g. 2026-10")

    def handle(self, *args, month: datetime.date | None = None, **options) -> None:
        month = month or digest.last_month(digest.today())
        count = digest.enqueue_digests(month)
        self.stdout.write(f"Enqueued {count} digest(s) for {month:%Y-%m}.")
