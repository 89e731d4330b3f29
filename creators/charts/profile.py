"""The charts of a profile page: followers, views and estimated revenue per month, from its
already loaded ``MonthlyStat`` objects (any object with the same attributes will do)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from config.months import month_span
from creators.charts.line_chart import LineChart, Series
from creators.models import COUNT_LABELS
from estimator.calculations import SOURCE_KEYS
from estimator.presentation import SOURCE_LABELS
from estimator.serializers import stored_source_known


def profile_charts(stats: Sequence[Any], currency: str | None = None) -> list[LineChart]:
    """The three charts of a profile page, from its months in any order."""
    return [followers_chart(stats), views_chart(stats), revenue_chart(stats, currency)]


def _partial(stats: Iterable[Any]) -> frozenset[datetime.date]:
    return frozenset(stat.month for stat in stats if getattr(stat, "is_partial", False))


def _by_month(stats: Iterable[Any]) -> tuple[list[datetime.date], dict[datetime.date, Any]]:
    by_month = {stat.month: stat for stat in stats}
    if not by_month:
        return [], {}
    return month_span(min(by_month), max(by_month)), by_month


def _field_series(
    months: Sequence[datetime.date], by_month: dict[datetime.date, Any], name: str, label: str
) -> Series:
    values = [getattr(by_month[m], name) if m in by_month else None for m in months]
    return Series(key=name, label=label, values=values)


def _with_data(series: Iterable[Series]) -> list[Series]:
    return [one for one in series if any(value is not None for value in one.values)]


def followers_chart(stats: Iterable[Any], *, chart_id: str = "chart-followers") -> LineChart:
    """Followers at the end of each month; months without a row are gaps."""
    months, by_month = _by_month(stats)
    label = str(COUNT_LABELS["followers"])
    return LineChart(
        id=chart_id,
        title=gettext("Followers"),
        months=months,
        series=_with_data([_field_series(months, by_month, "followers", label)]),
        unit="count",
        partial_months=_partial(by_month.values()),
    )


def views_chart(stats: Iterable[Any], *, chart_id: str = "chart-views") -> LineChart:
    """Video views, views on videos over one minute and qualified views (those typed in)."""
    months, by_month = _by_month(stats)
    return LineChart(
        id=chart_id,
        title=gettext("Views per month"),
        months=months,
        series=_with_data(
            _field_series(months, by_month, name, str(COUNT_LABELS[name]))
            for name in ("video_views", "long_video_views", "qualified_views")
        ),
        unit="count",
        partial_months=_partial(by_month.values()),
    )


def revenue_chart(
    stats: Iterable[Any], currency: str | None = None, *, chart_id: str = "chart-revenue"
) -> LineChart:
    """Estimated revenue per month: the total of eligible sources, then each source that earns.

    Reads the stored estimates: a source counts only in months it was eligible (0 otherwise,
    like the total); a month that cannot price it (no views on videos over one minute…) is a
    gap, not 0, and so is a month whose total is unknown; sources that never earn are left out.
    ``currency`` defaults to the one of the latest estimate.
    """
    months, by_month = _by_month(stats)
    estimates = {month: stat.estimate for month, stat in by_month.items() if stat.estimate}
    if currency is None:
        latest = max(estimates, default=None)
        currency = estimates[latest]["currency"] if latest else "EUR"

    def expected(month: datetime.date, key: str) -> Decimal | None:
        estimate = estimates.get(month)
        if estimate is None:
            return None
        source = estimate["sources"].get(key)
        if source is None:
            return None
        if not source["eligible"]:
            return Decimal("0.00")
        # Unknown is not zero: a month that cannot price the source is a gap in its line.
        return Decimal(source["expected"]) if stored_source_known(source) else None

    def total(month: datetime.date) -> Decimal | None:
        estimate = estimates.get(month)
        if estimate is None or not estimate.get("total_known", True):
            return None
        return Decimal(estimate["total"]["expected"])

    total_series = Series(
        key="total",
        label=gettext("Total (eligible sources)"),
        values=[total(m) for m in months],
    )
    sources = [
        Series(key=key, label=str(SOURCE_LABELS[key]), values=[expected(m, key) for m in months])
        for key in SOURCE_KEYS
    ]
    earning = [one for one in sources if any(value for value in one.values)]
    return LineChart(
        id=chart_id,
        title=gettext("Estimated revenue per month, by source"),
        months=months,
        series=_with_data([total_series, *earning]),
        unit="money",
        currency=currency,
        partial_months=_partial(by_month.values()),
    )
