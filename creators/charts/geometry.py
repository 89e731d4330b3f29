"""Where everything of a chart is drawn: axes with round ticks, month labels that fit, and
each series as lines (broken where a month has no data) and markers, in SVG user units.

The SVG scales to its container (viewBox + width 100 %). Deterministic: the same chart always
gives the same coordinates.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from creators.charts.line_chart import LineChart, Number, Series
from creators.charts.style import marker_path, series_style
from creators.charts.text import describe, point_label, short_month
from estimator.presentation import format_count, format_money

# Drawing area in SVG user units.
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
TARGET_TICKS = 5

_TENTH = Decimal("0.1")


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
    label: str  # "juillet 2026 : 6 000", the marker's tooltip


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
        month_ticks.append(MonthTick(month, xs[index], short_month(month), year))

    styled = [
        _series_geometry(chart, position, series, xs, y_of)
        for position, series in enumerate(chart.series)
    ]

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


def _series_geometry(
    chart: LineChart,
    position: int,
    series: Series,
    xs: Sequence[Decimal],
    y_of: Callable[[Number], Decimal],
) -> SeriesGeometry:
    """One series' line, broken where a month has no data, and its markers."""
    colour, dash, shape, hollow = series_style(position)
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
                marker=marker_path(shape, x, y),
                label=point_label(chart, month, value),
            )
        )
    if len(run) > 1:
        segments.append(" ".join(run))
    return SeriesGeometry(
        key=series.key,
        label=series.label,
        colour=colour,
        dash=dash,
        hollow=hollow,
        segments=tuple(segments),
        points=tuple(points),
        legend_marker=marker_path(shape, Decimal(16), Decimal(6)),
    )
