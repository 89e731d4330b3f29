"""What a chart says in words, in the active language: month names, a point's label, the
description a screen reader hears instead of the drawing, and the table alternative."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext

from creators.charts.line_chart import LineChart, Number


def month_name(month: datetime.date) -> str:
    """The month within a sentence: "juillet 2026" in French, "July 2026" in English."""
    return date_format(month, "YEAR_MONTH_FORMAT")


def month_label(month: datetime.date) -> str:
    """The month as a table row header reads it: "Juillet 2026"."""
    return capfirst(month_name(month))


def short_month(month: datetime.date) -> str:
    """The month under the x axis: "juil.", "Jul"."""
    return date_format(month, "N")


def point_label(chart: LineChart, month: datetime.date, value: Number) -> str:
    """A marker's tooltip: "juillet 2026 : 6 000"."""
    return _colon(_marked(chart, month, month_name(month)), chart.format_value(value))


def _marked(chart: LineChart, month: datetime.date, label: str) -> str:
    if month in chart.partial_months:
        return gettext("%(month)s (partial month)") % {"month": label}
    return label


def _colon(label: str, value: str) -> str:
    # French puts a (non-breaking) space before a colon.
    if (get_language() or "fr").startswith("fr"):
        return f"{label}\u00a0: {value}"
    return f"{label}: {value}"


def describe(chart: LineChart) -> str:
    """What a screen reader hears instead of the drawing: the period, then each series' trend."""
    if chart.is_empty:
        return gettext("No months recorded yet.")
    sentences = [
        gettext("%(count)s months, from %(first)s to %(last)s.")
        % {
            "count": len(chart.months),
            "first": month_name(chart.months[0]),
            "last": month_name(chart.months[-1]),
        }
        if len(chart.months) > 1
        else gettext("One month: %(month)s.") % {"month": month_name(chart.months[0])}
    ]
    for series in chart.series:
        known = [
            (month, value)
            for month, value in zip(chart.months, series.values, strict=True)
            if value is not None
        ]
        if not known:
            sentences.append(gettext("%(series)s: no data.") % {"series": series.label})
            continue
        (first_month, first), (last_month, last) = known[0], known[-1]
        top_month, top = max(known, key=lambda pair: Decimal(pair[1]))
        if len(known) == 1:
            sentences.append(
                gettext("%(series)s: %(value)s in %(month)s.")
                % {
                    "series": series.label,
                    "value": chart.format_value(first),
                    "month": month_name(first_month),
                }
            )
            continue
        sentences.append(
            gettext(
                "%(series)s: %(first)s in %(first_month)s, %(last)s in %(last_month)s; "
                "highest %(top)s in %(top_month)s."
            )
            % {
                "series": series.label,
                "first": chart.format_value(first),
                "first_month": month_name(first_month),
                "last": chart.format_value(last),
                "last_month": month_name(last_month),
                "top": chart.format_value(top),
                "top_month": month_name(top_month),
            }
        )
    return " ".join(sentences)


# --- the table alternative -----------------------------------------------------------------


@dataclass(frozen=True)
class TableRow:
    month: datetime.date
    label: str
    cells: tuple[str | None, ...]  # formatted values, None for a month without data


def table_rows(chart: LineChart) -> list[TableRow]:
    return [
        TableRow(
            month=month,
            label=_marked(chart, month, month_label(month)),
            cells=tuple(
                None if series.values[index] is None else chart.format_value(series.values[index])
                for series in chart.series
            ),
        )
        for index, month in enumerate(chart.months)
    ]
