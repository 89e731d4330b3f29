"""One estimate's working state: the creator's inputs, the card's rates, and the drafts of the
sources being estimated (their gaps, hints and the assumptions they used).

Internal to the engine: the per-source functions (``sources``) build on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from estimator.calculations.money import IDENTITY, NOTHING, Priced, Range, conversion_path
from estimator.calculations.values import (
    MISSING_RULES,
    Assumption,
    Country,
    EngagementBand,
    Factor,
    Inputs,
    Missing,
    Rate,
    Rates,
    SourceEstimate,
)

_ONE = Decimal(1)
_PER_MILLE = 1000
_PER_MILLE_UNITS = frozenset({"money_per_1000", "money_per_1000_followers"})


def min_followers(rates: Rates, source: str, country: Country) -> int | None:
    """The followers ``source``'s rule asks for in ``country``: TikTok Shop's threshold is the
    country's own where it publishes one."""
    if source == "tiktok_shop" and country.shop_min_followers is not None:
        return country.shop_min_followers
    rule = rates.eligibility.get(source)
    return rule.min_followers if rule is not None else None


@dataclass
class Draft:
    """A source's estimate while its function builds it; ``build`` freezes and rounds it."""

    key: str
    missing: list[Missing] = field(default_factory=list)
    limited: bool = False
    hints: list[str] = field(default_factory=list)
    assumption_keys: list[str] = field(default_factory=list)
    priced: Priced | None = None
    # The price of one more unit, which the breakdown suggests (a sponsored video, a UGC video).
    suggested: Priced | None = None

    @property
    def eligible(self) -> bool:
        return self.limited or not self.missing

    @property
    def amount(self) -> Range:
        return self.priced.amount if self.priced is not None else NOTHING

    def hint(self, key: str) -> None:
        if key not in self.hints:
            self.hints.append(key)

    def build(self, currency: str) -> SourceEstimate:
        return SourceEstimate(
            key=self.key,
            eligible=self.eligible,
            limited=self.limited,
            missing=tuple(sorted(self.missing, key=lambda gap: MISSING_RULES.index(gap.rule))),
            amounts=self.amount.rounded(),
            formula=self.priced.formula(currency) if self.priced is not None else None,
            hints=tuple(self.hints),
            assumptions=tuple(self.assumption_keys),
        )


class Context:
    """The inputs and rates of one estimate, and every assumption its sources used."""

    def __init__(self, inputs: Inputs, rates: Rates) -> None:
        if inputs.country not in rates.countries:
            raise ValueError(f"Unknown country code {inputs.country!r}")
        if inputs.niche not in rates.niches:
            raise ValueError(f"Unknown niche {inputs.niche!r}")
        self.inputs = inputs
        self.rates = rates
        self.country = rates.countries[inputs.country]
        self.niche = rates.niches[inputs.niche]
        self.currency = self.country.currency
        self.assumptions: dict[str, Assumption] = {}

    def derived[T](self, key: tuple, build: Callable[[], T]) -> T:
        """What ``build`` derives from the rates alone, built once per rates (``Rates.derived``):
        an estimate states the same assumptions and prices the same rates every time."""
        known = self.rates.derived
        value = known.get(key)
        if value is None:
            value = known[key] = build()
        return value

    def use(self, draft: Draft, assumption: Assumption) -> None:
        self.assumptions[assumption.key] = assumption
        if assumption.key not in draft.assumption_keys:
            draft.assumption_keys.append(assumption.key)

    def _rate(self, draft: Draft, key: str) -> Rate:
        if key not in self.rates.rates:
            raise ValueError(f"Rate card {self.rates.card_name!r} has no rate {key!r}")
        rate = self.rates.rates[key]
        self.use(draft, self.derived(("rate", key), lambda: rate_assumption(f"rate:{key}", rate)))
        return rate

    def ratio(self, draft: Draft, key: str) -> Priced:
        rate = self._rate(draft, key)
        return self.derived(
            ("ratio", key),
            lambda: Priced(
                Range(rate.low, rate.expected, rate.high),
                (Factor(rate.expected, "share", label=key),),
            ),
        )

    def money(self, draft: Draft, key: str, unit: str, multiplier: Priced = IDENTITY) -> Priced:
        """A money rate, times an optional multiplier, converted to the output currency."""
        rate = self._rate(draft, key)
        priced = self.derived(("money", key, unit), lambda: _priced_rate(rate, key, unit))
        return priced * multiplier * self.conversion(draft, rate.currency or self.currency)

    def conversion(self, draft: Draft, from_cur: str) -> Priced:
        priced, assumptions = self.derived(
            ("conversion", from_cur, self.currency),
            lambda: _conversion(from_cur, self.currency, self.rates),
        )
        for assumption in assumptions:
            self.use(draft, assumption)
        return priced

    def niche_multiplier(self, draft: Draft, value: Decimal) -> Priced:
        niche = self.niche
        self.use(
            draft,
            self.derived(
                ("niche", niche.slug),
                lambda: Assumption(
                    f"niche:{niche.slug}",
                    None,
                    niche.brand_multiplier,
                    None,
                    None,
                    niche.provenance,
                ),
            ),
        )
        return Priced.fixed(Factor(value, "multiplier", label="niche"))

    def engagement_multiplier(self, draft: Draft) -> Priced:
        rate = self.inputs.engagement_rate
        band = None
        if rate is not None:
            bands = self.derived(
                ("engagement_bands",),
                lambda: tuple(sorted(self.rates.engagement_bands, key=lambda b: b.min_rate)),
            )
            for candidate in bands:
                if candidate.min_rate <= rate:
                    band = candidate
        if band is None:
            draft.hint("engagement_unknown")
            return IDENTITY
        assumption, multiplier = self.derived(("engagement", band), lambda: _engagement(band))
        self.use(draft, assumption)
        return multiplier

    def shop_min_followers(self) -> int | None:
        return min_followers(self.rates, "tiktok_shop", self.country)

    def use_country(self, draft: Draft) -> None:
        country = self.country
        self.use(draft, self.derived(("country", country.code), self._country_assumption))

    def _country_assumption(self) -> Assumption:
        country = self.country
        shop_threshold = self.shop_min_followers() if country.tiktok_shop else None
        return Assumption(
            f"country:{country.code}",
            None,
            Decimal(shop_threshold or 0),
            None,
            None,
            country.provenance,
        )

    def gaps(self, draft: Draft, source: str, min_followers: int | None = None) -> list[Missing]:
        """What the creator lacks for `source`'s rule.

        Unknown followers are taken as 0 (reported with actual=None). Unknown is never zero for
        the rest: an unknown age, 30-day views or number of videos opens no gap, with the hints
        "age_assumed", "views_assumed" and "posts_assumed".
        """
        rule = self.rates.eligibility.get(source)
        if rule is None:
            return []
        self.use(
            draft,
            self.derived(
                ("eligibility", source),
                lambda: Assumption(
                    f"eligibility:{source}",
                    None,
                    Decimal(rule.min_followers or 0),
                    None,
                    None,
                    rule.provenance,
                ),
            ),
        )
        inputs = self.inputs
        if min_followers is None:
            min_followers = rule.min_followers
        missing = []
        if rule.min_age is not None:
            if inputs.age is None:
                draft.hint("age_assumed")
            elif inputs.age < rule.min_age:
                missing.append(Missing("min_age", rule.min_age, inputs.age))
        if min_followers is not None and (inputs.followers or 0) < min_followers:
            missing.append(Missing("min_followers", min_followers, inputs.followers))
        if rule.min_views_30d is not None:
            # Views on long videos and qualified views are views of the last 30 days too.
            known = [
                views
                for views in (inputs.views_30d, inputs.long_video_views, inputs.qualified_views)
                if views is not None
            ]
            if not known:
                # Unknown is not zero: no gap, and the page says the condition was assumed.
                draft.hint("views_assumed")
            elif max(known) < rule.min_views_30d:
                missing.append(Missing("min_views_30d", rule.min_views_30d, max(known)))
        if rule.min_posts_30d is not None:
            if inputs.posts_30d is None:
                draft.hint("posts_assumed")
            elif inputs.posts_30d < rule.min_posts_30d:
                missing.append(Missing("min_posts_30d", rule.min_posts_30d, inputs.posts_30d))
        if rule.requires_personal_account and inputs.account_type != "personal":
            missing.append(Missing("personal_account", "personal", inputs.account_type))
        if rule.requires_no_strike and inputs.has_strike:
            missing.append(Missing("no_strike", None, None))
        return missing


def rate_assumption(key: str, rate: Rate) -> Assumption:
    return Assumption(key, rate.low, rate.expected, rate.high, rate.currency, rate.provenance)


def _priced_rate(rate: Rate, key: str, unit: str) -> Priced:
    """A money rate as a priced amount, per unit (per view for a rate per 1 000)."""
    amount = Range(rate.low, rate.expected, rate.high)
    divisor = 1
    if unit in _PER_MILLE_UNITS:
        divisor = _PER_MILLE
        amount = amount.map(lambda value: value / _PER_MILLE)
    return Priced(amount, (Factor(rate.expected, unit, rate.currency, key),), divisor)


def _conversion(from_cur: str, to_cur: str, rates: Rates) -> tuple[Priced, tuple[Assumption, ...]]:
    """Converting ``from_cur`` to ``to_cur``: the priced factor and the exchange rates used."""
    path = conversion_path(from_cur, to_cur, rates)
    if not path:
        return IDENTITY, ()  # the same currency: nothing to convert, nothing assumed
    amount = Range.fixed(_ONE)
    factors = []
    assumptions = []
    for leg in path:
        pair = leg.exchange_rate
        assumptions.append(
            Assumption(
                f"fx:{pair.from_currency}-{pair.to_currency}",
                None,
                pair.rate,
                None,
                None,
                pair.provenance,
            )
        )
        amount = amount.map(leg.apply)
        factors.append(Factor(leg.factor, "exchange_rate", leg.target, "fx"))
    return Priced(amount, tuple(factors)), tuple(assumptions)


def _engagement(band: EngagementBand) -> tuple[Assumption, Priced]:
    assumption = Assumption(
        f"engagement:{band.min_rate.normalize():f}",
        None,
        band.multiplier,
        None,
        None,
        band.provenance,
    )
    return assumption, Priced.fixed(Factor(band.multiplier, "multiplier", label="engagement"))
