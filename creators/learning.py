"""Estimates that learn: a profile's own rates, the accuracy of its past estimates, and the
figures of consenting creators for the admins' observed rates.

The arithmetic is in ``estimator.own_rates`` (pure); this module reads the months and says
things in words. The own rates reach the engine as a rates override: a copy of the card's rates
with the creator's own values (``own_rates_override``), handed to the usual estimate call.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import ngettext

from creators.estimates import country_of, currency_of, expected_by_source, rates_for
from creators.models import CreatorProfile, MonthlyStat
from estimator import calculations as calc
from estimator import own_rates as own
from estimator import serializers
from estimator.calculations import SOURCE_KEYS
from estimator.choices import DEFAULT_NICHE
from estimator.observed import CreatorFigures, register_provider
from estimator.presentation import format_money, format_percent

# The query parameter of the switch between the creator's own rates and the market card.
RATES_PARAMETER = "rates"
CARD = "card"


def month_figures(stat: MonthlyStat, profile_currency: str) -> own.MonthFigures:
    # A month's amounts are in the currency it was estimated in (the profile may change since).
    currency = (stat.estimate or {}).get("currency") or profile_currency
    return own.MonthFigures(
        month=stat.month,
        currency=currency,
        actual={key: getattr(stat, calc.source(key).actual_field) for key in SOURCE_KEYS},
        qualified_views=stat.qualified_views,
        long_video_views=stat.long_video_views,
        diamonds=stat.diamonds,
        sponsored_posts=stat.sponsored_posts,
    )


def profile_own_rates(
    profile: CreatorProfile, stats: Iterable[MonthlyStat], rates: calc.Rates
) -> dict[str, own.OwnRate]:
    currency = currency_of(profile, rates)
    return own.own_rates(
        (month_figures(stat, currency) for stat in stats),
        currency,
        lambda amount, from_cur, to_cur: calc.convert(amount, from_cur, to_cur, rates),
    )


def _value(rate: own.OwnRate, value: Decimal) -> str:
    if rate.currency is None:
        return format_percent(value)
    if rate.key == "diamond_value":
        return format_money(value.quantize(Decimal("0.0001")), rate.currency, places=4)
    return format_money(value.quantize(Decimal("0.01")), rate.currency)


def describe(rate: own.OwnRate) -> str:
    """ "your own RPM over 4 months: 0,62 € per 1 000 qualified views"."""
    values = {"months": rate.months, "value": _value(rate, rate.expected or Decimal(0))}
    if rate.key == "rpm" and rate.basis == own.QUALIFIED:
        text = ngettext(
            "your own RPM over %(months)s month: %(value)s per 1,000 qualified views",
            "your own RPM over %(months)s months: %(value)s per 1,000 qualified views",
            rate.months,
        )
    elif rate.key == "rpm":
        text = ngettext(
            "your own RPM over %(months)s month: %(value)s per 1,000 views on videos over 1 minute",
            "your own RPM over %(months)s months: %(value)s per 1,000 views on videos over "
            "1 minute",
            rate.months,
        )
    elif rate.key == "diamond_value":
        text = ngettext(
            "your own value per diamond over %(months)s month: %(value)s",
            "your own value per diamond over %(months)s months: %(value)s",
            rate.months,
        )
    elif rate.key == "price_per_post":
        text = ngettext(
            "your own price per sponsored video over %(months)s month: %(value)s",
            "your own price per sponsored video over %(months)s months: %(value)s",
            rate.months,
        )
    elif rate.key == "affiliate_commission":
        text = ngettext(
            "your own affiliate commission over %(months)s month: %(value)s",
            "your own affiliate commission over %(months)s months: %(value)s",
            rate.months,
        )
    elif rate.key == "shop_commission":
        text = ngettext(
            "your own TikTok Shop commission over %(months)s month: %(value)s",
            "your own TikTok Shop commission over %(months)s months: %(value)s",
            rate.months,
        )
    else:
        text = ngettext(
            "your own price per UGC video over %(months)s month: %(value)s",
            "your own price per UGC video over %(months)s months: %(value)s",
            rate.months,
        )
    return text % values


def own_rates_override(
    profile: CreatorProfile, rates: calc.Rates, learnt: dict[str, own.OwnRate]
) -> calc.Rates:
    """The profile's rates (its currency) with its own usable rates in place of the card's."""
    profile_rates = rates_for(profile, rates)
    niche = profile.niche if profile.niche in rates.niches else DEFAULT_NICHE
    return own.apply_own_rates(profile_rates, learnt, niche, describe)


@dataclass(frozen=True)
class OwnRateLine:
    rate: own.OwnRate
    label: str
    low: str
    high: str
    outliers: tuple[datetime.date, ...]
    applied: bool  # the engine uses it (the price per sponsored video is shown only)


@dataclass(frozen=True)
class OwnRates:
    """What a page needs to use, label and switch the creator's own rates."""

    lines: tuple[OwnRateLine, ...]  # usable own rates only
    too_few: tuple[str, ...]  # sources with some usable months, but fewer than MIN_MONTHS
    rates: calc.Rates  # the rates to estimate with: the override, or the card when switched
    using_own: bool  # the override is in use (something usable and not switched to the card)

    @property
    def available(self) -> bool:
        return any(line.applied for line in self.lines)


def own_rates_for(
    profile: CreatorProfile, stats: Sequence[MonthlyStat], rates: calc.Rates, switch: str | None
) -> OwnRates:
    """The profile's own rates, and the rates to estimate with (``switch`` == "card": the card)."""
    learnt = profile_own_rates(profile, stats, rates)
    lines = tuple(
        OwnRateLine(
            rate,
            describe(rate),
            _value(rate, rate.low),
            _value(rate, rate.high),
            tuple(obs.month for obs in rate.outliers),
            rate.key in own.ENGINE_KEYS,
        )
        for rate in learnt.values()
        if rate.usable
    )
    too_few = tuple(rate.source for rate in learnt.values() if 0 < rate.months < own.MIN_MONTHS)
    override = own_rates_override(profile, rates, learnt)
    using_own = switch != CARD and any(line.applied for line in lines)
    return OwnRates(lines, too_few, override if using_own else rates_for(profile, rates), using_own)


def media_kit_post_price(
    profile: CreatorProfile, stats: Iterable[MonthlyStat], rates: calc.Rates
) -> tuple[calc.Amounts, int] | None:
    """The own price per sponsored video and its months, when the creator chose to show it."""
    if not profile.media_kit_own_price:
        return None
    rate = profile_own_rates(profile, stats, rates)["price_per_post"]
    if not rate.usable:
        return None
    cents = Decimal("0.01")
    amounts = calc.Amounts(
        rate.low.quantize(cents), rate.expected.quantize(cents), rate.high.quantize(cents)
    )
    return amounts, rate.months


# --- Accuracy --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceAccuracy:
    key: str
    error: Decimal | None  # median absolute % error, None without a month to compare
    months: int

    @property
    def error_text(self) -> str:
        """ "22,5 %" / "22.5%", to the tenth of a percent."""
        return format_percent((self.error or Decimal(0)).quantize(Decimal("0.1")) / 100)


def accuracy_by_source(stats: Iterable[MonthlyStat]) -> dict[str, SourceAccuracy]:
    """Per source, the median absolute % error of the stored estimates against the actuals."""
    stats = list(stats)
    result = {}
    for key in SOURCE_KEYS:
        pairs = [
            (expected_by_source(stat).get(key), getattr(stat, calc.source(key).actual_field))
            for stat in stats
        ]
        error, months = own.median_absolute_percentage_error(pairs)
        result[key] = SourceAccuracy(key, error, months)
    return result


# --- Observed rates (for the estimator's admin) ----------------------------------------------


# What the observed rates read of a month: plain values, no model instances (an admin page
# over thousands of creators spent most of its time building them).
_OBSERVED_MONTH_FIELDS = (
    "profile_id",
    "month",
    "qualified_views",
    "long_video_views",
    "diamonds",
    "sponsored_posts",
    "estimate",
    "rate_card_id",
    *(source.actual_field for source in calc.SOURCES),
)


def consenting_figures(since: datetime.date, rates: calc.Rates) -> list[CreatorFigures]:
    """Each consenting creator's own rates over its months since ``since``, and the errors of
    its stored estimates (per rate card and source). Withdrawn consent: simply not read."""
    sharing = CreatorProfile.objects.sharing_observed_rates()
    profiles = {
        row["pk"]: CreatorProfile(**row)
        for row in sharing.values("pk", "country", "niche", "currency")
    }
    months = (
        MonthlyStat.objects.filter(month__gte=since, profile__in=sharing)
        .order_by("profile_id", "month")
        .values(*_OBSERVED_MONTH_FIELDS)
    )
    by_profile: dict[int, list[dict]] = {}
    for row in months:
        by_profile.setdefault(row["profile_id"], []).append(row)

    def convert(amount: Decimal, from_cur: str, to_cur: str) -> Decimal:
        return calc.convert(amount, from_cur, to_cur, rates)

    figures = []
    for profile_id, rows in by_profile.items():
        profile = profiles[profile_id]
        currency = currency_of(profile, rates)
        errors = []
        month_figures_list = []
        for row in rows:
            estimate = row["estimate"] or {}
            actual = {key: row[calc.source(key).actual_field] for key in SOURCE_KEYS}
            month_figures_list.append(
                own.MonthFigures(
                    month=row["month"],
                    currency=estimate.get("currency") or currency,
                    actual=actual,
                    qualified_views=row["qualified_views"],
                    long_video_views=row["long_video_views"],
                    diamonds=row["diamonds"],
                    sponsored_posts=row["sponsored_posts"],
                )
            )
            if row["rate_card_id"] is None:
                continue
            for key, values in estimate.get("sources", {}).items():
                # Only what the estimate counted: eligible and priced (unknown is never zero).
                if actual.get(key) is None or not values.get("eligible", True):
                    continue
                if not serializers.stored_source_known(values):
                    continue
                error = own.absolute_percentage_error(Decimal(values["expected"]), actual[key])
                if error is not None:
                    errors.append((row["rate_card_id"], key, error))
        figures.append(
            CreatorFigures(
                creator=profile_id,
                country=country_of(profile, rates),
                niche=profile.niche,
                own_rates=own.own_rates(month_figures_list, currency, convert),
                errors=tuple(errors),
            )
        )
    return figures


def register() -> None:
    register_provider(consenting_figures)
