"""The creator's own rates, learnt from the months where it typed what it actually received.

Pure functions beside the engine (standard library and ``calculations`` only). For each source
whose rate can be derived from a month's inputs and its actual amount:

==================== ========================================================= =================
own rate             per month                                                  engine rate
==================== ========================================================= =================
``rpm``              actual Creator Rewards ÷ qualified views × 1 000           ``rpm``
                     (else ÷ views on videos over one minute)
``diamond_value``    actual LIVE gifts ÷ diamonds                               ``diamond_value``
``price_per_post``   actual brand partnerships ÷ sponsored videos               none (shown only)
``affiliate_commission`` actual affiliate ÷ (sales × order value)               same key
``shop_commission``  actual TikTok Shop ÷ (sales × order value)                 same key
``ugc_price``        actual UGC ÷ videos                                        ``ugc_price``
==================== ========================================================= =================

The own rate is the median of the last ``MAX_MONTHS`` usable months, once the months far from
the rest (more than ``OUTLIER_FACTOR`` times the window's median, or less than its
``1 / OUTLIER_FACTOR``) are flagged and left out; it counts only with at least ``MIN_MONTHS``
months kept. Its range is the lowest and the highest kept month. A month is not usable when the
actual or the input is unknown, when the input is zero (nothing to divide by), when nothing was
received (not in the programme yet: not a rate of 0), or when its amounts are in a currency
that cannot be converted.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from estimator import calculations as calc

MIN_MONTHS = 3
MAX_MONTHS = 6
OUTLIER_FACTOR = Decimal(3)

QUALIFIED = "qualified_views"
LONG_VIDEO_VIEWS = "long_video_views"

# own rate key → (revenue source, unit: "money", "money_per_1000" or "share"), as the
# registry declares them
OWN_RATES: dict[str, tuple[str, str]] = {
    source.own_rate: (source.key, source.own_rate_unit)
    for source in calc.SOURCES
    if source.own_rate is not None
}
# Own rates the engine can take in place of a card rate (same key in ``Rates.rates``).
ENGINE_KEYS = ("rpm", "diamond_value", "affiliate_commission", "shop_commission", "ugc_price")

Converter = Callable[[Decimal, str, str], Decimal]


@dataclass(frozen=True)
class MonthFigures:
    """One tracked month: its inputs and what was actually received, in ``currency``."""

    month: datetime.date
    currency: str
    actual: Mapping[str, Decimal | None]  # revenue source key → amount
    qualified_views: int | None = None
    long_video_views: int | None = None
    diamonds: int | None = None
    sponsored_posts: int | None = None
    affiliate_sales: int | None = None
    affiliate_order_value: Decimal | None = None
    shop_sales: int | None = None
    shop_order_value: Decimal | None = None
    ugc_videos: int | None = None


@dataclass(frozen=True)
class Observation:
    month: datetime.date
    value: Decimal  # in the own rate's currency (a fraction 0..1 for a commission)
    outlier: bool = False


@dataclass(frozen=True)
class OwnRate:
    key: str
    currency: str | None  # None for commissions
    basis: str | None  # rpm only: QUALIFIED or LONG_VIDEO_VIEWS
    observations: tuple[Observation, ...]  # the window, oldest first, outliers included

    @property
    def source(self) -> str:
        return OWN_RATES[self.key][0]

    @property
    def kept(self) -> tuple[Observation, ...]:
        return tuple(obs for obs in self.observations if not obs.outlier)

    @property
    def outliers(self) -> tuple[Observation, ...]:
        return tuple(obs for obs in self.observations if obs.outlier)

    @property
    def months(self) -> int:
        return len(self.kept)

    @property
    def usable(self) -> bool:
        return self.months >= MIN_MONTHS

    @property
    def expected(self) -> Decimal | None:
        return median([obs.value for obs in self.kept]) if self.usable else None

    @property
    def low(self) -> Decimal | None:
        return min(obs.value for obs in self.kept) if self.usable else None

    @property
    def high(self) -> Decimal | None:
        return max(obs.value for obs in self.kept) if self.usable else None


def median(values: Sequence[Decimal]) -> Decimal:
    ordered = sorted(values)
    if not ordered:
        raise ValueError("median of nothing")
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    lower, upper = ordered[middle - 1], ordered[middle]
    # Decimal's 28 significant digits can put the mean of two equal-ish values a digit outside
    # them; the median never lies outside the two middle values.
    return min(max((lower + upper) / 2, lower), upper)


def percentile(values: Sequence[Decimal], fraction: Decimal) -> Decimal:
    """Linear interpolation between closest ranks (numpy's default), ``fraction`` in 0..1."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("percentile of nothing")
    position = Decimal(len(ordered) - 1) * fraction
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def flag_outliers(values: Sequence[Decimal]) -> list[bool]:
    """True for each value far from the window's median (see the module's docstring)."""
    if len(values) < MIN_MONTHS:
        return [False] * len(values)
    middle = median(values)
    return [value > middle * OUTLIER_FACTOR or value * OUTLIER_FACTOR < middle for value in values]


def _ratio(amount: Decimal | None, base: Decimal | int | None) -> Decimal | None:
    if amount is None or base is None or amount <= 0 or base <= 0:
        return None
    return Decimal(amount) / Decimal(base)


def _sales_value(sales: int | None, order_value: Decimal | None) -> Decimal | None:
    if sales is None or order_value is None:
        return None
    return Decimal(sales) * Decimal(order_value)


def _monthly_values(month: MonthFigures, key: str) -> tuple[Decimal | None, str | None]:
    """(rate of the month in its own currency, basis); (None, None) when not usable."""
    actual = month.actual.get(OWN_RATES[key][0])
    if actual is None or actual <= 0:
        return None, None
    if key == "rpm":
        if month.qualified_views:
            return _ratio(actual, Decimal(month.qualified_views) / 1000), QUALIFIED
        if month.long_video_views:
            return _ratio(actual, Decimal(month.long_video_views) / 1000), LONG_VIDEO_VIEWS
        return None, None
    if key == "diamond_value":
        base = month.diamonds
    elif key == "price_per_post":
        base = month.sponsored_posts
    elif key == "affiliate_commission":
        base = _sales_value(month.affiliate_sales, month.affiliate_order_value)
    elif key == "shop_commission":
        base = _sales_value(month.shop_sales, month.shop_order_value)
    else:
        base = month.ugc_videos
    return _ratio(actual, base), None


def own_rate(
    key: str,
    months: Iterable[MonthFigures],
    currency: str,
    convert: Converter | None = None,
) -> OwnRate:
    """The own rate ``key`` over ``months``, in ``currency``.

    ``convert(amount, from_currency, to_currency)`` converts a month typed in another currency
    (it may raise ``calculations.MissingExchangeRate``); without it such months are left out.
    A commission is a ratio of two amounts of the same month: its currency does not matter.
    """
    is_share = OWN_RATES[key][1] == "share"
    usable: list[tuple[datetime.date, Decimal, str | None]] = []
    for month in sorted(months, key=lambda figures: figures.month):
        value, basis = _monthly_values(month, key)
        if value is None:
            continue
        if not is_share and month.currency != currency:
            if convert is None:
                continue
            try:
                value = convert(value, month.currency, currency)
            except calc.MissingExchangeRate:
                continue
        usable.append((month.month, value, basis))
    basis = None
    if key == "rpm":
        # Qualified views are what the programme pays on: use them when there are enough.
        on_qualified = [item for item in usable if item[2] == QUALIFIED]
        basis = QUALIFIED if len(on_qualified) >= MIN_MONTHS or not usable else LONG_VIDEO_VIEWS
        if basis == QUALIFIED:
            usable = on_qualified
    window = usable[-MAX_MONTHS:]
    flags = flag_outliers([value for _month, value, _basis in window])
    return OwnRate(
        key=key,
        currency=None if is_share else currency,
        basis=basis,
        observations=tuple(
            Observation(month, value, flag)
            for (month, value, _basis), flag in zip(window, flags, strict=True)
        ),
    )


def own_rates(
    months: Iterable[MonthFigures], currency: str, convert: Converter | None = None
) -> dict[str, OwnRate]:
    """Every own rate (usable or not) over ``months``."""
    months = list(months)
    return {key: own_rate(key, months, currency, convert) for key in OWN_RATES}


def apply_own_rates(
    rates: calc.Rates,
    own: Mapping[str, OwnRate],
    niche: str,
    describe: Callable[[OwnRate], str],
    checked_on: datetime.date | None = None,
) -> calc.Rates:
    """A copy of ``rates`` where each usable own rate replaces the card's.

    The own RPM already includes the niche (it is what this creator was paid), so the niche's
    RPM multiplier becomes 1; an RPM learnt on views over one minute is per such view, so the
    qualified share becomes 1 too. ``describe`` gives the provenance's text (the page shows it).
    """
    replaced = dict(rates.rates)
    niches = dict(rates.niches)
    for key in ENGINE_KEYS:
        rate = own.get(key)
        if rate is None or not rate.usable or key not in rates.rates:
            continue
        provenance = calc.Provenance(
            describe(rate),
            checked_on or rate.kept[-1].month,
            calc.Confidence.HIGH,
        )
        replaced[key] = calc.Rate(
            key, rate.low, rate.expected, rate.high, rate.currency, provenance
        )
        if key == "rpm":
            if niche in niches:
                niches[niche] = dataclasses.replace(niches[niche], rpm_multiplier=Decimal(1))
            if rate.basis == LONG_VIDEO_VIEWS and "qualified_share" in rates.rates:
                one = Decimal(1)
                replaced["qualified_share"] = calc.Rate(
                    "qualified_share", one, one, one, None, provenance
                )
    if replaced == dict(rates.rates):
        return rates
    return dataclasses.replace(rates, rates=replaced, niches=niches)


# --- Accuracy of past estimates ----------------------------------------------------------------


def absolute_percentage_error(estimated: Decimal, actual: Decimal) -> Decimal | None:
    """|estimated − actual| ÷ actual × 100; None when nothing was received (no base)."""
    if actual <= 0:
        return None
    return abs(estimated - actual) * 100 / actual


def median_absolute_percentage_error(
    pairs: Iterable[tuple[Decimal | None, Decimal | None]],
) -> tuple[Decimal | None, int]:
    """(median of the absolute % errors, number of months counted) over (estimated, actual)."""
    errors = []
    for estimated, actual in pairs:
        if estimated is None or actual is None:
            continue
        error = absolute_percentage_error(estimated, actual)
        if error is not None:
            errors.append(error)
    return (median(errors) if errors else None), len(errors)
