"""Monthly revenue estimate of a TikTok creator: pure functions over plain values.

Standard library only. Everything is computed unrounded with ``Decimal``; amounts are rounded
once, to cents (ROUND_HALF_UP), when ``Amounts`` and ``Formula.result`` are built. Rates are
stored in their own currency and converted to the country's currency.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

SOURCE_KEYS: tuple[str, ...] = (
    "creator_rewards",
    "live_gifts",
    "subscriptions",
    "brand_partnerships",
    "affiliate",
    "tiktok_shop",
    "own_products",
    "ugc",
)

# Units of Factor.value. Counts: "views" (views per post; label "median_views" when typed in,
# "average_views" when estimated as views_30d / posts_30d), "long_views" (views on videos over
# one minute), "qualified_views", "followers", "diamonds", "subscribers", "posts", "sales",
# "units", "videos". Ratios: "share" (a fraction 0..1, shown as a percentage), "multiplier"
# (label "niche" or "engagement"), "exchange_rate" (label "fx"; currency is the currency converted
# to, the preceding money factor carries the one converted from). Money, with currency set:
# "money" (an amount per item: price, order value, margin, value of one diamond),
# "money_per_1000" (per 1 000 views: RPM, CPM), "money_per_1000_followers".
UNITS: tuple[str, ...] = (
    "views",
    "long_views",
    "qualified_views",
    "followers",
    "diamonds",
    "subscribers",
    "posts",
    "sales",
    "units",
    "videos",
    "share",
    "multiplier",
    "exchange_rate",
    "money",
    "money_per_1000",
    "money_per_1000_followers",
)

# Every hint estimate() can emit, in no particular order.
HINTS: tuple[str, ...] = (
    "age_assumed",  # age unknown: the age condition is taken as met
    "views_assumed",  # 30-day views unknown: the views condition opens no gap
    "posts_assumed",  # videos posted unknown: the videos condition opens no gap
    "country_not_in_programme",  # creator_rewards / tiktok_shop do not run in the country
    "shop_threshold_assumed",  # country has no published Shop threshold: the rule's is used
    "live_access_required",  # subscriptions need LIVE access: live_gifts' gaps are listed too
    "direct_deals_only",  # brand_partnerships below the Creator Marketplace thresholds
    "enter_long_video_views",  # creator_rewards: neither qualified nor long-video views known
    "qualified_share_estimated",  # creator_rewards from long-video views: share of qualified
    "enter_diamonds",
    "enter_subscribers",
    "enter_subscription_price",
    "own_rate_used",  # the creator's own rate/price/commission replaces the default
    "default_rate_used",  # a default rate is used where the creator could type its own
    "median_views_estimated",  # views per post = views_30d / posts_30d
    "followers_based",  # no views: price per post from followers
    "engagement_unknown",  # engagement multiplier taken as 1
    "enter_median_views",  # neither views nor followers: no price per post
    "enter_sponsored_posts",
    "enter_affiliate_sales",
    "enter_affiliate_order_value",
    "enter_shop_sales",
    "enter_shop_order_value",
    "enter_product_units",
    "enter_product_margin",
    "enter_ugc_videos",
)

# Order in which a source's Missing entries are listed.
MISSING_RULES: tuple[str, ...] = (
    "min_age",
    "min_followers",
    "min_views_30d",
    "min_posts_30d",
    "personal_account",
    "no_strike",
    "country",
)

_CENT = Decimal("0.01")
_ZERO = Decimal(0)
_ONE = Decimal(1)
_PER_MILLE = 1000
_PER_MILLE_UNITS = frozenset({"money_per_1000", "money_per_1000_followers"})
# Counts up to 10^12 times money up to 10^9 times rates need ~25 digits before the cents:
# well above the default 28 once several factors and an inverse exchange rate are involved.
_PRECISION = 60


# --- Rates ---------------------------------------------------------------------------------


class Confidence(enum.IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3


@dataclass(frozen=True)
class Provenance:
    source: str
    checked_on: datetime.date
    confidence: Confidence


@dataclass(frozen=True)
class Rate:
    key: str
    low: Decimal
    expected: Decimal
    high: Decimal
    currency: str | None  # None for ratios (shares are fractions 0..1)
    provenance: Provenance


@dataclass(frozen=True)
class Country:
    code: str
    currency: str
    creator_rewards: bool
    tiktok_shop: bool
    shop_min_followers: int | None  # None: the tiktok_shop rule's min_followers applies
    subscription_share: Rate
    provenance: Provenance
    note: str = ""  # why the programmes run there or not, shown to creators with the source
    name_fr: str = ""  # the card's names (empty in snapshots stored before cards had them)
    name_en: str = ""


@dataclass(frozen=True)
class Niche:
    slug: str
    rpm_multiplier: Decimal
    brand_multiplier: Decimal
    provenance: Provenance
    label_fr: str = ""  # the card's labels (empty in snapshots stored before cards had them)
    label_en: str = ""


@dataclass(frozen=True)
class EngagementBand:
    min_rate: Decimal  # percent, inclusive lower bound
    multiplier: Decimal
    provenance: Provenance


@dataclass(frozen=True)
class EligibilityRule:
    source: str
    min_age: int | None
    min_followers: int | None
    min_views_30d: int | None
    min_posts_30d: int | None
    requires_personal_account: bool
    requires_no_strike: bool
    provenance: Provenance


@dataclass(frozen=True)
class ExchangeRate:
    from_currency: str
    to_currency: str
    rate: Decimal
    provenance: Provenance


@dataclass(frozen=True)
class Rates:
    card_id: int
    card_name: str
    effective_from: datetime.date
    rates: Mapping[str, Rate]
    countries: Mapping[str, Country]
    niches: Mapping[str, Niche]
    engagement_bands: tuple[EngagementBand, ...]
    eligibility: Mapping[str, EligibilityRule]  # sources without a rule are always available
    exchange_rates: tuple[ExchangeRate, ...]
    # Price-list multipliers by key (estimator.deliverables.Multiplier); used by the price list
    # only, never by the estimate itself.
    deliverables: Mapping[str, Any] = field(default_factory=dict)


# --- Inputs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """What the creator typed. Money is in the country's currency, percents are 0..100."""

    country: str = "FR"
    age: int | None = None
    niche: str = "general"
    account_type: str = "personal"
    has_strike: bool = False
    followers: int | None = None
    views_30d: int | None = None
    posts_30d: int | None = None
    long_video_views: int | None = None
    qualified_views: int | None = None
    diamonds: int | None = None
    subscribers: int | None = None
    subscription_price: Decimal | None = None
    sponsored_posts: int | None = None
    median_views: int | None = None
    engagement_rate: Decimal | None = None
    rate_per_post: Decimal | None = None
    affiliate_sales: int | None = None
    affiliate_order_value: Decimal | None = None
    affiliate_commission: Decimal | None = None
    shop_sales: int | None = None
    shop_order_value: Decimal | None = None
    shop_commission: Decimal | None = None
    product_units: int | None = None
    product_margin: Decimal | None = None
    ugc_videos: int | None = None
    ugc_price: Decimal | None = None


# --- Result --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    rule: str  # one of MISSING_RULES
    required: int | str | None
    actual: int | str | None  # None when unknown

    @property
    def gap(self) -> int | None:
        if isinstance(self.required, int) and not isinstance(self.actual, str):
            return self.required - (self.actual or 0)
        return None


@dataclass(frozen=True)
class Factor:
    value: Decimal
    unit: str  # one of UNITS
    currency: str | None = None
    label: str = ""


# kw_only: the spec lists ``divisor`` (defaulted) before ``result`` and ``currency``.
@dataclass(frozen=True, kw_only=True)
class Formula:
    """factor * factor * … / divisor = result, with the expected values."""

    factors: tuple[Factor, ...]
    divisor: int = 1
    result: Decimal
    currency: str


@dataclass(frozen=True)
class Amounts:
    low: Decimal
    expected: Decimal
    high: Decimal


@dataclass(frozen=True)
class SourceEstimate:
    key: str
    eligible: bool  # counts in the total
    limited: bool  # brand_partnerships below the Marketplace thresholds: direct deals only
    missing: tuple[Missing, ...]
    amounts: Amounts  # what it earns, or would earn once eligible
    formula: Formula | None  # None when nothing could be computed
    hints: tuple[str, ...]
    assumptions: tuple[str, ...]  # keys of Breakdown.assumptions used by this source


@dataclass(frozen=True)
class Assumption:
    """One line of the "Hypothèses et sources" panel.

    Keys and values: ``rate:<key>`` (the rate as stored, in its own currency; the country's
    subscription share is ``rate:subscription_share``), ``fx:<FROM>-<TO>`` (the stored pair, even
    when used inversely), ``niche:<slug>`` (expected = brand multiplier), ``engagement:<min_rate>``
    (expected = multiplier), ``eligibility:<source>`` (expected = the rule's min_followers, 0 when
    none) and ``country:<code>`` (programme availability; expected = the TikTok Shop follower
    threshold in force there, 0 when TikTok Shop does not run there).
    """

    key: str
    low: Decimal | None
    expected: Decimal
    high: Decimal | None
    currency: str | None
    provenance: Provenance


@dataclass(frozen=True)
class Breakdown:
    currency: str
    sources: tuple[SourceEstimate, ...]  # all of SOURCE_KEYS, in that order
    total: Amounts  # eligible sources only: the sum of their rounded amounts
    suggested_post_price: Amounts
    suggested_ugc_price: Amounts
    assumptions: tuple[Assumption, ...]  # least certain first, then by key
    suggested_post_formula: Formula | None = None
    suggested_ugc_formula: Formula | None = None

    @property
    def total_known(self) -> bool:
        """Some eligible source could be priced: else the total is unknown, not zero."""
        return any(source.eligible and source.formula is not None for source in self.sources)

    def source(self, key: str) -> SourceEstimate:
        for source in self.sources:
            if source.key == key:
                return source
        raise KeyError(key)

    def share(self, key: str) -> Decimal:
        """Share of the expected total, 0..1; 0 for a source that is not in the total."""
        source = self.source(key)
        if not source.eligible or not self.total.expected:
            return _ZERO
        return source.amounts.expected / self.total.expected


# --- Currency conversion -------------------------------------------------------------------


class MissingExchangeRate(ValueError):
    pass


@dataclass(frozen=True)
class _Leg:
    exchange_rate: ExchangeRate
    inverse: bool

    @property
    def target(self) -> str:
        pair = self.exchange_rate
        return pair.from_currency if self.inverse else pair.to_currency

    @property
    def factor(self) -> Decimal:
        return _ONE / self.exchange_rate.rate if self.inverse else self.exchange_rate.rate

    def apply(self, amount: Decimal) -> Decimal:
        # Dividing keeps an inverse conversion exact where it can be (86 EUR -> 100 USD).
        if self.inverse:
            return amount / self.exchange_rate.rate
        return amount * self.exchange_rate.rate


def _leg(from_cur: str, to_cur: str, rates: Rates) -> _Leg | None:
    usable = [pair for pair in rates.exchange_rates if pair.rate > 0]
    for pair in usable:
        if (pair.from_currency, pair.to_currency) == (from_cur, to_cur):
            return _Leg(pair, inverse=False)
    for pair in usable:
        if (pair.from_currency, pair.to_currency) == (to_cur, from_cur):
            return _Leg(pair, inverse=True)
    return None


def _conversion_path(from_cur: str, to_cur: str, rates: Rates) -> tuple[_Leg, ...]:
    """Direct pair, else inverse pair, else through one pivot currency (fewest inversions)."""
    if from_cur == to_cur:
        return ()
    single = _leg(from_cur, to_cur, rates)
    if single is not None:
        return (single,)
    currencies = {pair.from_currency for pair in rates.exchange_rates}
    currencies |= {pair.to_currency for pair in rates.exchange_rates}
    paths = []
    for pivot in sorted(currencies - {from_cur, to_cur}):
        first, second = _leg(from_cur, pivot, rates), _leg(pivot, to_cur, rates)
        if first is not None and second is not None:
            paths.append((first.inverse + second.inverse, pivot, (first, second)))
    if not paths:
        raise MissingExchangeRate(
            f"No exchange rate from {from_cur} to {to_cur} in rate card {rates.card_name!r} "
            "(neither direct, inverse nor through one other currency)."
        )
    return min(paths, key=lambda path: path[:2])[2]


def convert(amount: Decimal, from_cur: str, to_cur: str, rates: Rates) -> Decimal:
    """Unrounded conversion; raises MissingExchangeRate when no path exists."""
    with localcontext() as decimal_context:
        decimal_context.prec = _PRECISION
        for leg in _conversion_path(from_cur, to_cur, rates):
            amount = leg.apply(amount)
        return amount


# --- Estimate ------------------------------------------------------------------------------


def _cents(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class _Range:
    low: Decimal
    expected: Decimal
    high: Decimal

    @classmethod
    def fixed(cls, value: Decimal) -> _Range:
        return cls(value, value, value)

    def __add__(self, other: _Range) -> _Range:
        return _Range(self.low + other.low, self.expected + other.expected, self.high + other.high)

    def __mul__(self, other: _Range) -> _Range:
        # Bound by bound: every term is non-negative, so low * low is the lowest product.
        return _Range(self.low * other.low, self.expected * other.expected, self.high * other.high)

    def map(self, function: Callable[[Decimal], Decimal]) -> _Range:
        return _Range(function(self.low), function(self.expected), function(self.high))

    def rounded(self) -> Amounts:
        return Amounts(_cents(self.low), _cents(self.expected), _cents(self.high))


_NOTHING = _Range.fixed(_ZERO)


@dataclass(frozen=True)
class _Priced:
    """An amount (unrounded, already divided) and the factors/divisor that explain it."""

    amount: _Range
    factors: tuple[Factor, ...] = ()
    divisor: int = 1

    @classmethod
    def fixed(cls, factor: Factor) -> _Priced:
        # Callers may hand ints for Decimal inputs; quantize() needs a Decimal.
        value = Decimal(factor.value)
        return cls(
            _Range.fixed(value), (Factor(value, factor.unit, factor.currency, factor.label),)
        )

    def __mul__(self, other: _Priced) -> _Priced:
        return _Priced(
            self.amount * other.amount, self.factors + other.factors, self.divisor * other.divisor
        )

    def times(
        self, count: int | Decimal, unit: str, label: str = "", currency: str | None = None
    ) -> _Priced:
        """Prepend a count (or a fixed price), so formulas read "500 000 views * …"."""
        return _Priced.fixed(Factor(Decimal(count), unit, currency, label)) * self

    def formula(self, currency: str) -> Formula:
        return Formula(
            factors=self.factors,
            divisor=self.divisor,
            result=_cents(self.amount.expected),
            currency=currency,
        )


_IDENTITY = _Priced(_Range.fixed(_ONE))


@dataclass
class _Draft:
    key: str
    missing: list[Missing] = field(default_factory=list)
    limited: bool = False
    hints: list[str] = field(default_factory=list)
    assumption_keys: list[str] = field(default_factory=list)
    priced: _Priced | None = None

    @property
    def eligible(self) -> bool:
        return self.limited or not self.missing

    @property
    def amount(self) -> _Range:
        return self.priced.amount if self.priced is not None else _NOTHING

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


class _Context:
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

    def use(self, draft: _Draft, assumption: Assumption) -> None:
        self.assumptions[assumption.key] = assumption
        if assumption.key not in draft.assumption_keys:
            draft.assumption_keys.append(assumption.key)

    def _rate(self, draft: _Draft, key: str) -> Rate:
        if key not in self.rates.rates:
            raise ValueError(f"Rate card {self.rates.card_name!r} has no rate {key!r}")
        rate = self.rates.rates[key]
        self.use(draft, _rate_assumption(f"rate:{key}", rate))
        return rate

    def ratio(self, draft: _Draft, key: str) -> _Priced:
        rate = self._rate(draft, key)
        return _Priced(
            _Range(rate.low, rate.expected, rate.high), (Factor(rate.expected, "share", label=key),)
        )

    def money(self, draft: _Draft, key: str, unit: str, multiplier: _Priced = _IDENTITY) -> _Priced:
        """A money rate, times an optional multiplier, converted to the output currency."""
        rate = self._rate(draft, key)
        divisor = _PER_MILLE if unit in _PER_MILLE_UNITS else 1
        priced = _Priced(
            _Range(rate.low, rate.expected, rate.high).map(lambda value: value / divisor),
            (Factor(rate.expected, unit, rate.currency, key),),
            divisor,
        )
        return priced * multiplier * self.conversion(draft, rate.currency or self.currency)

    def conversion(self, draft: _Draft, from_cur: str) -> _Priced:
        amount = _Range.fixed(_ONE)
        factors = []
        for leg in _conversion_path(from_cur, self.currency, self.rates):
            pair = leg.exchange_rate
            self.use(
                draft,
                Assumption(
                    f"fx:{pair.from_currency}-{pair.to_currency}",
                    None,
                    pair.rate,
                    None,
                    None,
                    pair.provenance,
                ),
            )
            amount = amount.map(leg.apply)
            factors.append(Factor(leg.factor, "exchange_rate", leg.target, "fx"))
        return _Priced(amount, tuple(factors))

    def niche_multiplier(self, draft: _Draft, value: Decimal) -> _Priced:
        niche = self.niche
        self.use(
            draft,
            Assumption(
                f"niche:{niche.slug}", None, niche.brand_multiplier, None, None, niche.provenance
            ),
        )
        return _Priced.fixed(Factor(value, "multiplier", label="niche"))

    def engagement_multiplier(self, draft: _Draft) -> _Priced:
        rate = self.inputs.engagement_rate
        band = None
        if rate is not None:
            for candidate in sorted(self.rates.engagement_bands, key=lambda b: b.min_rate):
                if candidate.min_rate <= rate:
                    band = candidate
        if band is None:
            draft.hint("engagement_unknown")
            return _IDENTITY
        self.use(
            draft,
            Assumption(
                f"engagement:{band.min_rate.normalize():f}",
                None,
                band.multiplier,
                None,
                None,
                band.provenance,
            ),
        )
        return _Priced.fixed(Factor(band.multiplier, "multiplier", label="engagement"))

    def shop_min_followers(self) -> int | None:
        if self.country.shop_min_followers is not None:
            return self.country.shop_min_followers
        rule = self.rates.eligibility.get("tiktok_shop")
        return rule.min_followers if rule is not None else None

    def use_country(self, draft: _Draft) -> None:
        country = self.country
        shop_threshold = self.shop_min_followers() if country.tiktok_shop else None
        self.use(
            draft,
            Assumption(
                f"country:{country.code}",
                None,
                Decimal(shop_threshold or 0),
                None,
                None,
                country.provenance,
            ),
        )

    def gaps(self, draft: _Draft, source: str, min_followers: int | None = None) -> list[Missing]:
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
            Assumption(
                f"eligibility:{source}",
                None,
                Decimal(rule.min_followers or 0),
                None,
                None,
                rule.provenance,
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


def _rate_assumption(key: str, rate: Rate) -> Assumption:
    return Assumption(key, rate.low, rate.expected, rate.high, rate.currency, rate.provenance)


def _merge_gaps(*lists: list[Missing]) -> list[Missing]:
    """One entry per rule, the most demanding one."""
    by_rule: dict[str, Missing] = {}
    for gap in (gap for gaps in lists for gap in gaps):
        kept = by_rule.get(gap.rule)
        if kept is None or (gap.gap or 0) > (kept.gap or 0):
            by_rule[gap.rule] = gap
    return list(by_rule.values())


def _creator_rewards(context: _Context) -> _Draft:
    draft = _Draft("creator_rewards")
    draft.missing = context.gaps(draft, "creator_rewards")
    context.use_country(draft)
    if not context.country.creator_rewards:
        draft.missing.append(Missing("country", None, context.country.code))
        draft.hint("country_not_in_programme")
    inputs = context.inputs
    if inputs.qualified_views is None and inputs.long_video_views is None:
        # Never guess from the total views: only views on videos over one minute can qualify.
        draft.hint("enter_long_video_views")
        return draft
    niche_multiplier = context.niche.rpm_multiplier
    multiplier = _IDENTITY
    if niche_multiplier != _ONE:
        multiplier = context.niche_multiplier(draft, niche_multiplier)
    rpm = context.money(draft, "rpm", "money_per_1000", multiplier)
    if inputs.qualified_views is not None:
        draft.priced = rpm.times(inputs.qualified_views, "qualified_views")
    else:
        draft.hint("qualified_share_estimated")
        share = context.ratio(draft, "qualified_share")
        draft.priced = (share * rpm).times(inputs.long_video_views or 0, "long_views")
    return draft


def _live_gifts(context: _Context) -> _Draft:
    draft = _Draft("live_gifts")
    draft.missing = context.gaps(draft, "live_gifts")
    if context.inputs.diamonds is None:
        draft.hint("enter_diamonds")
        return draft
    diamond_value = context.money(draft, "diamond_value", "money")
    draft.priced = diamond_value.times(context.inputs.diamonds, "diamonds")
    return draft


def _subscriptions(context: _Context) -> _Draft:
    draft = _Draft("subscriptions")
    own_gaps = context.gaps(draft, "subscriptions")
    live_gaps = context.gaps(draft, "live_gifts")
    if live_gaps:
        draft.hint("live_access_required")
    draft.missing = _merge_gaps(own_gaps, live_gaps)
    inputs = context.inputs
    if inputs.subscribers is None:
        draft.hint("enter_subscribers")
    if inputs.subscription_price is None:
        draft.hint("enter_subscription_price")
    if inputs.subscribers is None or inputs.subscription_price is None:
        return draft
    share_rate = context.country.subscription_share
    context.use(draft, _rate_assumption("rate:subscription_share", share_rate))
    share = _Priced(
        _Range(share_rate.low, share_rate.expected, share_rate.high),
        (Factor(share_rate.expected, "share", label="subscription_share"),),
    )
    draft.priced = share.times(
        inputs.subscription_price, "money", "subscription_price", context.currency
    ).times(inputs.subscribers, "subscribers")
    return draft


def _price_per_post(context: _Context, draft: _Draft) -> _Priced | None:
    inputs = context.inputs
    if inputs.rate_per_post is not None:
        draft.hint("own_rate_used")
        return _Priced.fixed(
            Factor(inputs.rate_per_post, "money", context.currency, "rate_per_post")
        )
    views_per_post: Decimal | None = None
    views_label = "median_views"
    if inputs.median_views is not None:
        views_per_post = Decimal(inputs.median_views)
    elif inputs.views_30d is not None and inputs.posts_30d:
        draft.hint("median_views_estimated")
        # A whole number of views, so the formula computes with the number it shows.
        average = (Decimal(inputs.views_30d) / inputs.posts_30d).to_integral_value(ROUND_HALF_UP)
        views_per_post, views_label = average, "average_views"
    if views_per_post is not None:
        cpm = context.money(draft, "brand_cpm", "money_per_1000")
        base = cpm.times(views_per_post, "views", views_label)
    elif inputs.followers is not None:
        draft.hint("followers_based")
        base = context.money(draft, "brand_follower_rate", "money_per_1000_followers").times(
            inputs.followers, "followers"
        )
    else:
        draft.hint("enter_median_views")
        return None
    draft.hint("default_rate_used")
    niche = context.niche_multiplier(draft, context.niche.brand_multiplier)
    return base * niche * context.engagement_multiplier(draft)


def _brand_partnerships(context: _Context) -> tuple[_Draft, _Priced | None]:
    draft = _Draft("brand_partnerships")
    # The rule is Creator Marketplace's: direct deals need no threshold, so failing it only
    # limits the source.
    draft.missing = context.gaps(draft, "brand_partnerships")
    if draft.missing:
        draft.limited = True
        draft.hint("direct_deals_only")
    per_post = _price_per_post(context, draft)
    if context.inputs.sponsored_posts is None:
        draft.hint("enter_sponsored_posts")
    elif per_post is not None:
        draft.priced = per_post.times(context.inputs.sponsored_posts, "posts")
    return draft, per_post


def _sales(
    context: _Context,
    draft: _Draft,
    field_prefix: str,
    sales: int | None,
    order_value: Decimal | None,
    commission_percent: Decimal | None,
) -> None:
    if sales is None:
        draft.hint(f"enter_{field_prefix}_sales")
    if order_value is None:
        draft.hint(f"enter_{field_prefix}_order_value")
    if sales is None or order_value is None:
        return
    if commission_percent is not None:
        draft.hint("own_rate_used")
        commission = _Priced.fixed(
            Factor(Decimal(commission_percent) / 100, "share", label=f"{field_prefix}_commission")
        )
    else:
        draft.hint("default_rate_used")
        commission = context.ratio(draft, f"{field_prefix}_commission")
    draft.priced = commission.times(
        order_value, "money", f"{field_prefix}_order_value", context.currency
    ).times(sales, "sales")


def _affiliate(context: _Context) -> _Draft:
    inputs = context.inputs
    draft = _Draft("affiliate")
    draft.missing = context.gaps(draft, "affiliate")
    _sales(
        context,
        draft,
        "affiliate",
        inputs.affiliate_sales,
        inputs.affiliate_order_value,
        inputs.affiliate_commission,
    )
    return draft


def _tiktok_shop(context: _Context) -> _Draft:
    draft = _Draft("tiktok_shop")
    country = context.country
    draft.missing = context.gaps(draft, "tiktok_shop", context.shop_min_followers())
    context.use_country(draft)
    if country.tiktok_shop and country.shop_min_followers is None:
        draft.hint("shop_threshold_assumed")
    if not country.tiktok_shop:
        draft.missing.append(Missing("country", None, country.code))
        draft.hint("country_not_in_programme")
    inputs = context.inputs
    _sales(
        context, draft, "shop", inputs.shop_sales, inputs.shop_order_value, inputs.shop_commission
    )
    return draft


def _own_products(context: _Context) -> _Draft:
    draft = _Draft("own_products")
    draft.missing = context.gaps(draft, "own_products")
    inputs = context.inputs
    if inputs.product_units is None:
        draft.hint("enter_product_units")
    if inputs.product_margin is None:
        draft.hint("enter_product_margin")
    if inputs.product_units is not None and inputs.product_margin is not None:
        margin = _Priced.fixed(
            Factor(inputs.product_margin, "money", context.currency, "product_margin")
        )
        draft.priced = margin.times(inputs.product_units, "units")
    return draft


def _ugc(context: _Context) -> tuple[_Draft, _Priced]:
    draft = _Draft("ugc")
    draft.missing = context.gaps(draft, "ugc")
    inputs = context.inputs
    if inputs.ugc_price is not None:
        draft.hint("own_rate_used")
        per_video = _Priced.fixed(Factor(inputs.ugc_price, "money", context.currency, "ugc_price"))
    else:
        draft.hint("default_rate_used")
        per_video = context.money(draft, "ugc_price", "money")
    if inputs.ugc_videos is None:
        draft.hint("enter_ugc_videos")
    else:
        draft.priced = per_video.times(inputs.ugc_videos, "videos")
    return draft, per_video


def _sum_of_parts(sources: tuple[SourceEstimate, ...]) -> Amounts:
    """The total of the eligible sources as shown: the sum of their rounded amounts, so the
    parts on the page always add up to the total (each amount is still rounded only once)."""
    eligible = [source.amounts for source in sources if source.eligible]
    zero = _cents(_ZERO)
    return Amounts(
        sum((amounts.low for amounts in eligible), zero),
        sum((amounts.expected for amounts in eligible), zero),
        sum((amounts.high for amounts in eligible), zero),
    )


def estimate(inputs: Inputs, rates: Rates) -> Breakdown:
    """Monthly revenue per source, in the country's currency.

    Raises ValueError for an unknown country or niche, MissingExchangeRate when the rate card
    cannot convert a rate to the country's currency; never for missing inputs.
    """
    with localcontext() as decimal_context:
        decimal_context.prec = _PRECISION
        context = _Context(inputs, rates)
        brand, per_post = _brand_partnerships(context)
        ugc, per_video = _ugc(context)
        drafts = (
            _creator_rewards(context),
            _live_gifts(context),
            _subscriptions(context),
            brand,
            _affiliate(context),
            _tiktok_shop(context),
            _own_products(context),
            ugc,
        )
        currency = context.currency
        sources = tuple(draft.build(currency) for draft in drafts)
        return Breakdown(
            currency=currency,
            sources=sources,
            total=_sum_of_parts(sources),
            suggested_post_price=(per_post.amount if per_post else _NOTHING).rounded(),
            suggested_ugc_price=per_video.amount.rounded(),
            assumptions=tuple(
                sorted(
                    context.assumptions.values(),
                    key=lambda assumption: (assumption.provenance.confidence, assumption.key),
                )
            ),
            suggested_post_formula=per_post.formula(currency) if per_post else None,
            suggested_ugc_formula=per_video.formula(currency),
        )
