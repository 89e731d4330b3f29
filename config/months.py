"""Month arithmetic, in one place for both apps. A month is the date of its first day."""

from __future__ import annotations

import calendar
import datetime


def add_months(month: datetime.date, count: int) -> datetime.date:
    """The first day of the month ``count`` months after ``month`` (before when negative)."""
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def next_month(month: datetime.date) -> datetime.date:
    return add_months(month, 1)


def months_between(start: datetime.date, end: datetime.date) -> int:
    """How many months from ``start``'s month to ``end``'s (negative when ``end`` is earlier)."""
    return (end.year - start.year) * 12 + end.month - start.month


def month_end(month: datetime.date) -> datetime.date:
    """The last day of ``month``'s month."""
    return add_months(month, 1) - datetime.timedelta(days=1)


def month_span(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every first day of a month from ``first`` to ``last`` included."""
    start = first.replace(day=1)
    return [add_months(start, count) for count in range(months_between(start, last) + 1)]


def days_in_month(month: datetime.date) -> int:
    """How many days ``month``'s month has (28 to 31)."""
    return calendar.monthrange(month.year, month.month)[1]
