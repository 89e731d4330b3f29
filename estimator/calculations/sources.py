"""Each revenue source's estimate: one function per source, from the context to its draft.

The registry (``estimator.calculations.registry``) names each function once; ``estimate()``
calls them in the registry's order. A function records the source's gaps, hints and the
assumptions it used, and prices it when the inputs allow.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from estimator.calculations.context import Context, Draft, rate_assumption
from estimator.calculations.money import IDENTITY, Priced, Range
from estimator.calculations.values import Factor, Missing

_ONE = Decimal(1)


def _merge_gaps(*lists: list[Missing]) -> list[Missing]:
    """One entry per rule, the most demanding one."""
    by_rule: dict[str, Missing] = {}
    for gap in (gap for gaps in lists for gap in gaps):
        kept = by_rule.get(gap.rule)
        if kept is None or (gap.gap or 0) > (kept.gap or 0):
            by_rule[gap.rule] = gap
    return list(by_rule.values())


def creator_rewards(context: Context) -> Draft:
    draft = Draft("creator_rewards")
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
    multiplier = IDENTITY
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


def live_gifts(context: Context) -> Draft:
    draft = Draft("live_gifts")
    draft.missing = context.gaps(draft, "live_gifts")
    if context.inputs.diamonds is None:
        draft.hint("enter_diamonds")
        return draft
    diamond_value = context.money(draft, "diamond_value", "money")
    draft.priced = diamond_value.times(context.inputs.diamonds, "diamonds")
    return draft


def subscriptions(context: Context) -> Draft:
    draft = Draft("subscriptions")
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
    context.use(draft, rate_assumption("rate:subscription_share", share_rate))
    share = Priced(
        Range(share_rate.low, share_rate.expected, share_rate.high),
        (Factor(share_rate.expected, "share", label="subscription_share"),),
    )
    draft.priced = share.times(
        inputs.subscription_price, "money", "subscription_price", context.currency
    ).times(inputs.subscribers, "subscribers")
    return draft


def _price_per_post(context: Context, draft: Draft) -> Priced | None:
    inputs = context.inputs
    if inputs.rate_per_post is not None:
        draft.hint("own_rate_used")
        return Priced.fixed(
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


def brand_partnerships(context: Context) -> Draft:
    draft = Draft("brand_partnerships")
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
    draft.suggested = per_post
    return draft


def _sales(
    context: Context,
    draft: Draft,
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
        commission = Priced.fixed(
            Factor(Decimal(commission_percent) / 100, "share", label=f"{field_prefix}_commission")
        )
    else:
        draft.hint("default_rate_used")
        commission = context.ratio(draft, f"{field_prefix}_commission")
    draft.priced = commission.times(
        order_value, "money", f"{field_prefix}_order_value", context.currency
    ).times(sales, "sales")


def affiliate(context: Context) -> Draft:
    inputs = context.inputs
    draft = Draft("affiliate")
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


def tiktok_shop(context: Context) -> Draft:
    draft = Draft("tiktok_shop")
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


def own_products(context: Context) -> Draft:
    draft = Draft("own_products")
    draft.missing = context.gaps(draft, "own_products")
    inputs = context.inputs
    if inputs.product_units is None:
        draft.hint("enter_product_units")
    if inputs.product_margin is None:
        draft.hint("enter_product_margin")
    if inputs.product_units is not None and inputs.product_margin is not None:
        margin = Priced.fixed(
            Factor(inputs.product_margin, "money", context.currency, "product_margin")
        )
        draft.priced = margin.times(inputs.product_units, "units")
    return draft


def ugc(context: Context) -> Draft:
    draft = Draft("ugc")
    draft.missing = context.gaps(draft, "ugc")
    inputs = context.inputs
    if inputs.ugc_price is not None:
        draft.hint("own_rate_used")
        per_video = Priced.fixed(Factor(inputs.ugc_price, "money", context.currency, "ugc_price"))
    else:
        draft.hint("default_rate_used")
        per_video = context.money(draft, "ugc_price", "money")
    if inputs.ugc_videos is None:
        draft.hint("enter_ugc_videos")
    else:
        draft.priced = per_video.times(inputs.ugc_videos, "videos")
    draft.suggested = per_video
    return draft
