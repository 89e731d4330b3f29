"""Line charts of monthly stats, drawn on the server as SVG: readable without JavaScript.

``LineChart`` holds plain values; ``chart_geometry`` turns it into coordinates, ticks and labels
(deterministic: the same chart always gives the same SVG); the ``{% line_chart %}`` tag of
``creators.templatetags.creator_charts`` renders both with an accessible table alternative.
Labels are formatted in the active language, so build the geometry while rendering.

No ORM access here: the ``*_chart`` builders read attributes of already loaded ``MonthlyStat``
objects (any object with the same attributes will do).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any, Literal

from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext

from creators.models import COUNT_FIELDS
from creators.months import month_span
from estimator.calculations import SOURCE_KEYS
from estimator.presentation import SOURCE_LABELS, format_count, format_money
from estimator.serializers import stored_source_known

Number = Decimal | int
Unit = Literal["count", "money"]

# Drawing area in SVG user units; the SVG scales to its container (viewBox + width 100 %).
WIDTH = 560
HEIGHT = 260
MARGIN_TOP = 14
MARGIN_RIGHT = 24  # half of a month label centred on the last month
MARGIN_BOTTOM = 44  # two lines of month labels
# Text sizes in user units, kept in step with charts.css: a narrow screen shrinks the drawing,
# so its text is drawn larger there. Room for labels is measured at the larger size.
FONT_SIZE = 12
FONT_SIZE_NARROW = 17
MONTH_LABEL_WIDTH = 56  # room for "sept." / "March" at the larger size, and a gap
MARKER_RADIUS = Decimal("3.5")
TARGET_TICKS = 5

# One style per series, in order. Every colour has a contrast of at least 3:1 on white (WCAG
# 1.4.11); dash patterns and marker shapes make the series distinct without colour too (1.4.1).
# With more series than styles, styles repeat.
COLOURS = (
    "#0f5f6b",  # teal (the brand colour)
    "#b2420c",  # rust
    "#6a3d9a",  # purple
    "#2e7d32",  # green
    "#a0275f",  # raspberry
    "#1f5fbf",  # blue
    "#7a5c00",  # olive
    "#4d4d4d",  # grey
    "#8a4b08",  # brown
    "#005f99",  # ocean
)
DASHES = ("", "8 4", "2 3", "10 3 2 3", "5 5", "12 4 2 4 2 4", "1 4", "6 2", "3 3 9 3", "14 5")
MARKERS = (
    ("circle", False),
    ("square", False),
    ("diamond", False),
    ("triangle", False),
    ("triangle-down", False),
    ("circle", True),
    ("square", True),
    ("diamond", True),
    ("triangle", True),
    ("triangle-down", True),
)

_CHART_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_TENTH = Decimal("0.1")


# --- what a chart shows -----------------------------------------------------------------------


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


# --- its geometry ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Tick:
    value: Decimal
    y: Decimal
    label: str


@dataclass(frozen=True)
class MonthTick:
    month: datetime.date
    x: Decimal
    label: str  # short month name
    year: str  # shown under the first label and where the year changes, else ""


@dataclass(frozen=True)
class Point:
    month: datetime.date
    value: Number
    x: Decimal
    y: Decimal
    marker: str  # SVG path data of the marker
    label: str  # "juil. 2026 : 6 000", the marker's tooltip


@dataclass(frozen=True)
class SeriesGeometry:
    key: str
    label: str
    colour: str
    dash: str  # stroke-dasharray, "" for a solid line
    hollow: bool  # marker filled with white instead of the colour
    segments: tuple[str, ...]  # polyline "points" of each unbroken run of two months or more
    points: tuple[Point, ...]
    legend_marker: str  # marker path data of the legend key (a 32 × 12 box)


@dataclass(frozen=True)
class ChartGeometry:
    width: int
    height: int
    left: Decimal
    right: Decimal
    top: Decimal
    bottom: Decimal
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[MonthTick, ...]
    series: tuple[SeriesGeometry, ...]
    month_tick_end: Decimal  # the short vertical mark under a labelled month
    month_label_y: Decimal
    year_label_y: Decimal
    tick_label_x: Decimal
    font_size: int = FONT_SIZE
    description: str = ""
    has_gaps: bool = False  # some month of a drawn series has no data


def nice_ticks(
    low: Number, high: Number, *, integer: bool, target: int = TARGET_TICKS
) -> list[Decimal]:
    """Round axis values covering ``low``..``high`` and zero: 0, 5 000, 10 000, 15 000.

    Steps are 1, 2, 2.5 or 5 times a power of ten; whole steps only when ``integer``.
    A range of zero width (all values equal) is widened to one step above it.
    """
    low = min(Decimal(low), Decimal(0))
    high = max(Decimal(high), Decimal(0))
    if high == low:
        high = low + 1
    raw = (high - low) / (target - 1)
    magnitude = Decimal(1).scaleb(raw.adjusted())
    fraction = raw / magnitude
    multiples = (1, 2, 5, 10) if integer and magnitude <= 1 else (1, 2, Decimal("2.5"), 5, 10)
    step = next(multiple for multiple in multiples if fraction <= multiple) * magnitude
    if integer:
        step = max(step.to_integral_value(ROUND_CEILING), Decimal(1))
    first = (low / step).to_integral_value(ROUND_FLOOR)
    last = (high / step).to_integral_value(ROUND_CEILING)
    ticks = [(first + index) * step for index in range(int(last - first) + 1)]
    if step == step.to_integral_value():
        return [Decimal(int(tick)) for tick in ticks]
    return [tick.quantize(step) for tick in ticks]


def _text_width(text: str, font_size: int = FONT_SIZE_NARROW) -> Decimal:
    """A generous estimate of the drawn width of ``text``: SVG cannot measure without script."""
    ems = Decimal(0)
    for character in text:
        if character.isdigit():
            ems += Decimal("0.64")  # DejaVu Sans, the widest of the usual sans-serif fonts
        elif character in " \u00a0\u202f.,":
            ems += Decimal("0.32")
        else:
            ems += Decimal("0.72")
    return ems * font_size


def _coordinate(value: Decimal) -> Decimal:
    return value.quantize(_TENTH, ROUND_HALF_UP)


def _places(step: Decimal) -> int:
    return max(0, -step.normalize().as_tuple().exponent)


def _tick_label(chart: LineChart, value: Decimal, places: int) -> str:
    if chart.unit == "money":
        return format_money(value, chart.currency or "", places=places)
    return format_count(value)


def month_name(month: datetime.date) -> str:
    """The month within a sentence: "juillet 2026" in French, "July 2026" in English."""
    return date_format(month, "YEAR_MONTH_FORMAT")


def month_label(month: datetime.date) -> str:
    """The month as a table row header reads it: "Juillet 2026"."""
    return capfirst(month_name(month))


def _short_month(month: datetime.date) -> str:
    return date_format(month, "N")


def _marker_path(shape: str, x: Decimal, y: Decimal, radius: Decimal = MARKER_RADIUS) -> str:
    r = radius
    if shape == "square":
        side = r * Decimal("1.8")
        return f"M{x - side / 2:.1f} {y - side / 2:.1f}h{side:.1f}v{side:.1f}h-{side:.1f}z"
    if shape == "diamond":
        d = r * Decimal("1.3")
        return f"M{x:.1f} {y - d:.1f}L{x + d:.1f} {y:.1f}L{x:.1f} {y + d:.1f}L{x - d:.1f} {y:.1f}z"
    if shape in ("triangle", "triangle-down"):
        d = r * Decimal("1.3")
        sign = 1 if shape == "triangle" else -1
        tip, base = y - sign * d, y + sign * d * Decimal("0.8")
        return f"M{x:.1f} {tip:.1f}L{x + d:.1f} {base:.1f}L{x - d:.1f} {base:.1f}z"
    arc = f"a{r:.1f} {r:.1f} 0 1 0"
    return f"M{x - r:.1f} {y:.1f}{arc} {2 * r:.1f} 0{arc} -{2 * r:.1f} 0z"


def thinned_indexes(count: int, room: int) -> list[int]:
    """Indexes of the month labels that fit: every n-th month, from the first."""
    if count <= 0:
        return []
    fitting = max(1, room)
    every = -(-count // fitting)  # ceiling division
    return list(range(0, count, every))


def chart_geometry(chart: LineChart, *, width: int = WIDTH, height: int = HEIGHT) -> ChartGeometry:
    """Coordinates of everything the SVG draws; ``chart`` must not be empty."""
    if chart.is_empty:
        raise ValueError("An empty chart has no geometry: render its empty state instead.")
    known = [
        Decimal(value) for series in chart.series for value in series.values if value is not None
    ]
    ticks = nice_ticks(min(known, default=0), max(known, default=0), integer=chart.unit == "count")
    places = _places(ticks[1] - ticks[0]) if chart.unit == "money" else 0
    tick_labels = [_tick_label(chart, tick, places) for tick in ticks]

    left = _coordinate(max(_text_width(label) for label in tick_labels) + 10)
    right = Decimal(width - MARGIN_RIGHT)
    top = Decimal(MARGIN_TOP)
    bottom = Decimal(height - MARGIN_BOTTOM)
    low, high = ticks[0], ticks[-1]

    def y_of(value: Number) -> Decimal:
        return _coordinate(bottom - (Decimal(value) - low) / (high - low) * (bottom - top))

    count = len(chart.months)
    inset = Decimal(10)  # keeps the first and last markers off the axis
    if count == 1:
        xs = [_coordinate((left + right) / 2)]
    else:
        span = right - left - 2 * inset
        xs = [_coordinate(left + inset + span * index / (count - 1)) for index in range(count)]

    month_ticks = []
    previous_year = None
    for index in thinned_indexes(count, int((right - left) / MONTH_LABEL_WIDTH)):
        month = chart.months[index]
        year = str(month.year) if month.year != previous_year else ""
        previous_year = month.year
        month_ticks.append(MonthTick(month, xs[index], _short_month(month), year))

    styled = []
    for position, series in enumerate(chart.series):
        colour = COLOURS[position % len(COLOURS)]
        dash = DASHES[position % len(DASHES)]
        shape, hollow = MARKERS[position % len(MARKERS)]
        points = []
        segments = []
        run: list[str] = []
        for index, value in enumerate(series.values):
            if value is None:
                if len(run) > 1:
                    segments.append(" ".join(run))
                run = []
                continue
            x, y = xs[index], y_of(value)
            run.append(f"{x},{y}")
            month = chart.months[index]
            points.append(
                Point(
                    month=month,
                    value=value,
                    x=x,
                    y=y,
                    marker=_marker_path(shape, x, y),
                    label=_colon(
                        _marked(chart, month, month_name(month)), chart.format_value(value)
                    ),
                )
            )
        if len(run) > 1:
            segments.append(" ".join(run))
        styled.append(
            SeriesGeometry(
                key=series.key,
                label=series.label,
                colour=colour,
                dash=dash,
                hollow=hollow,
                segments=tuple(segments),
                points=tuple(points),
                legend_marker=_marker_path(shape, Decimal(16), Decimal(6)),
            )
        )

    return ChartGeometry(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        y_ticks=tuple(
            Tick(value, y_of(value), label) for value, label in zip(ticks, tick_labels, strict=True)
        ),
        x_ticks=tuple(month_ticks),
        series=tuple(styled),
        month_tick_end=bottom + 5,
        month_label_y=bottom + 19,
        year_label_y=bottom + 37,
        tick_label_x=left - 6,
        description=describe(chart),
        has_gaps=any(one.points and len(one.points) < count for one in styled),
    )


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


# --- the charts of a profile page ----------------------------------------------------------


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


_COUNT_LABELS = dict(COUNT_FIELDS)


def followers_chart(stats: Iterable[Any], *, chart_id: str = "chart-followers") -> LineChart:
    """Followers at the end of each month; months without a row are gaps."""
    months, by_month = _by_month(stats)
    label = str(_COUNT_LABELS["followers"])
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
            _field_series(months, by_month, name, str(_COUNT_LABELS[name]))
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
