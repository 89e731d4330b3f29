"""The goal planner: "I want X per month" — the ways there with the current rate card.

Pure, and built on ``calculations.estimate`` itself (an estimate of one unit of each source),
so the planner can never disagree with the breakdown about a rate, a conversion or a threshold.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from estimator import calculations as calc

MILLION = 1_000_000
DEFAULT_POSTS = 2  # when the creator has not said how many sponsored videos it makes


@dataclass(frozen=True)
class Step:
    source: str  # a source key
    quantity: int  # posts, sales, diamonds… per month
    unit: str  # "posts", "sales", "diamonds", "qualified_views"
    amount: Decimal  # expected income of this step, in the plan's currency, rounded to cents
    assumed: bool = False  # the quantity is ours, not the creator's: the page says so


@dataclass(frozen=True)
class Route:
    key: str  # views_only, views_and_posts, views_posts_affiliate, views_posts_affiliate_live
    steps: tuple[Step, ...]  # the other sources, at the creator's level
    qualified_views: int  # qualified views still needed per month (expected RPM)
    qualified_views_range: tuple[int, int]  # at the highest and at the lowest RPM
    long_video_views: int  # the same in views on videos over one minute (expected share)
    missing: tuple[calc.Missing, ...]  # eligibility gaps of the sources the route uses
    # What the route takes for granted that the creator did not give (keys of ASSUMPTIONS).
    assumptions: tuple[str, ...] = ()


# Every assumption a route can make.
ASSUMPTIONS = (
    "sponsored_posts_assumed",  # DEFAULT_POSTS sponsored videos, the creator gave none
    "post_price_default",  # the market price of a sponsored video, not the creator's own
    "ugc_price_default",  # the market price of a UGC video, not the creator's own
)


@dataclass(frozen=True)
class Unavailable:
    key: str
    hint: str  # what to type to see this route, e.g. "enter_affiliate_sales"


@dataclass(frozen=True)
class Plan:
    goal: Decimal
    currency: str
    current: calc.Amounts  # what the creator's numbers make today (eligible sources)
    routes: tuple[Route, ...]
    unavailable: tuple[Unavailable, ...]
    next_step: Step | None = None  # the cheapest single lever: one more sponsored or UGC video

    @property
    def reached(self) -> bool:
        """The creator's own numbers already make the goal."""
        return self.current.expected >= self.goal

    @property
    def gap(self) -> Decimal:
        return max(self.goal - self.current.expected, Decimal(0))


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _source(inputs: calc.Inputs, rates: calc.Rates, key: str, **changes) -> calc.SourceEstimate:
    return calc.estimate(dataclasses.replace(inputs, **changes), rates).source(key)


def _views_for(amount: Decimal, per_million: calc.Amounts) -> tuple[int, int, int]:
    """Qualified views that earn ``amount``: expected, then at the high and the low RPM."""
    if amount <= 0:
        return 0, 0, 0

    def needed(income_per_million: Decimal) -> int:
        if income_per_million <= 0:
            return 0
        return math.ceil(amount * MILLION / income_per_million)

    return (
        needed(per_million.expected),
        needed(per_million.high),
        needed(per_million.low),
    )


def plan(goal: Decimal, inputs: calc.Inputs, rates: calc.Rates) -> Plan:
    breakdown = calc.estimate(inputs, rates)
    rewards_per_million = _source(
        inputs, rates, "creator_rewards", qualified_views=MILLION, long_video_views=None
    )
    share = rates.rates["qualified_share"].expected
    rewards_missing = tuple(rewards_per_million.missing)

    steps: list[Step] = []
    missing: list[calc.Missing] = []
    routes: list[Route] = []
    unavailable: list[Unavailable] = []

    def add_route(key: str, assumptions: list[str] | None = None) -> None:
        other_income = sum((step.amount for step in steps), Decimal(0))
        expected, at_high, at_low = _views_for(goal - other_income, rewards_per_million.amounts)
        routes.append(
            Route(
                key=key,
                steps=tuple(steps),
                qualified_views=expected,
                qualified_views_range=(at_high, at_low),
                long_video_views=math.ceil(expected / share) if share else expected,
                # Views only count once the programme is open to the creator.
                missing=tuple(dict.fromkeys((*rewards_missing, *missing)))
                if expected
                else tuple(missing),
                assumptions=tuple(assumptions or ()),
            )
        )

    add_route("views_only")
    ugc_route = _ugc_route(goal, inputs, breakdown)
    next_step = _next_step(inputs, breakdown)

    def finish() -> Plan:
        all_routes = (*routes, ugc_route) if ugc_route is not None else tuple(routes)
        return Plan(
            goal, breakdown.currency, breakdown.total, all_routes, tuple(unavailable), next_step
        )

    posts = inputs.sponsored_posts or DEFAULT_POSTS
    posts_assumed = not inputs.sponsored_posts
    price = breakdown.suggested_post_price.expected
    assumptions: list[str] = []
    if posts_assumed:
        assumptions.append("sponsored_posts_assumed")
    if inputs.rate_per_post is None:
        assumptions.append("post_price_default")
    if price > 0:
        steps.append(
            Step("brand_partnerships", posts, "posts", _cents(posts * price), posts_assumed)
        )
        add_route("views_and_posts", assumptions)
    else:
        unavailable.append(Unavailable("views_and_posts", "enter_median_views"))
        return finish()

    affiliate = breakdown.source("affiliate")
    if inputs.affiliate_sales and affiliate.amounts.expected > 0:
        steps.append(Step("affiliate", inputs.affiliate_sales, "sales", affiliate.amounts.expected))
        add_route("views_posts_affiliate", assumptions)
    else:
        hint = (
            "enter_affiliate_sales" if not inputs.affiliate_sales else "enter_affiliate_order_value"
        )
        unavailable.append(Unavailable("views_posts_affiliate", hint))

    live = breakdown.source("live_gifts")
    if inputs.diamonds and live.amounts.expected > 0:
        steps.append(Step("live_gifts", inputs.diamonds, "diamonds", live.amounts.expected))
        missing.extend(live.missing)
        key = "views_posts_affiliate_live" if len(steps) == 3 else "views_posts_live"
        add_route(key, assumptions)
    else:
        unavailable.append(Unavailable("views_posts_live", "enter_diamonds"))

    return finish()


def _ugc_route(goal: Decimal, inputs: calc.Inputs, breakdown: calc.Breakdown) -> Route | None:
    """UGC videos alone: no threshold, no views (the source articles' fastest route)."""
    price = breakdown.suggested_ugc_price.expected
    if price <= 0 or goal <= 0:
        return None
    videos = math.ceil(goal / price)
    return Route(
        key="ugc",
        steps=(Step("ugc", videos, "videos", _cents(videos * price)),),
        qualified_views=0,
        qualified_views_range=(0, 0),
        long_video_views=0,
        missing=tuple(breakdown.source("ugc").missing),
        assumptions=("ugc_price_default",) if inputs.ugc_price is None else (),
    )


def _next_step(inputs: calc.Inputs, breakdown: calc.Breakdown) -> Step | None:
    """One more sponsored video or one more UGC video, whichever earns more."""
    post = breakdown.suggested_post_price.expected
    ugc = breakdown.suggested_ugc_price.expected
    if post <= 0 and ugc <= 0:
        return None
    if post >= ugc:
        return Step("brand_partnerships", 1, "posts", post, inputs.rate_per_post is None)
    return Step("ugc", 1, "videos", ugc, inputs.ugc_price is None)
