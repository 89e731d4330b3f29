"""The engine's vocabulary: the rates it reads, the inputs it takes and the breakdown it returns.

Plain frozen dataclasses and the keys they use (units, hints, rules); no arithmetic here beyond
what a result says about itself.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

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
    # What every estimate derives from these rates alone (the assumptions it states, its priced
    # rates and conversions), built once by the engine (context.Context.derived) and kept here:
    # rates never change once built, and a copy (dataclasses.replace) starts empty.
    derived: dict[tuple, Any] = field(default_factory=dict, init=False, repr=False, compare=False)


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
    sources: tuple[SourceEstimate, ...]  # every source of the registry, in its order
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
            return Decimal(0)
        return source.amounts.expected / self.total.expected
