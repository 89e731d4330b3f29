"""Example-based tests of estimator.calculations with the tests' own rate card (rates_factory)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from estimator.calculations import (
    SOURCE_KEYS,
    Amounts,
    Breakdown,
    Confidence,
    Factor,
    Inputs,
    Missing,
    MissingExchangeRate,
    convert,
    estimate,
)
from tests.estimator.rates_factory import make_rates

RATES = make_rates()

# Meets every rule of every source in France.
ELIGIBLE_CREATOR = {"age": 30, "followers": 20_000, "views_30d": 150_000, "posts_30d": 10}


def breakdown(**fields: object) -> Breakdown:
    return estimate(Inputs(**fields), RATES)  # type: ignore[arg-type]


def amounts(low: str, expected: str, high: str) -> Amounts:
    return Amounts(Decimal(low), Decimal(expected), Decimal(high))


def fixed(value: str) -> Amounts:
    return amounts(value, value, value)


NOTHING = fixed("0.00")


# --- Worked examples of the source article ------------------------------------------------


@pytest.mark.parametrize(
    ("qualified_views", "expected"),
    [
        (100_000, amounts("40.00", "100.00", "120.00")),
        (1_000_000, amounts("400.00", "1000.00", "1200.00")),
    ],
)
def test_qualified_views_earn_about_one_euro_per_thousand(
    qualified_views: int, expected: Amounts
) -> None:
    creator_rewards = breakdown(qualified_views=qualified_views).source("creator_rewards")

    assert creator_rewards.amounts == expected


def test_one_million_qualified_views_is_the_way_to_a_thousand_euros() -> None:
    creator_rewards = breakdown(qualified_views=1_000_000).source("creator_rewards")

    assert creator_rewards.amounts.expected == Decimal("1000.00")
    assert creator_rewards.formula is not None
    assert creator_rewards.formula.factors == (
        Factor(Decimal(1_000_000), "qualified_views"),
        Factor(Decimal("1.00"), "money_per_1000", "EUR", "rpm"),
    )
    assert creator_rewards.formula.divisor == 1000


def test_half_a_million_long_video_views_cover_250_to_500_euros() -> None:
    creator_rewards = breakdown(long_video_views=500_000).source("creator_rewards")

    assert creator_rewards.amounts == amounts("100.00", "375.00", "600.00")
    assert creator_rewards.amounts.low <= Decimal(250)
    assert creator_rewards.amounts.high >= Decimal(500)
    assert "qualified_share_estimated" in creator_rewards.hints


def test_the_formula_shows_the_expected_terms_of_the_computation() -> None:
    formula = breakdown(long_video_views=500_000).source("creator_rewards").formula

    assert formula is not None
    assert formula.factors == (
        Factor(Decimal(500_000), "long_views"),
        Factor(Decimal("0.75"), "share", label="qualified_share"),
        Factor(Decimal("1.00"), "money_per_1000", "EUR", "rpm"),
    )
    assert formula.divisor == 1000
    assert formula.result == Decimal("375.00")
    assert formula.currency == "EUR"


def test_creator_rewards_never_guess_from_the_total_views() -> None:
    creator_rewards = breakdown(views_30d=2_000_000).source("creator_rewards")

    assert creator_rewards.amounts == NOTHING
    assert creator_rewards.formula is None
    assert "enter_long_video_views" in creator_rewards.hints


def test_qualified_views_win_over_long_video_views() -> None:
    creator_rewards = breakdown(qualified_views=100_000, long_video_views=500_000).source(
        "creator_rewards"
    )

    assert creator_rewards.amounts == amounts("40.00", "100.00", "120.00")
    assert "qualified_share_estimated" not in creator_rewards.hints


def test_live_gifts_are_the_diamonds_the_creator_receives() -> None:
    live_gifts = breakdown(diamonds=10_000, followers=5_000).source("live_gifts")

    # 10 000 diamonds * 0.005 USD * 0.86 EUR/USD
    assert live_gifts.amounts == fixed("43.00")
    assert live_gifts.formula is not None
    assert live_gifts.formula.factors == (
        Factor(Decimal(10_000), "diamonds"),
        Factor(Decimal("0.005"), "money", "USD", "diamond_value"),
        Factor(Decimal("0.86"), "exchange_rate", "EUR", "fx"),
    )


# --- Eligibility ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "change", "gap"),
    [
        ("creator_rewards", {"followers": 6_800}, Missing("min_followers", 10_000, 6_800)),
        ("creator_rewards", {"age": 17}, Missing("min_age", 18, 17)),
        ("creator_rewards", {"views_30d": 80_000}, Missing("min_views_30d", 100_000, 80_000)),
        (
            "creator_rewards",
            {"account_type": "business"},
            Missing("personal_account", "personal", "business"),
        ),
        ("creator_rewards", {"has_strike": True}, Missing("no_strike", None, None)),
        ("live_gifts", {"followers": 400}, Missing("min_followers", 1_000, 400)),
        ("live_gifts", {"age": 16}, Missing("min_age", 18, 16)),
        ("subscriptions", {"followers": 999}, Missing("min_followers", 1_000, 999)),
        ("tiktok_shop", {"followers": 1_200}, Missing("min_followers", 1_500, 1_200)),
        ("tiktok_shop", {"age": 15}, Missing("min_age", 18, 15)),
    ],
)
def test_each_failed_rule_is_reported_with_what_is_required(
    source: str, change: dict[str, object], gap: Missing
) -> None:
    estimate_ = breakdown(**(ELIGIBLE_CREATOR | change)).source(source)

    assert estimate_.eligible is False
    assert estimate_.missing == (gap,)


@pytest.mark.parametrize(
    ("gap", "expected"),
    [
        (Missing("min_followers", 10_000, 6_800), 3_200),
        (Missing("min_followers", 10_000, None), 10_000),
        (Missing("min_age", 18, 17), 1),
        (Missing("personal_account", "personal", "business"), None),
        (Missing("no_strike", None, None), None),
        (Missing("country", None, "BE"), None),
    ],
)
def test_the_gap_is_what_remains_to_reach_a_numeric_threshold(
    gap: Missing, expected: int | None
) -> None:
    assert gap.gap == expected


def test_six_thousand_eight_hundred_followers_are_three_thousand_two_hundred_short() -> None:
    creator_rewards = breakdown(**(ELIGIBLE_CREATOR | {"followers": 6_800})).source(
        "creator_rewards"
    )

    assert [(gap.rule, gap.required, gap.actual, gap.gap) for gap in creator_rewards.missing] == [
        ("min_followers", 10_000, 6_800, 3_200)
    ]


def test_unknown_followers_are_reported_as_unknown_and_count_as_zero() -> None:
    creator_rewards = breakdown(age=30).source("creator_rewards")

    assert creator_rewards.missing == (Missing("min_followers", 10_000, None),)
    assert [gap.gap for gap in creator_rewards.missing] == [10_000]


def test_unknown_views_and_videos_open_no_gap_and_are_said_assumed() -> None:
    brand = breakdown(age=30, followers=20_000, median_views=40_000).source("brand_partnerships")

    assert brand.missing == ()
    assert brand.limited is False
    assert {"views_assumed", "posts_assumed"} <= set(brand.hints)


def test_known_views_and_videos_below_the_rule_still_open_their_gap() -> None:
    brand = breakdown(age=30, followers=20_000, views_30d=500, posts_30d=1).source(
        "brand_partnerships"
    )

    assert brand.missing == (
        Missing("min_views_30d", 1_000, 500),
        Missing("min_posts_30d", 3, 1),
    )
    assert "posts_assumed" not in brand.hints


def test_long_video_and_qualified_views_count_as_views_of_the_last_30_days() -> None:
    creator_rewards = breakdown(age=30, followers=20_000, long_video_views=120_000).source(
        "creator_rewards"
    )

    assert creator_rewards.missing == ()
    assert creator_rewards.eligible is True


def test_an_unknown_age_is_assumed_old_enough_and_said_so() -> None:
    result = breakdown(**(ELIGIBLE_CREATOR | {"age": None}))

    assert all(source.eligible for source in result.sources)
    assert "age_assumed" in result.source("creator_rewards").hints
    assert "age_assumed" not in result.source("ugc").hints


def test_a_creator_meeting_every_rule_is_eligible_everywhere() -> None:
    result = breakdown(**ELIGIBLE_CREATOR)

    assert [(source.key, source.eligible, source.missing) for source in result.sources] == [
        (key, True, ()) for key in SOURCE_KEYS
    ]
    assert result.source("brand_partnerships").limited is False


def test_subscriptions_need_live_access_and_list_its_gaps_once() -> None:
    subscriptions = breakdown(age=30, followers=700).source("subscriptions")

    assert subscriptions.missing == (Missing("min_followers", 1_000, 700),)
    assert "live_access_required" in subscriptions.hints
    assert "eligibility:live_gifts" in subscriptions.assumptions


@pytest.mark.parametrize("source", ["affiliate", "own_products", "ugc"])
def test_sources_without_a_rule_are_always_available(source: str) -> None:
    estimate_ = breakdown(age=13, account_type="business", has_strike=True).source(source)

    assert estimate_.eligible is True
    assert estimate_.missing == ()


# --- Countries -----------------------------------------------------------------------------


@pytest.mark.parametrize("country", ["BE", "CA"])
def test_creator_rewards_do_not_run_in_belgium_nor_canada(country: str) -> None:
    creator_rewards = estimate(
        Inputs(country=country, **ELIGIBLE_CREATOR, qualified_views=100_000), RATES
    ).source("creator_rewards")

    assert creator_rewards.eligible is False
    assert creator_rewards.missing == (Missing("country", None, country),)
    assert "country_not_in_programme" in creator_rewards.hints


@pytest.mark.parametrize(
    ("country", "currency", "expected"),
    [
        ("FR", "EUR", amounts("40.00", "100.00", "120.00")),
        ("DE", "EUR", amounts("40.00", "100.00", "120.00")),
        ("BE", "EUR", amounts("40.00", "100.00", "120.00")),
        # EUR -> CAD is given (1.62): no detour through USD.
        ("CA", "CAD", amounts("64.80", "162.00", "194.40")),
        # EUR -> USD is the inverse of USD -> EUR 0.86.
        ("US", "USD", amounts("46.51", "116.28", "139.53")),
    ],
)
def test_creator_rewards_show_what_they_would_earn_in_the_country_currency(
    country: str, currency: str, expected: Amounts
) -> None:
    result = breakdown(country=country, qualified_views=100_000)

    assert result.currency == currency
    assert result.source("creator_rewards").amounts == expected


def test_canadian_amounts_show_the_exchange_rate_in_the_formula() -> None:
    formula = breakdown(country="CA", qualified_views=100_000).source("creator_rewards").formula

    assert formula is not None
    assert formula.factors[-1] == Factor(Decimal("1.62"), "exchange_rate", "CAD", "fx")
    assert formula.currency == "CAD"


def test_tiktok_shop_does_not_run_in_canada() -> None:
    result = breakdown(country="CA", **ELIGIBLE_CREATOR)
    shop = result.source("tiktok_shop")

    assert shop.eligible is False
    assert shop.missing == (Missing("country", None, "CA"),)
    assert "country_not_in_programme" in shop.hints
    country = next(item for item in result.assumptions if item.key == "country:CA")
    assert country.expected == Decimal(0)


@pytest.mark.parametrize(
    ("followers", "missing"),
    [(1_400, (Missing("min_followers", 1_500, 1_400),)), (1_500, ())],
)
def test_tiktok_shop_in_belgium_assumes_the_french_threshold(
    followers: int, missing: tuple[Missing, ...]
) -> None:
    result = breakdown(country="BE", age=30, followers=followers)
    shop = result.source("tiktok_shop")

    assert shop.missing == missing
    assert "shop_threshold_assumed" in shop.hints
    assert result.assumptions[0].provenance.confidence == Confidence.LOW
    country = next(item for item in result.assumptions if item.key == "country:BE")
    assert country.provenance.confidence == Confidence.LOW
    assert country.expected == Decimal(1_500)


def test_tiktok_shop_in_france_uses_the_french_threshold_without_a_warning() -> None:
    shop = breakdown(age=30, followers=1_499).source("tiktok_shop")

    assert shop.missing == (Missing("min_followers", 1_500, 1_499),)
    assert "shop_threshold_assumed" not in shop.hints


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("FR", amounts("250.00", "250.00", "350.00")),
        ("BE", amounts("250.00", "250.00", "350.00")),
        ("DE", amounts("250.00", "250.00", "350.00")),
        ("CA", amounts("350.00", "350.00", "450.00")),
        ("US", amounts("350.00", "350.00", "450.00")),
    ],
)
def test_subscriptions_keep_the_country_share_of_the_price(country: str, expected: Amounts) -> None:
    subscriptions = breakdown(
        country=country, subscribers=100, subscription_price=Decimal("5.00")
    ).source("subscriptions")

    assert subscriptions.amounts == expected


@pytest.mark.parametrize(
    ("country", "expected"),
    [("FR", fixed("43.00")), ("CA", fixed("70.00")), ("US", fixed("50.00"))],
)
def test_diamonds_are_converted_from_dollars(country: str, expected: Amounts) -> None:
    assert breakdown(country=country, diamonds=10_000).source("live_gifts").amounts == expected


def test_unknown_country_or_niche_is_refused() -> None:
    with pytest.raises(ValueError, match="country"):
        breakdown(country="ZZ")
    with pytest.raises(ValueError, match="niche"):
        breakdown(niche="astrology")


# --- Brand partnerships --------------------------------------------------------------------


def test_brand_deals_below_marketplace_thresholds_stay_available_as_direct_deals() -> None:
    result = breakdown(
        age=30,
        followers=4_000,
        views_30d=50_000,
        posts_30d=10,
        median_views=5_000,
        sponsored_posts=1,
    )
    brand = result.source("brand_partnerships")

    assert (brand.eligible, brand.limited) == (True, True)
    assert brand.missing == (Missing("min_followers", 10_000, 4_000),)
    assert "direct_deals_only" in brand.hints
    # 5 000 views * 15 USD / 1000 * 0.86
    assert brand.amounts.expected == Decimal("64.50")
    assert result.total.expected == Decimal("64.50")


def test_brand_deals_above_marketplace_thresholds_are_not_limited() -> None:
    brand = breakdown(**ELIGIBLE_CREATOR).source("brand_partnerships")

    assert (brand.eligible, brand.limited, brand.missing) == (True, False, ())
    assert "direct_deals_only" not in brand.hints


def test_an_engaged_niche_account_charges_more_than_a_bigger_generalist() -> None:
    finance = breakdown(
        followers=50_000, median_views=60_000, niche="finance", engagement_rate=Decimal(12)
    )
    generalist = breakdown(
        followers=200_000, median_views=20_000, niche="general", engagement_rate=Decimal(2)
    )

    # 60 * 15 USD * 0.86 * 1.6 finance * 1.5 engagement; 20 * 15 USD * 0.86 * 1.0 * 0.8
    assert finance.suggested_post_price == amounts("1238.40", "1857.60", "2476.80")
    assert generalist.suggested_post_price == amounts("137.60", "206.40", "275.20")
    assert finance.suggested_post_price.low > generalist.suggested_post_price.high


@pytest.mark.parametrize(
    ("engagement_rate", "expected", "assumption"),
    [
        (Decimal("0"), "103.20", "engagement:0"),
        (Decimal("2.99"), "103.20", "engagement:0"),
        (Decimal("3"), "129.00", "engagement:3"),
        (Decimal("5.99"), "129.00", "engagement:3"),
        (Decimal("6"), "161.25", "engagement:6"),
        (Decimal("10"), "193.50", "engagement:10"),
        (Decimal("100"), "193.50", "engagement:10"),
    ],
)
def test_engagement_bands_include_their_lower_bound(
    engagement_rate: Decimal, expected: str, assumption: str
) -> None:
    result = breakdown(median_views=10_000, engagement_rate=engagement_rate)

    assert result.suggested_post_price.expected == Decimal(expected)
    assert assumption in result.source("brand_partnerships").assumptions


def test_unknown_engagement_counts_as_average_and_says_so() -> None:
    result = breakdown(median_views=10_000)

    assert result.suggested_post_price.expected == Decimal("129.00")
    assert "engagement_unknown" in result.source("brand_partnerships").hints


def test_views_per_post_are_estimated_from_the_month_when_the_median_is_unknown() -> None:
    result = breakdown(views_30d=300_000, posts_30d=30)

    assert result.suggested_post_price.expected == Decimal("129.00")
    brand = result.source("brand_partnerships")
    assert "median_views_estimated" in brand.hints


def test_followers_give_a_price_per_post_when_no_views_are_known() -> None:
    result = breakdown(followers=50_000, sponsored_posts=2)
    brand = result.source("brand_partnerships")

    # 50 * 10/15/20 USD * 0.86, twice
    assert result.suggested_post_price == amounts("430.00", "645.00", "860.00")
    assert brand.amounts == amounts("860.00", "1290.00", "1720.00")
    assert "followers_based" in brand.hints
    assert brand.formula is not None
    assert brand.formula.factors[:3] == (
        Factor(Decimal(2), "posts"),
        Factor(Decimal(50_000), "followers"),
        Factor(Decimal(15), "money_per_1000_followers", "USD", "brand_follower_rate"),
    )


def test_the_suggested_post_price_is_there_even_without_any_deal() -> None:
    result = breakdown(median_views=10_000)
    brand = result.source("brand_partnerships")

    assert result.suggested_post_price.expected == Decimal("129.00")
    assert brand.amounts == NOTHING
    assert brand.formula is None
    assert "enter_sponsored_posts" in brand.hints
    assert result.suggested_post_formula is not None
    assert result.suggested_post_formula.result == Decimal("129.00")


def test_no_views_nor_followers_means_no_suggested_post_price() -> None:
    result = breakdown()

    assert result.suggested_post_price == NOTHING
    assert result.suggested_post_formula is None
    assert "enter_median_views" in result.source("brand_partnerships").hints


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("FR", amounts("150.00", "300.00", "800.00")),
        ("CA", amounts("243.00", "486.00", "1296.00")),
        ("US", amounts("174.42", "348.84", "930.23")),
    ],
)
def test_the_suggested_ugc_price_is_always_there(country: str, expected: Amounts) -> None:
    result = breakdown(country=country)

    assert result.suggested_ugc_price == expected
    assert result.suggested_ugc_formula is not None
    assert result.source("ugc").amounts == NOTHING
    assert "enter_ugc_videos" in result.source("ugc").hints


# --- Own numbers narrow the ranges ---------------------------------------------------------


def test_an_own_rate_per_post_replaces_the_estimate() -> None:
    result = breakdown(median_views=10_000, rate_per_post=Decimal("450.00"), sponsored_posts=2)
    brand = result.source("brand_partnerships")

    assert result.suggested_post_price == fixed("450.00")
    assert brand.amounts == fixed("900.00")
    assert "own_rate_used" in brand.hints
    assert "rate:brand_cpm" not in brand.assumptions


@pytest.mark.parametrize(
    ("fields", "source", "expected"),
    [
        (
            {"shop_sales": 10, "shop_order_value": Decimal("20.00")},
            "tiktok_shop",
            amounts("20.00", "30.00", "60.00"),
        ),
        (
            {"shop_sales": 10, "shop_order_value": Decimal("20.00"), "shop_commission": 20},
            "tiktok_shop",
            fixed("40.00"),
        ),
        (
            {"affiliate_sales": 10, "affiliate_order_value": Decimal("50.00")},
            "affiliate",
            amounts("25.00", "50.00", "100.00"),
        ),
        (
            {
                "affiliate_sales": 10,
                "affiliate_order_value": Decimal("50.00"),
                "affiliate_commission": Decimal("12.5"),
            },
            "affiliate",
            fixed("62.50"),
        ),
        ({"ugc_videos": 2}, "ugc", amounts("300.00", "600.00", "1600.00")),
        ({"ugc_videos": 2, "ugc_price": Decimal("420.00")}, "ugc", fixed("840.00")),
        (
            {"product_units": 12, "product_margin": Decimal("7.50")},
            "own_products",
            fixed("90.00"),
        ),
    ],
)
def test_own_numbers_replace_the_make_rates(
    fields: dict[str, object], source: str, expected: Amounts
) -> None:
    assert breakdown(**fields).source(source).amounts == expected


def test_own_qualified_views_narrow_the_creator_rewards_range() -> None:
    from_long_views = breakdown(long_video_views=500_000).source("creator_rewards").amounts
    from_qualified = breakdown(qualified_views=375_000).source("creator_rewards").amounts

    assert from_long_views == amounts("100.00", "375.00", "600.00")
    assert from_qualified == amounts("150.00", "375.00", "450.00")
    assert from_qualified.high - from_qualified.low < from_long_views.high - from_long_views.low


@pytest.mark.parametrize(
    ("fields", "source", "hints"),
    [
        ({"subscribers": 10}, "subscriptions", ("enter_subscription_price",)),
        (
            {"subscription_price": Decimal("4.99")},
            "subscriptions",
            ("enter_subscribers",),
        ),
        ({"affiliate_sales": 3}, "affiliate", ("enter_affiliate_order_value",)),
        ({"shop_order_value": Decimal("9.90")}, "tiktok_shop", ("enter_shop_sales",)),
        ({"product_margin": Decimal("3.00")}, "own_products", ("enter_product_units",)),
        ({}, "live_gifts", ("enter_diamonds",)),
    ],
)
def test_a_missing_input_gives_zero_and_asks_for_it(
    fields: dict[str, object], source: str, hints: tuple[str, ...]
) -> None:
    estimate_ = breakdown(**fields).source(source)

    assert estimate_.amounts == NOTHING
    assert estimate_.formula is None
    assert set(hints) <= set(estimate_.hints)


# --- Currency conversion -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "from_currency", "to_currency", "expected"),
    [
        ("100", "EUR", "EUR", "100"),
        ("100", "USD", "EUR", "86.00"),
        ("86", "EUR", "USD", "100"),
        ("100", "EUR", "CAD", "162.00"),
        ("162", "CAD", "EUR", "100"),
        ("140", "CAD", "USD", "100"),
    ],
)
def test_conversion_uses_the_direct_pair_else_its_inverse(
    amount: str, from_currency: str, to_currency: str, expected: str
) -> None:
    assert convert(Decimal(amount), from_currency, to_currency, RATES) == Decimal(expected)


def test_conversion_goes_through_a_pivot_currency_when_no_pair_links_the_two() -> None:
    without_eur_cad = dataclasses.replace(
        RATES,
        exchange_rates=tuple(
            pair
            for pair in RATES.exchange_rates
            if {pair.from_currency, pair.to_currency}
            != {
                "EUR",
                "CAD",
            }
        ),
    )

    # 86 EUR -> 100 USD -> 140 CAD
    assert convert(Decimal(86), "EUR", "CAD", without_eur_cad) == Decimal(140)
    result = estimate(Inputs(country="CA", qualified_views=86_000), without_eur_cad)
    assert result.source("creator_rewards").amounts.expected == Decimal("140.00")
    assert {"fx:USD-EUR", "fx:USD-CAD"} <= set(result.source("creator_rewards").assumptions)


def test_a_missing_exchange_rate_is_a_clear_error() -> None:
    with pytest.raises(MissingExchangeRate, match="GBP"):
        convert(Decimal(1), "EUR", "GBP", RATES)
    assert issubclass(MissingExchangeRate, ValueError)


def test_a_country_whose_currency_cannot_be_reached_is_a_clear_error() -> None:
    united_kingdom = dataclasses.replace(RATES.countries["FR"], code="GB", currency="GBP")
    rates = dataclasses.replace(RATES, countries={**RATES.countries, "GB": united_kingdom})

    with pytest.raises(MissingExchangeRate):
        estimate(Inputs(country="GB"), rates)


# --- Total, shares and rounding ------------------------------------------------------------


def test_the_total_sums_eligible_sources_only() -> None:
    result = breakdown(
        country="BE",
        **ELIGIBLE_CREATOR,
        qualified_views=100_000,
        ugc_videos=2,
        product_units=10,
        product_margin=Decimal("15.00"),
    )

    assert result.source("creator_rewards").eligible is False
    assert result.source("creator_rewards").amounts.expected == Decimal("100.00")
    assert result.total == amounts("450.00", "750.00", "1750.00")
    assert result.share("creator_rewards") == Decimal(0)
    assert result.share("ugc") == Decimal("0.8")
    assert result.share("own_products") == Decimal("0.2")


def test_an_ineligible_source_still_shows_what_it_would_earn() -> None:
    result = breakdown(age=30, followers=500, diamonds=10_000)
    live_gifts = result.source("live_gifts")

    assert live_gifts.eligible is False
    assert live_gifts.amounts == fixed("43.00")
    assert live_gifts.missing[0].gap == 500
    assert result.total == NOTHING


def test_the_total_is_the_sum_of_the_rounded_parts_shown() -> None:
    result = breakdown(
        age=30,
        followers=2_000,
        subscribers=1,
        subscription_price=Decimal("0.99"),
        affiliate_sales=1,
        affiliate_order_value=Decimal("0.99"),
        affiliate_commission=Decimal(50),
    )

    # 0.495 + 0.495: each part is shown rounded up to 0.50, so the total shown is 1.00
    # (a total of 0.99 under two parts of 0.50 reads as an error).
    assert result.source("subscriptions").amounts.expected == Decimal("0.50")
    assert result.source("affiliate").amounts.expected == Decimal("0.50")
    assert result.total.expected == Decimal("1.00")


def test_half_a_cent_rounds_up() -> None:
    affiliate = breakdown(
        affiliate_sales=1, affiliate_order_value=Decimal("0.01"), affiliate_commission=50
    ).source("affiliate")

    assert affiliate.amounts == fixed("0.01")


def test_the_formula_result_is_the_rounded_expected_amount() -> None:
    brand = breakdown(median_views=12_345, sponsored_posts=3, niche="tech").source(
        "brand_partnerships"
    )

    assert brand.formula is not None
    # 3 * 12 345 * 15 USD / 1000 * 0.86 * 1.5 = 716.62725
    assert brand.formula.result == brand.amounts.expected == Decimal("716.63")
    assert brand.formula.divisor == 1000


# --- Breakdown shape and assumptions -------------------------------------------------------


def test_the_breakdown_lists_every_source_in_a_stable_order() -> None:
    result = breakdown()

    assert tuple(source.key for source in result.sources) == SOURCE_KEYS
    with pytest.raises(KeyError):
        result.source("onlyfans")


def test_assumptions_list_the_least_certain_first() -> None:
    result = breakdown(
        **ELIGIBLE_CREATOR, qualified_views=100_000, diamonds=1_000, median_views=10_000
    )
    order = [(item.provenance.confidence, item.key) for item in result.assumptions]

    assert order == sorted(order)
    assert [key for confidence, key in order if confidence == Confidence.LOW] == [
        "fx:USD-EUR",
        "rate:diamond_value",
    ]
    assert {"rate:rpm", "rate:brand_cpm", "niche:general", "country:FR"} <= {
        key for _, key in order
    }


def test_every_assumption_a_source_names_is_in_the_panel_with_its_source_and_date() -> None:
    result = breakdown(
        country="CA",
        **ELIGIBLE_CREATOR,
        long_video_views=500_000,
        diamonds=1_000,
        subscribers=10,
        subscription_price=Decimal("4.99"),
    )
    panel = {item.key: item for item in result.assumptions}

    for source in result.sources:
        for key in source.assumptions:
            assert panel[key].provenance.checked_on.isoformat() == "2026-11-21"
    assert panel["rate:rpm"].currency == "EUR"
    assert panel["rate:subscription_share"].expected == Decimal("0.70")
    assert "fx:EUR-CAD" in panel
    assert "fx:USD-CAD" in panel


def test_a_copy_of_the_rates_is_estimated_with_its_own_values() -> None:
    """The engine keeps what it derives from a card's rates with them (``Rates.derived``): a
    copy with another rate starts afresh, never priced with the original's."""
    before = breakdown(qualified_views=100_000)  # what RATES derives is now built
    rpm = RATES.rates["rpm"]
    doubled = dataclasses.replace(
        rpm, low=rpm.low * 2, expected=rpm.expected * 2, high=rpm.high * 2
    )
    copy = dataclasses.replace(RATES, rates={**RATES.rates, "rpm": doubled})

    after = estimate(Inputs(qualified_views=100_000), copy)

    assert after.source("creator_rewards").amounts.expected == Decimal("200.00")
    stated = {assumption.key: assumption for assumption in after.assumptions}
    assert stated["rate:rpm"].expected == doubled.expected
    assert breakdown(qualified_views=100_000) == before  # the original reads its own still
    assert before.source("creator_rewards").amounts.expected == Decimal("100.00")
