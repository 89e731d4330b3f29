"""The revenue sources, each declared once, in the order every page and answer lists them.

Forms, texts, the admin, the planner, the diversification warning, progress toward thresholds,
own rates and the month model (one ``actual_<key>`` field per source) all iterate over
``SOURCES``; none of them names the sources again (tests/estimator/test_source_registry.py).

The texts are plain English here, marked for the catalogue by ``gettext_noop`` (the engine
imports no Django); they are translated where they are shown (``gettext_lazy(source.label)``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from estimator.calculations import sources
from estimator.calculations.context import Context, Draft
from estimator.calculations.values import Country


def gettext_noop(message: str) -> str:
    """Marks ``message`` for `makemessages` (it looks for this name); translated when shown."""
    return message


@dataclass(frozen=True)
class Source:
    key: str
    estimate: Callable[[Context], Draft]  # its function in estimator.calculations.sources
    # Its own fields of ``Inputs`` (beside the account's: country, followers, views…), in the
    # form's order; the form field and the API parameter have the same names.
    inputs: tuple[str, ...]
    label: str
    basis: str  # how it is computed, in one sentence
    actual_label: str  # the month's field of what it actually paid
    # The card must hold its eligibility rule: without one the engine takes it as always
    # available, so a forgotten rule would make everyone eligible (RateCard.activate() checks).
    gated: bool = False
    tiktok_programme: bool = False  # paid by TikTok itself: one policy change and it is gone
    # Runs in some countries only: the card's Country has a flag of the same name, and a note.
    country_programme: bool = False
    # Its place among the planner's fields (a route adds views, then sponsored videos,
    # affiliate sales, LIVE); None: the planner does not ask for it.
    plan_order: int | None = None
    # The creator's own rate learnt from what it actually paid (estimator.own_rates), and that
    # rate's unit: "money", "money_per_1000" or "share".
    own_rate: str | None = None
    own_rate_unit: str = "money"

    @property
    def actual_field(self) -> str:
        """The month's field (creators.MonthlyStat) of what the source actually paid."""
        return f"actual_{self.key}"

    def runs_in(self, country: Country | None) -> bool:
        """Whether it runs in ``country`` (None: unknown); only a country programme may not."""
        if not self.country_programme:
            return True
        return country is not None and bool(getattr(country, self.key))


SOURCES: tuple[Source, ...] = (
    Source(
        "creator_rewards",
        sources.creator_rewards,
        inputs=("long_video_views", "qualified_views"),
        label=gettext_noop("Creator Rewards Program"),
        basis=gettext_noop("Paid per 1,000 qualified views on videos over one minute."),
        actual_label=gettext_noop("Creator Rewards received"),
        gated=True,
        tiktok_programme=True,
        country_programme=True,
        plan_order=1,
        own_rate="rpm",
        own_rate_unit="money_per_1000",
    ),
    Source(
        "live_gifts",
        sources.live_gifts,
        inputs=("diamonds",),
        label=gettext_noop("LIVE gifts"),
        basis=gettext_noop(
            "Viewers buy coins and send gifts; you receive diamonds. TikTok keeps about half."
        ),
        actual_label=gettext_noop("LIVE gifts received"),
        gated=True,
        tiktok_programme=True,
        plan_order=4,
        own_rate="diamond_value",
    ),
    Source(
        "subscriptions",
        sources.subscriptions,
        inputs=("subscribers", "subscription_price"),
        label=gettext_noop("Subscriptions"),
        basis=gettext_noop("Monthly subscribers × price × your share after fees."),
        actual_label=gettext_noop("Subscriptions received"),
        gated=True,
        tiktok_programme=True,
    ),
    Source(
        "brand_partnerships",
        sources.brand_partnerships,
        inputs=("sponsored_posts", "median_views", "engagement_rate", "rate_per_post"),
        label=gettext_noop("Brand partnerships"),
        basis=gettext_noop("Sponsored videos × price per video (views, niche, engagement)."),
        actual_label=gettext_noop("Brand partnerships received"),
        gated=True,
        plan_order=2,
        own_rate="price_per_post",
    ),
    Source(
        "affiliate",
        sources.affiliate,
        inputs=("affiliate_sales", "affiliate_order_value", "affiliate_commission"),
        label=gettext_noop("Affiliate links"),
        basis=gettext_noop(
            "Links and promo codes outside TikTok Shop: sales × order × commission."
        ),
        actual_label=gettext_noop("Affiliate commissions received"),
        plan_order=3,
        own_rate="affiliate_commission",
        own_rate_unit="share",
    ),
    Source(
        "tiktok_shop",
        sources.tiktok_shop,
        inputs=("shop_sales", "shop_order_value", "shop_commission"),
        label=gettext_noop("TikTok Shop"),
        basis=gettext_noop("TikTok Shop affiliate commissions: sales × order × commission."),
        actual_label=gettext_noop("TikTok Shop commissions received"),
        gated=True,
        tiktok_programme=True,
        country_programme=True,
        own_rate="shop_commission",
        own_rate_unit="share",
    ),
    Source(
        "own_products",
        sources.own_products,
        inputs=("product_units", "product_margin"),
        label=gettext_noop("Own products"),
        basis=gettext_noop("Merchandise, courses, services: units × margin."),
        actual_label=gettext_noop("Own products margin received"),
    ),
    Source(
        "ugc",
        sources.ugc,
        inputs=("ugc_videos", "ugc_price"),
        label=gettext_noop("UGC videos"),
        basis=gettext_noop("Videos made for brands' own channels: videos × price."),
        actual_label=gettext_noop("UGC videos received"),
        own_rate="ugc_price",
    ),
)

SOURCE_KEYS: tuple[str, ...] = tuple(source.key for source in SOURCES)
_BY_KEY = {source.key: source for source in SOURCES}


def source(key: str) -> Source:
    """The source ``key``; KeyError for a key the registry does not declare."""
    return _BY_KEY[key]


def planned_sources() -> tuple[Source, ...]:
    """The sources the planner asks about, in its order."""
    planned = [source for source in SOURCES if source.plan_order is not None]
    return tuple(sorted(planned, key=lambda source: source.plan_order or 0))
