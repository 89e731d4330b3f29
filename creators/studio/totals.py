"""Days added up into months, and the months to and from plain JSON (the session between an
import's preview and its confirmation).

Video views, profile views, likes, comments and shares are summed over the month; followers
keep the last known value. The same day in two files: the later export wins.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from config.months import days_in_month
from creators.studio.columns import FIELDS, SUMMED_FIELDS, field_label
from creators.studio.daily import Daily
from creators.studio.errors import StudioError
from creators.studio.values import MAX_COUNT, is_count

MAX_MONTHS = 1200  # in the session: a hundred years of months


@dataclass(frozen=True)
class MonthTotals:
    """A month of daily rows: sums (followers: last known value), and the days behind them."""

    month: datetime.date  # first day of the month
    values: Mapping[str, int]  # only the fields with at least one known day
    days: int  # days with any data
    field_days: Mapping[str, int]  # per field, days with a known value

    @property
    def days_in_month(self) -> int:
        return days_in_month(self.month)

    @property
    def partial(self) -> bool:
        """Days are missing: the first and last months of an export, unless complete, and gaps."""
        return self.days < self.days_in_month


def aggregate(dailies: Iterable[Daily]) -> tuple[MonthTotals, ...]:
    """Daily rows into months. The same day in two files: the later export wins."""
    by_day: dict[datetime.date, dict[str, int]] = {}
    for daily in sorted(dailies, key=lambda daily: daily.export_date):
        for day, values in daily.days.items():
            known = {name: value for name, value in values.items() if value is not None}
            by_day.setdefault(day, {}).update(known)
    months: dict[datetime.date, dict[str, Any]] = {}
    for day in sorted(by_day):
        values = by_day[day]
        if not values:
            continue
        month = months.setdefault(day.replace(day=1), {"values": {}, "field_days": {}, "days": 0})
        month["days"] += 1
        for name, value in values.items():
            month["field_days"][name] = month["field_days"].get(name, 0) + 1
            if name in SUMMED_FIELDS:
                month["values"][name] = month["values"].get(name, 0) + value
            else:
                month["values"][name] = value  # days are in order: the last known value stays
    return tuple(
        MonthTotals(
            month,
            {name: data["values"][name] for name in FIELDS if name in data["values"]},
            data["days"],
            {name: data["field_days"][name] for name in FIELDS if name in data["field_days"]},
        )
        for month, data in months.items()
    )


def negative_months(months: Sequence[MonthTotals], sources: Mapping[str, str]) -> list[StudioError]:
    """A month whose total is negative (deleted comments outweighing new ones), per field;
    ``sources``: the file each field came from."""
    errors = []
    for month in months:
        for name, value in month.values.items():
            if value < 0:
                errors.append(
                    StudioError(
                        sources.get(name, _("the upload")),
                        _(
                            "%(field)s of %(month)s add up to %(value)s: "
                            "a month's total cannot be negative."
                        )
                        % {
                            "field": field_label(name),
                            "month": f"{month.month:%Y-%m}",
                            "value": value,
                        },
                    )
                )
    return errors


def months_to_json(months: Iterable[MonthTotals]) -> list[dict[str, Any]]:
    return [
        {
            "month": f"{month.month:%Y-%m}",
            "values": dict(month.values),
            "days": month.days,
            "field_days": dict(month.field_days),
        }
        for month in months
    ]


def months_from_json(data: Any) -> tuple[MonthTotals, ...]:
    """Back from JSON, every value checked again: raises ValueError on anything unexpected."""
    if not isinstance(data, list) or len(data) > MAX_MONTHS:
        raise ValueError("months: expected a list")
    months = []
    seen = set()
    for item in data:
        if not isinstance(item, dict) or set(item) != {"month", "values", "days", "field_days"}:
            raise ValueError("month: unexpected keys")
        month = datetime.datetime.strptime(str(item["month"]), "%Y-%m").date()
        if month in seen:
            raise ValueError("month: twice")
        seen.add(month)
        values, field_days, days = item["values"], item["field_days"], item["days"]
        last_day = days_in_month(month)
        if not is_count(days, 1, last_day):
            raise ValueError("days: out of range")
        if not isinstance(values, dict) or not isinstance(field_days, dict):
            raise ValueError("values: expected objects")
        if not set(values) <= set(FIELDS) or set(values) != set(field_days):
            raise ValueError("values: unknown fields")
        if not all(is_count(value, 0, MAX_COUNT * last_day) for value in values.values()):
            raise ValueError("values: out of range")
        if not all(is_count(count, 1, days) for count in field_days.values()):
            raise ValueError("field days: out of range")
        months.append(
            MonthTotals(
                month,
                {name: values[name] for name in FIELDS if name in values},
                days,
                {name: field_days[name] for name in FIELDS if name in field_days},
            )
        )
    return tuple(sorted(months, key=lambda month: month.month))
