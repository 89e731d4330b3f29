"""What the dashboard and a profile page show, computed from already-loaded rows (no queries)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from config.months import add_months, months_between
from creators.estimates import currency_of, estimate_month, inputs_for
from creators.models import CreatorProfile, MonthlyStat
from creators.progress import (
    MonthPoint,
    SourceProgress,
    Threshold,
    months_to_reach,
    next_threshold,
    progress,
)
from estimator import calculations as calc
from estimator import serializers
from estimator.calculations import SOURCE_KEYS
from estimator.diversification import Diversification, SourceAmount, diversification

PERIODS = {"12": 12, "24": 24, "all": None}


def points_of(stats: Sequence[MonthlyStat]) -> list[MonthPoint]:
    """The pace's points; a partial month's views and videos (part of a month) are left out."""
    return [
        MonthPoint(
            stat.month,
            stat.followers,
            None if stat.is_partial else stat.video_views,
            None if stat.is_partial else stat.videos_posted,
        )
        for stat in stats
    ]


def profile_progress(
    profile: CreatorProfile, stats: Sequence[MonthlyStat], rates: calc.Rates, today: datetime.date
) -> list[SourceProgress]:
    return progress(
        points_of(stats),
        rates,
        country=profile.country,
        account_type=profile.account_type,
        age_at=profile.age_in,
        today=today,
    )


def profile_next_threshold(
    profile: CreatorProfile, stats: Sequence[MonthlyStat], rates: calc.Rates, today: datetime.date
) -> Threshold | None:
    return next_threshold(profile_progress(profile, stats, rates, today))


def growth(current: int | None, previous: int | None) -> Decimal | None:
    """Month-over-month growth in percent, None when it cannot be computed."""
    if current is None or not previous:
        return None
    return (Decimal(current - previous) * 100 / Decimal(previous)).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class MonthRow:
    stat: MonthlyStat
    followers_growth: Decimal | None
    views_growth: Decimal | None
    stale: bool  # estimated with another rate card than the active one


def month_rows(stats: Sequence[MonthlyStat], rates: calc.Rates) -> list[MonthRow]:
    """Newest first, with growth against the month before (when that month is tracked)."""
    rows = []
    previous = None
    for stat in stats:
        consecutive = previous is not None and months_between(previous.month, stat.month) == 1
        # A partial month is not compared as if it were complete.
        consecutive = consecutive and not stat.is_partial and not previous.is_partial
        rows.append(
            MonthRow(
                stat,
                growth(stat.followers, previous.followers) if consecutive else None,
                growth(stat.video_views, previous.video_views) if consecutive else None,
                stat.rate_card_id != rates.card_id,
            )
        )
        previous = stat
    return list(reversed(rows))


class Counted:
    """How a source stands in the estimated vs actual table."""

    COUNTED = "counted"  # eligible and priced in at least one month: its sum is shown
    UNKNOWN = "unknown"  # eligible, but the months do not say enough to price it
    NOT_ELIGIBLE = "not_eligible"  # never counted: shown, never summed


@dataclass(frozen=True)
class SourceComparison:
    key: str
    estimated: Decimal | None  # the eligible, priced months only; None unless COUNTED
    actual: Decimal | None
    status: str = Counted.COUNTED
    hint: str = ""  # when UNKNOWN: the hint key saying what to type


def estimated_vs_actual(stats: Sequence[MonthlyStat]) -> list[SourceComparison]:
    """Per source over ``stats``: the stored expected estimates of the months where it was
    eligible and priced (ineligible is never summed, unknown is never zero), and the revenue
    typed in."""
    comparisons = []
    for key in SOURCE_KEYS:
        stored = [
            stat.estimate["sources"][key]
            for stat in stats
            if stat.estimate and key in stat.estimate.get("sources", {})
        ]
        eligible = [values for values in stored if values["eligible"]]
        counted = [values for values in eligible if serializers.stored_source_known(values)]
        typed = [getattr(stat, calc.source(key).actual_field) for stat in stats]
        known = [value for value in typed if value is not None]
        actual = sum(known) if known else None
        if counted:
            estimated = sum((Decimal(values["expected"]) for values in counted), Decimal(0))
            comparisons.append(SourceComparison(key, estimated, actual))
        elif eligible:
            hints = [hint for hint in eligible[-1].get("hints", []) if hint.startswith("enter_")]
            comparisons.append(
                SourceComparison(key, None, actual, Counted.UNKNOWN, hints[0] if hints else "")
            )
        else:
            comparisons.append(SourceComparison(key, None, actual, Counted.NOT_ELIGIBLE))
    return comparisons


@dataclass(frozen=True)
class Recalculation:
    months: int
    # Over the months whose total is known both then and now (None: not one of them); a month
    # with nothing priced has no total, never a total of zero.
    stored_total: Decimal | None
    current_total: Decimal | None
    left_out: int  # months whose total is unknown, then or now


def pending_recalculation(
    profile: CreatorProfile, stats: Sequence[MonthlyStat], rates: calc.Rates
) -> Recalculation | None:
    """Months estimated with an older card, and what the active card would make of them."""
    stale = [stat for stat in stats if stat.rate_card_id != rates.card_id]
    if not stale:
        return None
    pairs = []
    for stat in stale:
        current = estimate_month(profile, stat, rates)
        if stat.estimated_total is not None and current.total_known:
            pairs.append((stat.estimated_total, current.total.expected))
    if not pairs:
        return Recalculation(len(stale), None, None, len(stale))
    stored = sum((then for then, _now in pairs), Decimal(0))
    now = sum((now for _then, now in pairs), Decimal(0))
    return Recalculation(len(stale), stored, now, len(stale) - len(pairs))


def in_period(stats: Sequence[MonthlyStat], period: str) -> list[MonthlyStat]:
    count = PERIODS.get(period, 12)
    return list(stats) if count is None else list(stats)[-count:]


@dataclass(frozen=True)
class DashboardCard:
    profile: CreatorProfile
    latest: MonthlyStat | None
    next: Threshold | None
    this_month_tracked: bool
    currency: str


def dashboard_card(
    profile: CreatorProfile, stats: Sequence[MonthlyStat], rates: calc.Rates, today: datetime.date
) -> DashboardCard:
    stats = sorted(stats, key=lambda stat: stat.month)
    latest = stats[-1] if stats else None
    return DashboardCard(
        profile,
        latest,
        profile_next_threshold(profile, stats, rates, today),
        latest is not None and latest.month == today.replace(day=1),
        currency_of(profile, rates),
    )


def plan_query(profile: CreatorProfile, stat: MonthlyStat, rates: calc.Rates) -> dict[str, str]:
    """The planner's parameters from a month's stats (what the estimator would be given)."""
    inputs = inputs_for(profile, stat, rates)
    names = (
        "country",
        "age",
        "niche",
        "account_type",
        "followers",
        "views_30d",
        "posts_30d",
        "long_video_views",
        "qualified_views",
        "diamonds",
        "subscribers",
        "subscription_price",
        "sponsored_posts",
        "engagement_rate",
    )
    query = {
        name: str(getattr(inputs, name)) for name in names if getattr(inputs, name) is not None
    }
    if inputs.engagement_rate is not None and inputs.engagement_rate > 100:
        # More interactions than views: the form takes 0-100 %, and every band from 100 % on
        # is the same (the highest), so the plan is unchanged.
        query["engagement_rate"] = "100"
    return query


def qualified_series(
    stats: Sequence[MonthlyStat], share: Decimal
) -> list[tuple[datetime.date, int | None]]:
    """Qualified views per month: typed when known, else long-video views × the usual share."""
    series = []
    for stat in stats:
        if stat.qualified_views is not None:
            series.append((stat.month, stat.qualified_views))
        elif stat.long_video_views is not None:
            series.append((stat.month, int(stat.long_video_views * share)))
        else:
            series.append((stat.month, None))
    return series


def add_months_at_pace(
    context: dict, stats: Sequence[MonthlyStat], rates: calc.Rates, today: datetime.date
) -> None:
    """Adds, to each route of a plan context, when its views would be reached at the pace."""
    series = qualified_series(stats, rates.rates["qualified_share"].expected)
    latest_month = stats[-1].month
    for item in context["routes"]:
        needed = item["route"].qualified_views
        if not needed:
            continue
        months = months_to_reach(series, needed)
        if months == 0:
            item["months"] = _("Your views are already there.")
        elif months is None:
            item["months"] = _(
                "Not at this pace: your qualified views are not growing (or not tracked)."
            )
        else:
            item["months"] = _("At the current pace: around %(month)s.") % {
                "month": date_format(add_months(latest_month, months), "YEAR_MONTH_FORMAT")
            }


def month_diversification(stat: MonthlyStat | None) -> Diversification | None:
    """The share of each source in a month's stored estimate, and the dependency warning."""
    if stat is None or not stat.estimate:
        return None
    return diversification(
        {
            key: SourceAmount(values["eligible"], Decimal(values["expected"]))
            for key, values in stat.estimate["sources"].items()
        }
    )
