"""A year of days: read in one pass, written in a handful of queries (timing: `make bench`)."""

from __future__ import annotations

import datetime

import pytest

from creators import importing
from creators.models import MonthlyStat
from creators.studio.reading import read_exports
from creators.studio.totals import MonthTotals
from estimator.snapshot import load_active_rates
from tests.creators.data import daily_pair
from tests.creators.factories import make_month, make_profile

pytestmark = pytest.mark.django_db

EXPORT_DATE = datetime.date(2026, 11, 2)
FIRST_DAY = datetime.date(2025, 11, 1)  # 365 days: 2025-11-01 to 2026-10-31


def year_of_days() -> tuple[MonthTotals, ...]:
    result = read_exports(list(daily_pair(FIRST_DAY, 365)), EXPORT_DATE, today=EXPORT_DATE)
    assert result.ok, [error.message for error in result.errors]
    return result.months


def test_a_365_day_pair_reads_to_twelve_whole_months():
    months = year_of_days()
    assert [f"{month.month:%Y-%m}" for month in months] == [
        "2025-11",
        "2025-12",
        *(f"2026-{number:02d}" for number in range(1, 11)),
    ]
    assert not any(month.partial for month in months)
    assert sum(month.days for month in months) == 365
    assert sum(month.values["video_views"] for month in months) == sum(range(1, 366))
    assert months[-1].values["followers"] == 1000 + 364
    assert months[0].values["likes"] == 3 * 30


def test_a_365_day_pair_is_written_in_a_few_queries(django_assert_max_num_queries):
    profile = make_profile()
    make_month(profile, 2026, 3, followers=1, qualified_views=9_000)  # one update among creations
    months = year_of_days()
    rates = load_active_rates()
    with django_assert_max_num_queries(6):
        plan = importing.apply_import(profile, months, rates)
    assert len(plan.written) == 12
    stored = MonthlyStat.objects.for_profile(profile).chronological()
    assert [stat.video_views for stat in stored] == [
        month.values["video_views"] for month in months
    ]
    assert all(stat.rate_card_id == rates.card_id for stat in stored)
    assert stored.get(month=datetime.date(2026, 3, 1)).qualified_views == 9_000
