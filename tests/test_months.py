"""Month arithmetic: one module, right across years and leap years."""

from __future__ import annotations

import datetime

import pytest

from config.months import (
    add_months,
    days_in_month,
    month_end,
    month_span,
    months_between,
    next_month,
)


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("month", "count", "result"),
    [
        ("2026-01-01", 1, "2026-02-01"),
        ("2026-11-01", 2, "2027-01-01"),
        ("2026-01-01", -1, "2025-12-01"),
        ("2026-03-15", -14, "2025-01-01"),
        ("2026-12-01", 0, "2026-12-01"),
        ("2026-06-01", 120, "2036-06-01"),
    ],
)
def test_add_months_lands_on_the_first_day(month, count, result):
    assert add_months(d(month), count) == d(result)


def test_the_next_month_of_december_is_january():
    assert next_month(d("2026-12-01")) == d("2027-01-01")


@pytest.mark.parametrize(
    ("month", "last_day"),
    [
        ("2026-01-01", "2026-01-31"),
        ("2026-02-01", "2026-02-28"),
        ("2028-02-01", "2028-02-29"),
        ("2026-04-01", "2026-04-30"),
        ("2026-12-01", "2026-12-31"),
    ],
)
def test_month_end_is_the_last_day(month, last_day):
    assert month_end(d(month)) == d(last_day)


@pytest.mark.parametrize(
    ("day", "days"),
    [("2026-02-14", 28), ("2028-02-01", 29), ("2026-04-30", 30), ("2026-12-01", 31)],
)
def test_days_in_month_counts_leap_februaries(day, days):
    assert days_in_month(d(day)) == days


def test_months_between_counts_across_years_and_backwards():
    assert months_between(d("2025-11-01"), d("2026-02-01")) == 3
    assert months_between(d("2026-02-01"), d("2025-11-01")) == -3
    assert months_between(d("2026-02-01"), d("2026-02-28")) == 0


def test_month_span_lists_every_month_included():
    assert month_span(d("2025-11-20"), d("2026-02-01")) == [
        d("2025-11-01"),
        d("2025-12-01"),
        d("2026-01-01"),
        d("2026-02-01"),
    ]
    assert month_span(d("2026-02-01"), d("2026-02-01")) == [d("2026-02-01")]
    assert month_span(d("2026-03-01"), d("2026-02-01")) == []
