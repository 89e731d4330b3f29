"""The creator's own rates and the accuracy figures: pure functions, no database."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from estimator import calculations as calc
from estimator import own_rates as own
from tests.estimator.rates_factory import default_rates

RATES = default_rates()
examples = settings(max_examples=150, deadline=None, database=None)


def month(index: int, currency: str = "EUR", **fields) -> own.MonthFigures:
    actual = fields.pop("actual", {})
    return own.MonthFigures(datetime.date(2026, index, 1), currency, actual, **fields)


def rewards(index: int, amount: str, qualified: int | None = 100_000, **fields):
    return month(
        index, actual={"creator_rewards": Decimal(amount)}, qualified_views=qualified, **fields
    )


def convert(amount: Decimal, from_currency: str, to_currency: str) -> Decimal:
    return calc.convert(amount, from_currency, to_currency, RATES)


def test_the_own_rpm_is_the_median_of_the_months_with_their_spread():
    months = [rewards(1, "60"), rewards(2, "62"), rewards(3, "65"), rewards(4, "58")]
    rate = own.own_rate("rpm", months, "EUR")
    assert rate.usable and rate.months == 4
    assert rate.expected == Decimal("0.61")  # (0.60 + 0.62) / 2
    assert (rate.low, rate.high) == (Decimal("0.58"), Decimal("0.65"))
    assert rate.basis == own.QUALIFIED and rate.currency == "EUR"


def test_two_months_are_too_few():
    rate = own.own_rate("rpm", [rewards(1, "60"), rewards(2, "62")], "EUR")
    assert rate.months == 2 and not rate.usable
    assert rate.expected is None and rate.low is None and rate.high is None


def test_a_month_far_from_the_rest_is_flagged_and_left_out():
    months = [rewards(1, "60"), rewards(2, "62"), rewards(3, "600"), rewards(4, "58")]
    rate = own.own_rate("rpm", months, "EUR")
    assert [obs.month.month for obs in rate.outliers] == [3]
    assert rate.months == 3 and rate.expected == Decimal("0.60")
    assert rate.high == Decimal("0.62")


def test_an_outlier_can_leave_too_few_months():
    months = [rewards(1, "60"), rewards(2, "1"), rewards(3, "62")]
    rate = own.own_rate("rpm", months, "EUR")
    assert len(rate.outliers) == 1 and not rate.usable


def test_only_the_last_six_usable_months_count():
    months = [rewards(index, "10") for index in range(1, 5)]
    months += [rewards(index, "80") for index in range(5, 11)]
    rate = own.own_rate("rpm", months, "EUR")
    assert [obs.month.month for obs in rate.observations] == [5, 6, 7, 8, 9, 10]
    assert rate.expected == Decimal("0.8")


@pytest.mark.parametrize(
    "figures",
    [
        {"qualified": 0, "long_video_views": 0},  # nothing to divide by
        {"qualified": None, "long_video_views": None},
        {"qualified": 0, "long_video_views": None},
    ],
)
def test_zero_or_unknown_views_make_a_month_unusable(figures):
    months = [rewards(index, "60", **figures) for index in (1, 2, 3)]
    assert own.own_rate("rpm", months, "EUR").observations == ()


def test_nothing_received_is_not_a_rate_of_zero():
    months = [rewards(1, "0"), rewards(2, "60"), rewards(3, "62"), rewards(4, "0")]
    rate = own.own_rate("rpm", months, "EUR")
    assert rate.months == 2 and not rate.usable


def test_an_unknown_actual_is_left_out():
    months = [month(index, qualified_views=100_000, actual={}) for index in (1, 2, 3)]
    assert own.own_rate("rpm", months, "EUR").observations == ()


def test_rpm_falls_back_to_long_video_views_when_qualified_are_not_typed():
    months = [rewards(index, "30", qualified=None, long_video_views=100_000) for index in (1, 2, 3)]
    rate = own.own_rate("rpm", months, "EUR")
    assert rate.basis == own.LONG_VIDEO_VIEWS and rate.expected == Decimal("0.3")


def test_rpm_prefers_qualified_views_when_enough_months_have_them():
    months = [rewards(1, "30", qualified=None, long_video_views=100_000)]
    months += [rewards(index, "60") for index in (2, 3, 4)]
    rate = own.own_rate("rpm", months, "EUR")
    assert rate.basis == own.QUALIFIED and rate.months == 3 and rate.expected == Decimal("0.6")


def test_months_in_another_currency_are_converted():
    months = [rewards(1, "60"), rewards(2, "60"), rewards(3, "97.2", currency="CAD")]
    rate = own.own_rate("rpm", months, "EUR", convert)
    # 97.20 CAD / 1.62 = 60.00 EUR
    assert [obs.value for obs in rate.observations] == [Decimal("0.6")] * 3


def test_months_in_another_currency_are_left_out_without_a_conversion():
    months = [rewards(1, "60"), rewards(2, "60"), rewards(3, "97.2", currency="CAD")]
    assert own.own_rate("rpm", months, "EUR").months == 2
    # A currency the card cannot convert is left out as well, never an error.
    months[2] = rewards(3, "60", currency="JPY")
    assert own.own_rate("rpm", months, "EUR", convert).months == 2


def test_a_commission_ignores_the_currency():
    months = [
        month(
            index,
            currency="CAD" if index == 3 else "EUR",
            actual={"affiliate": Decimal("12")},
            affiliate_sales=10,
            affiliate_order_value=Decimal("40"),
        )
        for index in (1, 2, 3)
    ]
    rate = own.own_rate("affiliate_commission", months, "EUR")
    assert rate.expected == Decimal("0.03") and rate.currency is None


@pytest.mark.parametrize(
    ("key", "fields", "expected"),
    [
        ("diamond_value", {"diamonds": 10_000, "actual": {"live_gifts": Decimal("45")}}, "0.0045"),
        (
            "price_per_post",
            {"sponsored_posts": 2, "actual": {"brand_partnerships": Decimal("700")}},
            "350",
        ),
        (
            "shop_commission",
            {
                "shop_sales": 20,
                "shop_order_value": Decimal("25"),
                "actual": {"tiktok_shop": Decimal("60")},
            },
            "0.12",
        ),
        ("ugc_price", {"ugc_videos": 4, "actual": {"ugc": Decimal("1000")}}, "250"),
    ],
)
def test_each_own_rate(key, fields, expected):
    months = [month(index, **fields) for index in (1, 2, 3)]
    assert own.own_rate(key, months, "EUR").expected == Decimal(expected)


def test_apply_own_rates_replaces_the_card_rate_and_narrows_the_range():
    months = [rewards(1, "60"), rewards(2, "62"), rewards(3, "65"), rewards(4, "58")]
    finance = dataclasses.replace(RATES.niches["finance"], rpm_multiplier=Decimal("1.5"))
    card_rates = dataclasses.replace(RATES, niches={**RATES.niches, "finance": finance})
    rates = own.own_rates(months, "EUR")
    applied = own.apply_own_rates(card_rates, rates, "finance", lambda rate: "own")
    inputs = calc.Inputs(
        country="FR", niche="finance", followers=20_000, views_30d=200_000, qualified_views=200_000
    )
    card = calc.estimate(inputs, card_rates).source("creator_rewards").amounts
    mine = calc.estimate(inputs, applied).source("creator_rewards").amounts
    # 200 000 × 0.61 / 1000, the niche's multiplier no longer applied on top.
    assert mine.expected == Decimal("122.00")
    assert (mine.low, mine.high) == (Decimal("116.00"), Decimal("130.00"))
    assert mine.high - mine.low < card.high - card.low
    assert applied.rates["rpm"].provenance.source == "own"
    assert card_rates.niches["finance"].rpm_multiplier == Decimal("1.5")  # untouched
    assert applied.niches["finance"].rpm_multiplier == 1


def test_apply_own_rates_on_long_video_views_counts_every_long_view():
    months = [rewards(index, "30", qualified=None, long_video_views=100_000) for index in (1, 2, 3)]
    applied = own.apply_own_rates(RATES, own.own_rates(months, "EUR"), "general", str)
    inputs = calc.Inputs(country="FR", followers=20_000, long_video_views=200_000)
    assert calc.estimate(inputs, applied).source("creator_rewards").amounts.expected == Decimal(
        "60.00"
    )


def test_apply_without_a_usable_rate_returns_the_card():
    rates = own.own_rates([rewards(1, "60"), rewards(2, "60")], "EUR")
    assert own.apply_own_rates(RATES, rates, "general", str) is RATES


# --- Properties -------------------------------------------------------------------------------

amounts = st.decimals(min_value=Decimal("0.01"), max_value=10**6, places=2)
views = st.integers(min_value=1, max_value=10**9)


@examples
@given(st.lists(st.tuples(amounts, views), min_size=0, max_size=14))
def test_the_own_rate_lies_within_its_kept_months(pairs):
    months = [
        own.MonthFigures(
            datetime.date(2025 + index // 12, index % 12 + 1, 1),
            "EUR",
            {"creator_rewards": amount},
            qualified_views=count,
        )
        for index, (amount, count) in enumerate(pairs)
    ]
    rate = own.own_rate("rpm", months, "EUR")
    assert len(rate.observations) == min(len(pairs), own.MAX_MONTHS)
    if rate.usable:
        assert rate.low <= rate.expected <= rate.high
        kept = [obs.value for obs in rate.kept]
        assert min(kept) == rate.low and max(kept) == rate.high
        middle = own.median([obs.value for obs in rate.observations])
        for obs in rate.kept:
            assert middle / own.OUTLIER_FACTOR <= obs.value <= middle * own.OUTLIER_FACTOR
    else:
        assert rate.months < own.MIN_MONTHS


@examples
@given(st.lists(amounts, min_size=1, max_size=30), st.decimals(min_value=0, max_value=1, places=2))
def test_percentiles_are_ordered_within_the_values(values, fraction):
    value = own.percentile(values, fraction)
    assert min(values) <= value <= max(values)
    assert own.percentile(values, Decimal("0.1")) <= own.median(values)
    assert own.median(values) <= own.percentile(values, Decimal("0.9"))


# --- Accuracy ---------------------------------------------------------------------------------


def test_median_absolute_percentage_error_by_hand():
    pairs = [
        (Decimal("100"), Decimal("80")),  # 25 %
        (Decimal("90"), Decimal("100")),  # 10 %
        (Decimal("50"), Decimal("40")),  # 25 %
        (Decimal("60"), Decimal("0")),  # nothing received: no base, not counted
        (Decimal("60"), None),  # not typed
        (Decimal("120"), Decimal("100")),  # 20 %
    ]
    assert own.median_absolute_percentage_error(pairs) == (Decimal("22.5"), 4)


def test_no_actual_no_accuracy():
    assert own.median_absolute_percentage_error([(Decimal("1"), None)]) == (None, 0)
