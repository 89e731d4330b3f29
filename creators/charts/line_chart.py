"""What a chart shows: months on the x axis, one series of values per line, in plain values."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from estimator.presentation import format_count, format_money

Number = Decimal | int
Unit = Literal["count", "money"]

_CHART_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Series:
    """One line: a value per month of the chart, ``None`` for a month without data (a gap)."""

    key: str
    label: str
    values: list[Number | None]


@dataclass(frozen=True)
class LineChart:
    """Months on the x axis, one line per series; ``id`` prefixes every id of the rendered HTML."""

    id: str
    title: str
    months: list[datetime.date]
    series: list[Series]
    unit: Unit = "count"
    currency: str | None = None
    # Months whose imported values cover only some days: marked, not drawn as complete.
    partial_months: frozenset[datetime.date] = frozenset()

    def __post_init__(self) -> None:
        if not _CHART_ID.match(self.id):
            raise ValueError(f"Chart id {self.id!r} is not a valid HTML id prefix.")
        if self.unit not in ("count", "money"):
            raise ValueError(f"Unknown unit {self.unit!r}: 'count' or 'money'.")
        if self.unit == "money" and not self.currency:
            raise ValueError("A money chart needs a currency.")
        for series in self.series:
            if len(series.values) != len(self.months):
                raise ValueError(
                    f"Series {series.key!r} has {len(series.values)} values "
                    f"for {len(self.months)} months."
                )

    @property
    def is_empty(self) -> bool:
        return not self.months or not self.series

    def format_value(self, value: Number) -> str:
        if self.unit == "money":
            return format_money(Decimal(value), self.currency or "")
        return format_count(value)
