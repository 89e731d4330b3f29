"""Progress toward thresholds and projections at the recent pace (pure, dates passed in)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from creators.progress import (
    MonthPoint,
    Status,
    add_months,
    monthly_gain,
    next_threshold,
    progress,
)
from tests.estimator.rates_factory import make_rates

TODAY = datetime.date(2026, 11, 21)


def month(year: int, number: int) -> datetime.date:
    return datetime.date(year, number, 1)


JULY = datetime.date(2026, 7, 1)


def followers(*values: int | None, start=JULY) -> list[MonthPoint]:
    return [
        MonthPoint(add_months(start, index), followers=value, video_views=200_000, videos_posted=10)
        for index, value in enumerate(values)
    ]


def threshold(points, source="creator_rewards", rule="min_followers", **kwargs):
    options = {"country": "FR", "account_type": "personal", "age_at": lambda m: 30}
    options.update(kwargs)
    sources = progress(points, make_rates(), today=TODAY, **options)
    found = next(s for s in sources if s.source == source)
    return next(t for t in found.thresholds if t.rule == rule)


def test_the_pace_is_the_average_gain_over_the_last_three_months():
    points = followers(1_000, 4_000, 5_000, 6_000, 7_600)
    assert monthly_gain(points, "followers") == Decimal(3_600) / 3


def test_a_growing_account_gets_the_month_it_will_reach_the_threshold():
    # 7 600 in October, +1 200 a month: 2 400 missing -> 2 months -> December 2026.
    found = threshold(followers(4_000, 5_000, 6_000, 7_600))
    assert found.status == Status.PROJECTED
    assert found.gap == 2_400
    assert found.percent == 76
    assert found.projected == month(2026, 12)


def test_a_flat_or_shrinking_account_is_not_at_this_pace():
    found = threshold(followers(8_000, 8_000, 7_900, 7_800))
    assert found.status == Status.NOT_AT_THIS_PACE
    assert found.projected is None
    assert found.gap == 2_200


def test_one_month_of_history_is_not_enough_for_a_projection():
    found = threshold(followers(9_000))
    assert found.status == Status.NOT_ENOUGH_HISTORY
    assert found.gap == 1_000


def test_a_threshold_just_reached_reports_the_month_it_was_crossed():
    found = threshold(followers(8_000, 9_000, 9_800, 10_050))
    assert found.status == Status.MET
    assert found.percent == 100
    assert found.gap == 0
    assert found.reached_in == month(2026, 10)


def test_a_threshold_met_all_along_has_no_crossing_month():
    found = threshold(followers(20_000, 21_000))
    assert found.met
    assert found.reached_in is None


def test_missing_months_are_skipped_not_counted_as_zero():
    points = followers(6_000, None, 8_000, 9_000)
    assert monthly_gain(points, "followers") == Decimal(1_000)


def test_views_and_posts_thresholds_use_their_own_metric():
    points = [
        MonthPoint(month(2026, 9), followers=20_000, video_views=60_000, videos_posted=1),
        MonthPoint(month(2026, 10), followers=21_000, video_views=80_000, videos_posted=2),
    ]
    views = threshold(points, rule="min_views_30d")
    assert views.required == 100_000
    assert views.projected == month(2026, 11)
    posts = threshold(points, source="brand_partnerships", rule="min_posts_30d")
    assert posts.required == 3
    assert posts.projected == month(2026, 11)


def test_shop_uses_the_country_threshold():
    found = threshold(followers(1_400, 1_450), source="tiktok_shop")
    assert found.required == 1_500


def test_a_programme_that_does_not_run_in_the_country_is_not_available():
    sources = progress(
        followers(20_000),
        make_rates(),
        country="CA",
        account_type="personal",
        age_at=lambda m: 30,
        today=TODAY,
    )
    rewards = next(s for s in sources if s.source == "creator_rewards")
    assert not rewards.available
    assert not rewards.eligible


def test_a_business_account_needs_a_change_not_a_pace():
    found = threshold(followers(20_000), rule="personal_account", account_type="business")
    assert found.status == Status.CHANGE_REQUIRED


@pytest.mark.parametrize(
    ("birth_year", "status", "projected"),
    [(2000, Status.MET, None), (2009, Status.PROJECTED, month(2027, 12))],
)
def test_age_comes_from_the_birth_year(birth_year, status, projected):
    def age_at(m: datetime.date) -> int:
        return m.year - birth_year - (0 if m.month == 12 else 1)

    found = threshold(followers(20_000), rule="min_age", age_at=age_at)
    assert found.status == status
    assert found.projected == projected


def test_the_next_threshold_is_the_closest_one_in_an_available_programme():
    sources = progress(
        followers(800, 900, 950),
        make_rates(),
        country="FR",
        account_type="personal",
        age_at=lambda m: 30,
        today=TODAY,
    )
    found = next_threshold(sources)
    assert found.rule == "min_followers"
    assert found.required == 1_000
    assert found.source == "live_gifts"


def test_months_to_reach_a_views_target_at_the_recent_pace():
    from creators.progress import months_to_reach

    series = [(month(2026, 8), 400_000), (month(2026, 9), None), (month(2026, 10), 600_000)]
    assert months_to_reach(series, 1_000_000) == 4  # +100 000 a month
    assert months_to_reach(series, 500_000) == 0
    assert months_to_reach([(month(2026, 10), 600_000)], 1_000_000) is None
    shrinking = [(month(2026, 9), 700_000), (month(2026, 10), 600_000)]
    assert months_to_reach(shrinking, 1_000_000) is None
