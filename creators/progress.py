"""Progress toward every eligibility threshold, and when it will be met at the recent pace.

Pure: plain values in, frozen dataclasses out; no ORM. ``today`` is always passed in.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from config.months import add_months, months_between
from estimator import calculations as calc

# How many months back the recent pace looks (the latest month and up to 3 intervals before).
PACE_WINDOW_MONTHS = 3
# Metric of a monthly stat behind each numeric rule.
RULE_METRICS = {
    "min_followers": "followers",
    "min_views_30d": "video_views",
    "min_posts_30d": "videos_posted",
}


# Rules an unknown value does not fail (as ``calculations``: "views_assumed", "posts_assumed").
ASSUMED_WHEN_UNKNOWN = frozenset({"min_views_30d", "min_posts_30d"})


@dataclass(frozen=True)
class MonthPoint:
    month: datetime.date
    followers: int | None = None
    video_views: int | None = None
    videos_posted: int | None = None


class Status:
    MET = "met"
    PROJECTED = "projected"
    NOT_AT_THIS_PACE = "not_at_this_pace"
    NOT_ENOUGH_HISTORY = "not_enough_history"
    CHANGE_REQUIRED = "change_required"  # account type, strike, country: no pace will do
    UNKNOWN = "unknown"  # views or videos never given: assumed met (no gap), as the estimator


@dataclass(frozen=True)
class Threshold:
    source: str
    rule: str
    required: int | None
    actual: int | None
    status: str
    reached_in: datetime.date | None = None  # met: the month it was crossed (None: met all along)
    projected: datetime.date | None = None  # projected: the month it should be met
    monthly_gain: Decimal | None = None  # the pace used

    @property
    def met(self) -> bool:
        return self.status == Status.MET

    @property
    def blocking(self) -> bool:
        """Not met, and not merely unknown (unknown opens no gap)."""
        return not self.met and self.status != Status.UNKNOWN

    @property
    def gap(self) -> int | None:
        if self.status == Status.UNKNOWN:
            return None
        if self.required is None or self.met:
            return None if self.required is None else 0
        return self.required - (self.actual or 0)

    @property
    def percent(self) -> int:
        if self.met:
            return 100
        if not self.required:
            return 0
        return max(0, min(99, math.floor((self.actual or 0) * 100 / self.required)))


@dataclass(frozen=True)
class SourceProgress:
    source: str
    thresholds: tuple[Threshold, ...]
    available: bool  # the programme runs in the country

    @property
    def country_programme(self) -> bool:
        """Runs in some countries only: the page shows the country's note beside it."""
        return calc.source(self.source).country_programme

    @property
    def eligible(self) -> bool:
        return self.available and not any(threshold.blocking for threshold in self.thresholds)


def monthly_gain(points: Sequence[MonthPoint], metric: str) -> Decimal | None:
    """Average gain per month over the recent window; None with fewer than two known values."""
    return series_gain([(point.month, getattr(point, metric)) for point in points])


def series_gain(values: Sequence[tuple[datetime.date, int | None]]) -> Decimal | None:
    known = [(month, value) for month, value in values if value is not None]
    if len(known) < 2:
        return None
    latest_month, latest_value = known[-1]
    window_start = add_months(latest_month, -PACE_WINDOW_MONTHS)
    in_window = [(month, value) for month, value in known if month >= window_start]
    if len(in_window) < 2:
        return None
    first_month, first_value = in_window[0]
    return Decimal(latest_value - first_value) / months_between(first_month, latest_month)


def _reached_in(points: Sequence[MonthPoint], metric: str, required: int) -> datetime.date | None:
    """The month the metric last crossed the threshold; None when it was met all along."""
    crossed = None
    previous = None
    for point in points:
        value = getattr(point, metric)
        if value is None:
            continue
        if value >= required and previous is not None and previous < required:
            crossed = point.month
        previous = value
    return crossed


def _numeric(source: str, rule: str, required: int, points: Sequence[MonthPoint]) -> Threshold:
    metric = RULE_METRICS[rule]
    latest = next(
        (getattr(p, metric) for p in reversed(points) if getattr(p, metric) is not None), None
    )
    if latest is not None and latest >= required:
        return Threshold(
            source, rule, required, latest, Status.MET, _reached_in(points, metric, required)
        )
    if latest is None and rule in ASSUMED_WHEN_UNKNOWN:
        return Threshold(source, rule, required, None, Status.UNKNOWN)
    gain = monthly_gain(points, metric)
    if gain is None:
        return Threshold(source, rule, required, latest, Status.NOT_ENOUGH_HISTORY)
    if gain <= 0:
        return Threshold(source, rule, required, latest, Status.NOT_AT_THIS_PACE, monthly_gain=gain)
    latest_month = next(p.month for p in reversed(points) if getattr(p, metric) is not None)
    months = math.ceil((required - (latest or 0)) / gain)
    return Threshold(
        source,
        rule,
        required,
        latest,
        Status.PROJECTED,
        projected=add_months(latest_month, months),
        monthly_gain=gain,
    )


def _age(
    source: str, required: int, age_at: Callable[[datetime.date], int | None], today: datetime.date
) -> Threshold | None:
    this_month = today.replace(day=1)
    age = age_at(this_month)
    if age is None:
        return None  # unknown: not shown as a gap, like the estimator
    if age >= required:
        return Threshold(source, "min_age", required, age, Status.MET)
    for months in range(1, 12 * 120):
        if (age_at(add_months(this_month, months)) or 0) >= required:
            return Threshold(
                source,
                "min_age",
                required,
                age,
                Status.PROJECTED,
                projected=add_months(this_month, months),
            )
    return Threshold(source, "min_age", required, age, Status.NOT_AT_THIS_PACE)


def progress(
    points: Sequence[MonthPoint],
    rates: calc.Rates,
    *,
    country: str,
    account_type: str,
    age_at: Callable[[datetime.date], int | None],
    today: datetime.date,
) -> list[SourceProgress]:
    """Every threshold of every source with a rule, in the estimator's source order."""
    points = sorted(points, key=lambda point: point.month)
    country_rules = rates.countries.get(country)
    result = []
    for registered in calc.SOURCES:
        source = registered.key
        rule = rates.eligibility.get(source)
        if rule is None:
            continue
        available = registered.runs_in(country_rules)
        min_followers = rule.min_followers
        if country_rules is not None:
            min_followers = calc.min_followers(rates, source, country_rules)
        thresholds = []
        if rule.min_age is not None:
            age = _age(source, rule.min_age, age_at, today)
            if age is not None:
                thresholds.append(age)
        for name, required in (
            ("min_followers", min_followers),
            ("min_views_30d", rule.min_views_30d),
            ("min_posts_30d", rule.min_posts_30d),
        ):
            if required is not None:
                thresholds.append(_numeric(source, name, required, points))
        if rule.requires_personal_account:
            met = account_type == "personal"
            thresholds.append(
                Threshold(
                    source,
                    "personal_account",
                    None,
                    None,
                    Status.MET if met else Status.CHANGE_REQUIRED,
                )
            )
        result.append(SourceProgress(source, tuple(thresholds), available))
    return result


def next_threshold(sources: Sequence[SourceProgress]) -> Threshold | None:
    """The unmet numeric threshold closest to being met, in an available programme."""
    candidates = [
        threshold
        for source in sources
        if source.available
        for threshold in source.thresholds
        if threshold.blocking and threshold.required is not None and threshold.rule != "min_age"
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda threshold: (threshold.percent, -(threshold.gap or 0)))


def months_to_reach(values: Sequence[tuple[datetime.date, int | None]], target: int) -> int | None:
    """Months until the series reaches ``target`` at its recent pace: 0 when already there,
    None when it is not growing (or there is not enough history to tell)."""
    known = [value for _month, value in values if value is not None]
    if known and known[-1] >= target:
        return 0
    gain = series_gain(values)
    if not known or gain is None or gain <= 0:
        return None
    return math.ceil((target - known[-1]) / gain)
