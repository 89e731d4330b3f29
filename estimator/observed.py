"""Observed rates: what consenting creators actually earn, for the admins who set the cards.

The estimator does not know about creators: the app that tracks them registers a provider
(``register_provider``) returning one ``CreatorFigures`` per consenting creator. Only
aggregates of at least ``MIN_CREATORS`` distinct creators ever leave this module: a cell with
fewer is hidden, whoever asks.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from config.months import add_months
from estimator import calculations as calc
from estimator.own_rates import OWN_RATES, QUALIFIED, OwnRate, median, percentile

MIN_CREATORS = 10
WINDOW_MONTHS = 12
P10, P90 = Decimal("0.1"), Decimal("0.9")
# Own rates compared with (and proposed for) a rate of the card: same key.
CARD_KEYS = ("rpm", "diamond_value", "affiliate_commission", "shop_commission", "ugc_price")
SHARE_KEYS = frozenset({"affiliate_commission", "shop_commission"})


@dataclass(frozen=True)
class CreatorFigures:
    creator: int  # a distinct creator (profile) id, never shown
    country: str
    niche: str
    own_rates: Mapping[str, OwnRate]
    errors: tuple[tuple[int, str, Decimal], ...] = ()  # (rate card id, source, absolute % error)


Provider = Callable[[datetime.date, calc.Rates], Iterable[CreatorFigures]]
_providers: list[Provider] = []


def register_provider(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def window_start(today: datetime.date) -> datetime.date:
    """The first month of the last ``WINDOW_MONTHS`` months, this one included."""
    return add_months(today.replace(day=1), -(WINDOW_MONTHS - 1))


def collect(today: datetime.date, rates: calc.Rates) -> list[CreatorFigures]:
    since = window_start(today)
    return [figures for provider in _providers for figures in provider(since, rates)]


@dataclass(frozen=True)
class Distribution:
    count: int  # distinct creators
    p10: Decimal
    median: Decimal
    p90: Decimal


def distribution(values: list[Decimal]) -> Distribution:
    return Distribution(
        len(values), percentile(values, P10), median(values), percentile(values, P90)
    )


@dataclass(frozen=True)
class Cell:
    country: str
    niche: str
    key: str  # an own rate key (estimator.own_rates.OWN_RATES)
    currency: str | None
    observed: Distribution
    card: calc.Rate | None  # the active card's rate for this country and niche, when it has one

    @property
    def source(self) -> str:
        return OWN_RATES[self.key][0]


def _comparable(rate: OwnRate, currency: str | None, rates: calc.Rates) -> Decimal | None:
    """The own rate's expected value in ``currency``; None when it cannot be compared."""
    if not rate.usable:
        return None
    if rate.key == "rpm" and rate.basis != QUALIFIED:
        return None  # per view over one minute, the card's RPM is per qualified view
    if currency is None or rate.currency in (None, currency):
        return rate.expected
    try:
        return calc.convert(rate.expected, rate.currency, currency, rates)
    except calc.MissingExchangeRate:
        return None


def _currency(key: str, country: str, rates: calc.Rates) -> str | None:
    if key in SHARE_KEYS:
        return None
    if key in rates.rates:
        return rates.rates[key].currency
    country_row = rates.countries.get(country)
    return country_row.currency if country_row else None


def _card_rate(key: str, niche: str, rates: calc.Rates) -> calc.Rate | None:
    """The card's rate as it applies in ``niche`` (the RPM times the niche's multiplier)."""
    rate = rates.rates.get(key) if key in CARD_KEYS else None
    if rate is None or key != "rpm" or niche not in rates.niches:
        return rate
    factor = rates.niches[niche].rpm_multiplier
    return dataclasses.replace(
        rate, low=rate.low * factor, expected=rate.expected * factor, high=rate.high * factor
    )


@dataclass(frozen=True)
class ObservedTable:
    cells: tuple[Cell, ...]  # country, niche, source order
    hidden: int  # cells left out for having fewer than MIN_CREATORS creators


def observed_cells(
    figures: Iterable[CreatorFigures], rates: calc.Rates, min_creators: int = MIN_CREATORS
) -> ObservedTable:
    """Per country × niche × own rate: the distribution of the creators' own rates."""
    values: dict[tuple[str, str, str], dict[int, Decimal]] = defaultdict(dict)
    for creator in figures:
        for key, rate in creator.own_rates.items():
            value = _comparable(rate, _currency(key, creator.country, rates), rates)
            if value is not None:
                values[(creator.country, creator.niche, key)][creator.creator] = value
    cells, hidden = [], 0
    order = list(OWN_RATES)
    for (country, niche, key), by_creator in sorted(
        values.items(), key=lambda item: (item[0][0], item[0][1], order.index(item[0][2]))
    ):
        if len(by_creator) < min_creators:
            hidden += 1
            continue
        cells.append(
            Cell(
                country,
                niche,
                key,
                _currency(key, country, rates),
                distribution(list(by_creator.values())),
                _card_rate(key, niche, rates),
            )
        )
    return ObservedTable(tuple(cells), hidden)


@dataclass(frozen=True)
class Proposal:
    key: str  # a rate key of the card
    currency: str | None
    observed: Distribution  # over every consenting creator, niches taken out of the RPM

    def provenance_text(self, month: datetime.date) -> str:
        return f"observed, n = {self.observed.count}, {month:%Y-%m}"


def proposals(
    figures: Iterable[CreatorFigures], rates: calc.Rates, min_creators: int = MIN_CREATORS
) -> list[Proposal]:
    """For each rate of the card: p10 / median / p90 of the creators' own rates, in the rate's
    currency; an own RPM is divided by its niche's multiplier, since the card's RPM is before
    it. Only with at least ``min_creators`` creators; shares stay within 0..1."""
    values: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for creator in figures:
        for key in CARD_KEYS:
            rate = creator.own_rates.get(key)
            if rate is None or key not in rates.rates:
                continue
            value = _comparable(rate, rates.rates[key].currency, rates)
            if value is None:
                continue
            if key == "rpm":
                niche = rates.niches.get(creator.niche)
                if niche is None or not niche.rpm_multiplier:
                    continue
                value = value / niche.rpm_multiplier
            if key in SHARE_KEYS:
                value = min(value, Decimal(1))
            values[key][creator.creator] = value
    return [
        Proposal(key, rates.rates[key].currency, distribution(list(values[key].values())))
        for key in CARD_KEYS
        if len(values.get(key, {})) >= min_creators
    ]


@dataclass(frozen=True)
class CardAccuracy:
    card_id: int
    source: str
    error: Decimal  # median absolute % error over every month compared
    months: int
    creators: int


def card_accuracy(
    figures: Iterable[CreatorFigures], min_creators: int = MIN_CREATORS
) -> list[CardAccuracy]:
    """Per rate card and source, the median absolute % error of the estimates it made, over
    the months of at least ``min_creators`` creators."""
    errors: dict[tuple[int, str], list[Decimal]] = defaultdict(list)
    creators: dict[tuple[int, str], set[int]] = defaultdict(set)
    for creator in figures:
        for card_id, source, error in creator.errors:
            errors[(card_id, source)].append(error)
            creators[(card_id, source)].add(creator.creator)
    return [
        CardAccuracy(card_id, source, median(found), len(found), len(creators[(card_id, source)]))
        for (card_id, source), found in sorted(
            errors.items(), key=lambda item: (-item[0][0], calc.SOURCE_KEYS.index(item[0][1]))
        )
        if len(creators[(card_id, source)]) >= min_creators
    ]
