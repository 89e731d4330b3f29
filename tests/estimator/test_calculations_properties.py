"""Properties of estimate() over every input the API accepts, with the tests' own rate card."""

from __future__ import annotations

import dataclasses
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from estimator.calculations import (
    HINTS,
    SOURCE_KEYS,
    UNITS,
    Amounts,
    Breakdown,
    Inputs,
    estimate,
)
from tests.estimator.rates_factory import make_rates

pytestmark = pytest.mark.slow  # properties: `make test` and CI run them, `make test-fast` not

RATES = make_rates()
MAX_COUNT = 10**12

# database=None: no .hypothesis/ folder in the work tree.
# How many examples: the hypothesis profile (tests/conftest.py).
examples = settings(database=None)

counts = st.none() | st.integers(min_value=0, max_value=MAX_COUNT)
money = st.none() | st.decimals(min_value=0, max_value=10**9, places=2)
percents = st.none() | st.decimals(min_value=0, max_value=100, places=2)

inputs = st.builds(
    Inputs,
    country=st.sampled_from(sorted(RATES.countries)),
    age=st.none() | st.integers(min_value=13, max_value=120),
    niche=st.sampled_from(sorted(RATES.niches)),
    account_type=st.sampled_from(["personal", "business"]),
    has_strike=st.booleans(),
    followers=counts,
    views_30d=counts,
    posts_30d=counts,
    long_video_views=counts,
    qualified_views=counts,
    diamonds=counts,
    subscribers=counts,
    subscription_price=money,
    sponsored_posts=counts,
    median_views=counts,
    engagement_rate=percents,
    rate_per_post=money,
    affiliate_sales=counts,
    affiliate_order_value=money,
    affiliate_commission=percents,
    shop_sales=counts,
    shop_order_value=money,
    shop_commission=percents,
    product_units=counts,
    product_margin=money,
    ugc_videos=counts,
    ugc_price=money,
)


def every_amounts(result: Breakdown) -> dict[str, Amounts]:
    return {
        **{source.key: source.amounts for source in result.sources},
        "total": result.total,
        "suggested_post_price": result.suggested_post_price,
        "suggested_ugc_price": result.suggested_ugc_price,
    }


@examples
@given(inputs)
def test_every_range_is_ordered_and_never_negative(creator: Inputs) -> None:
    result = estimate(creator, RATES)

    for name, amounts in every_amounts(result).items():
        assert Decimal(0) <= amounts.low <= amounts.expected <= amounts.high, name
        for value in (amounts.low, amounts.expected, amounts.high):
            assert value == value.quantize(Decimal("0.01")), name


@examples
@given(inputs)
def test_every_breakdown_is_complete_and_consistent(creator: Inputs) -> None:
    result = estimate(creator, RATES)
    panel = {assumption.key for assumption in result.assumptions}

    assert tuple(source.key for source in result.sources) == SOURCE_KEYS
    assert result.currency == RATES.countries[creator.country].currency
    for source in result.sources:
        assert set(source.hints) <= set(HINTS)
        assert set(source.assumptions) <= panel
        assert source.eligible == (source.limited or not source.missing)
        assert all(gap.gap is None or gap.gap > 0 for gap in source.missing)
        if source.formula is not None:
            assert source.formula.result == source.amounts.expected
            assert source.formula.currency == result.currency
            assert {factor.unit for factor in source.formula.factors} <= set(UNITS)
    assert Decimal(0) <= sum((result.share(key) for key in SOURCE_KEYS), Decimal(0)) <= 1


@examples
@given(inputs)
def test_the_total_is_the_sum_of_the_eligible_parts_as_shown(creator: Inputs) -> None:
    result = estimate(creator, RATES)
    eligible = [source.amounts for source in result.sources if source.eligible]

    assert result.total.low == sum((amounts.low for amounts in eligible), Decimal(0))
    assert result.total.expected == sum((amounts.expected for amounts in eligible), Decimal(0))
    assert result.total.high == sum((amounts.high for amounts in eligible), Decimal(0))


@pytest.mark.parametrize(
    "field", ["views_30d", "qualified_views", "long_video_views", "followers", "diamonds"]
)
@examples
@given(
    creator=inputs,
    base=st.integers(min_value=0, max_value=MAX_COUNT),
    increase=st.integers(min_value=0, max_value=MAX_COUNT),
)
def test_more_audience_never_earns_less(
    field: str, creator: Inputs, base: int, increase: int
) -> None:
    before = estimate(dataclasses.replace(creator, **{field: base}), RATES)
    after = estimate(dataclasses.replace(creator, **{field: base + increase}), RATES)

    for name, amounts in every_amounts(before).items():
        more = every_amounts(after)[name]
        assert more.low >= amounts.low, name
        assert more.expected >= amounts.expected, name
        assert more.high >= amounts.high, name
    for source_before, source_after in zip(before.sources, after.sources, strict=True):
        assert source_after.eligible or not source_before.eligible, source_before.key


@examples
@given(inputs)
def test_every_formula_computes_with_the_numbers_it_shows(creator: Inputs) -> None:
    """The factors are whole counts or exact rates: their product is the shown result."""
    result = estimate(creator, RATES)
    formulas = [source.formula for source in result.sources]
    formulas += [result.suggested_post_formula, result.suggested_ugc_formula]
    for formula in formulas:
        if formula is None:
            continue
        for factor in formula.factors:
            if factor.unit in {"views", "long_views", "qualified_views", "posts", "videos"}:
                assert factor.value == factor.value.to_integral_value(), factor
        with localcontext() as context:
            context.prec = 80
            product = Decimal(1)
            for factor in formula.factors:
                product *= factor.value
            shown = (product / formula.divisor).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert shown == formula.result
