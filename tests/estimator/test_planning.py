"""The goal planner reproduces the source article's FAQ and composes the sources honestly."""

from __future__ import annotations

from decimal import Decimal

import pytest

from estimator.calculations import Inputs
from estimator.planning import plan
from tests.estimator.rates_factory import make_rates

ELIGIBLE = {"age": 25, "followers": 20_000, "views_30d": 300_000}


@pytest.mark.parametrize(
    ("goal", "views"),
    [(Decimal(1000), 1_000_000), (Decimal(100), 100_000), (Decimal(250), 250_000)],
)
def test_views_alone_need_a_thousand_qualified_views_per_euro(goal, views):
    route = plan(goal, Inputs(**ELIGIBLE), make_rates()).routes[0]
    assert route.key == "views_only"
    assert route.qualified_views == views
    assert route.missing == ()


def test_the_range_uses_the_lowest_and_highest_rpm():
    route = plan(Decimal(1200), Inputs(**ELIGIBLE), make_rates()).routes[0]
    # 1,20 € per 1000 at best, 0,40 € at worst.
    assert route.qualified_views_range == (1_000_000, 3_000_000)
    assert route.long_video_views == 1_600_000  # 1 200 000 / 75 % qualified


def test_sponsored_posts_reduce_the_views_needed():
    inputs = Inputs(**ELIGIBLE, median_views=40_000, engagement_rate=Decimal(4))
    result = plan(Decimal(1000), inputs, make_rates())
    with_posts = result.routes[1]
    assert with_posts.key == "views_and_posts"
    # 2 posts x 40 000 views x 15 USD/1000 x 0,86 = 1 032 EUR: the goal needs no views.
    assert with_posts.steps[0].quantity == 2
    assert with_posts.steps[0].amount == Decimal("1032.00")
    assert with_posts.qualified_views == 0


def test_the_creators_own_post_count_affiliate_and_live_are_stacked():
    inputs = Inputs(
        **ELIGIBLE,
        median_views=10_000,
        sponsored_posts=1,
        affiliate_sales=20,
        affiliate_order_value=Decimal(50),
        diamonds=20_000,
    )
    result = plan(Decimal(1000), inputs, make_rates())
    keys = [route.key for route in result.routes]
    assert keys == [
        "views_only",
        "views_and_posts",
        "views_posts_affiliate",
        "views_posts_affiliate_live",
        "ugc",
    ]
    last = result.routes[-2]
    # 1 post 129 € + 20 sales x 50 € x 10 % = 100 € + 20 000 diamonds x 0,005 $ x 0,86 = 86 €
    assert [step.amount for step in last.steps] == [
        Decimal("129.00"),
        Decimal("100.00"),
        Decimal("86.00"),
    ]
    assert last.qualified_views == 685_000
    assert result.unavailable == ()


def test_routes_without_data_say_what_to_type():
    result = plan(Decimal(500), Inputs(age=25), make_rates())
    assert [route.key for route in result.routes] == ["views_only", "ugc"]
    assert result.unavailable[0].hint == "enter_median_views"


def test_views_where_the_programme_does_not_run_report_the_country_gap():
    route = plan(Decimal(100), Inputs(**ELIGIBLE, country="CA"), make_rates()).routes[0]
    assert any(missing.rule == "country" for missing in route.missing)
    # Converted: 100 CAD needs fewer views than 100 EUR (1 EUR = 1,62 CAD).
    assert route.qualified_views == 61_729


def test_thresholds_are_reported_for_a_small_account():
    route = plan(Decimal(100), Inputs(age=25, followers=6_800), make_rates()).routes[0]
    followers = next(missing for missing in route.missing if missing.rule == "min_followers")
    assert followers.gap == 3_200


def test_the_current_total_and_the_gap():
    inputs = Inputs(**ELIGIBLE, qualified_views=300_000)
    result = plan(Decimal(1000), inputs, make_rates())
    assert result.current.expected == Decimal("300.00")
    assert result.gap == Decimal("700.00")
    assert not result.reached
    assert plan(Decimal(200), inputs, make_rates()).reached


def test_a_1000_goal_with_2000_followers_offers_ugc_with_its_assumed_price():
    result = plan(Decimal(1000), Inputs(age=25, followers=2_000), make_rates())
    ugc = next(route for route in result.routes if route.key == "ugc")

    # 300 € per UGC video (the default market price): 4 videos make 1 200 €, no views needed.
    assert [(step.quantity, step.amount) for step in ugc.steps] == [(4, Decimal("1200.00"))]
    assert ugc.qualified_views == 0
    assert ugc.missing == ()
    assert ugc.assumptions == ("ugc_price_default",)


def test_the_two_sponsored_videos_the_creator_did_not_give_are_an_assumption():
    assumed = plan(Decimal(1000), Inputs(**ELIGIBLE, median_views=10_000), make_rates())
    given = plan(
        Decimal(1000), Inputs(**ELIGIBLE, median_views=10_000, sponsored_posts=2), make_rates()
    )

    route = next(route for route in assumed.routes if route.key == "views_and_posts")
    assert route.steps[0].assumed is True
    assert "sponsored_posts_assumed" in route.assumptions
    route = next(route for route in given.routes if route.key == "views_and_posts")
    assert route.steps[0].assumed is False
    assert "sponsored_posts_assumed" not in route.assumptions


def test_the_smallest_next_step_is_the_lever_that_earns_most():
    big_audience = plan(Decimal(1000), Inputs(**ELIGIBLE, median_views=100_000), make_rates())
    small_audience = plan(Decimal(1000), Inputs(**ELIGIBLE, median_views=1_000), make_rates())

    assert big_audience.next_step.unit == "posts"
    assert (
        big_audience.next_step.amount
        == next(r for r in big_audience.routes if r.key == "views_and_posts").steps[0].amount / 2
    )
    assert small_audience.next_step.unit == "videos"
