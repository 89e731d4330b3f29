"""A month's stats as estimator inputs, and the stored estimate of that month."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from decimal import Decimal

from creators.models import CreatorProfile, MonthlyStat
from estimator import calculations as calc
from estimator import serializers
from estimator.calculations import SOURCE_KEYS
from estimator.choices import DEFAULT_NICHE


def country_of(profile: CreatorProfile, rates: calc.Rates) -> str:
    return profile.country if profile.country in rates.countries else "FR"


def currency_of(profile: CreatorProfile, rates: calc.Rates) -> str:
    """The profile's own currency when it set one and it can be converted to, else the country's."""
    country = rates.countries[country_of(profile, rates)]
    override = profile.currency
    if not override or override == country.currency:
        return country.currency
    try:
        calc.convert(Decimal(1), country.currency, override, rates)
    except calc.MissingExchangeRate:
        return country.currency
    return override


def rates_for(profile: CreatorProfile, rates: calc.Rates) -> calc.Rates:
    """The rates, with the profile's currency as its country's output currency."""
    code = country_of(profile, rates)
    currency = currency_of(profile, rates)
    if currency == rates.countries[code].currency:
        return rates
    country = dataclasses.replace(rates.countries[code], currency=currency)
    return dataclasses.replace(rates, countries={**rates.countries, code: country})


def inputs_for(profile: CreatorProfile, stat: MonthlyStat, rates: calc.Rates) -> calc.Inputs:
    """The one place a month (and its profile) becomes estimator inputs: each stat is the API
    parameter of the same meaning, and what was not typed stays unknown (None)."""
    country = country_of(profile, rates)
    niche = profile.niche if profile.niche in rates.niches else DEFAULT_NICHE
    return calc.Inputs(
        country=country,
        age=profile.age_in(stat.month),
        niche=niche,
        account_type=profile.account_type,
        followers=stat.followers,
        views_30d=stat.video_views,
        posts_30d=stat.videos_posted,
        long_video_views=stat.long_video_views,
        qualified_views=stat.qualified_views,
        diamonds=stat.diamonds,
        subscribers=stat.subscribers,
        subscription_price=profile.subscription_price,
        sponsored_posts=stat.sponsored_posts,
        engagement_rate=stat.engagement_rate,
    )


def estimate_month(profile: CreatorProfile, stat: MonthlyStat, rates: calc.Rates) -> calc.Breakdown:
    """The month's breakdown: the estimator's engine call on the month's inputs. Every amount
    of the tracker (months, charts, dashboard, media kit, planner) comes from here."""
    return calc.estimate(inputs_for(profile, stat, rates), rates_for(profile, rates))


def apply_estimate(profile: CreatorProfile, stat: MonthlyStat, rates: calc.Rates) -> None:
    """Set (without saving) the month's estimate and the rate card that produced it."""
    breakdown = estimate_month(profile, stat, rates)
    stat.estimate = serializers.stored_estimate(breakdown)
    # Unknown is not zero: without any eligible source priced, the month has no total.
    stat.estimated_total = breakdown.total.expected if breakdown.total_known else None
    stat.rate_card_id = rates.card_id


def refresh_estimates(
    profile: CreatorProfile, stats: Iterable[MonthlyStat], rates: calc.Rates
) -> list[MonthlyStat]:
    """Recompute and save the estimates of ``stats`` with ``rates`` (one bulk update)."""
    stats = list(stats)
    for stat in stats:
        apply_estimate(profile, stat, rates)
    MonthlyStat.objects.bulk_update(stats, ["estimate", "estimated_total", "rate_card"])
    return stats


def expected_by_source(stat: MonthlyStat) -> dict[str, Decimal]:
    """The month's stored expected amount of each source it counts: eligible and priced
    (ineligible is never summed, unknown is never zero)."""
    if not stat.estimate:
        return {}
    sources = stat.estimate["sources"]
    return {
        key: Decimal(sources[key]["expected"])
        for key in SOURCE_KEYS
        if key in sources
        and sources[key].get("eligible", True)
        and serializers.stored_source_known(sources[key])
    }
