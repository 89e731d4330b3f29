"""Server-drawn SVG charts: geometry, accessible rendering, and the charts of a profile page."""

from __future__ import annotations

import datetime
import itertools
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from config.months import add_months, month_span
from creators.charts.geometry import chart_geometry, nice_ticks, thinned_indexes
from creators.charts.line_chart import LineChart, Series
from creators.charts.profile import followers_chart, profile_charts, revenue_chart, views_chart
from creators.charts.style import COLOURS, DASHES, MARKERS
from creators.charts.text import table_rows
from creators.models import MonthlyStat
from estimator.presentation import format_count, format_money

JULY = datetime.date(2025, 7, 1)


def months(count: int, start: datetime.date = JULY) -> list[datetime.date]:
    return [add_months(start, offset) for offset in range(count)]


def make_chart(*values_per_series, chart_id="chart", unit="count", currency=None, title="Chart"):
    count = len(values_per_series[0]) if values_per_series else 0
    return LineChart(
        id=chart_id,
        title=title,
        months=months(count),
        series=[
            Series(key=f"s{index}", label=f"Series {index}", values=list(values))
            for index, values in enumerate(values_per_series)
        ],
        unit=unit,
        currency=currency,
    )


def render(template: str, **context) -> str:
    return Template("{% load creator_charts %}" + template).render(Context(context))


def render_chart(chart: LineChart, language: str = "en") -> str:
    with translation.override(language):
        return render("{% line_chart chart %}", chart=chart)


# --- ticks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "integer", "expected"),
    [
        (6_000, 14_000, True, ["0", "5000", "10000", "15000"]),
        (0, 100, True, ["0", "25", "50", "75", "100"]),
        (0, 3, True, ["0", "1", "2", "3"]),
        (0, 0, True, ["0", "1"]),
        (0, 0, False, ["0.00", "0.25", "0.50", "0.75", "1.00"]),
        (0, Decimal("13.27"), False, ["0", "5", "10", "15"]),
        (0, Decimal("0.8"), False, ["0.0", "0.2", "0.4", "0.6", "0.8"]),
        (0, 10**12, True, ["0", "250000000000", "500000000000", "750000000000", "1000000000000"]),
        (-5, 12, True, ["-5", "0", "5", "10", "15"]),
    ],
)
def test_ticks_are_round_numbers_from_zero_covering_every_value(low, high, integer, expected):
    assert nice_ticks(low, high, integer=integer) == [Decimal(value) for value in expected]
    assert [str(tick) for tick in nice_ticks(low, high, integer=integer)] == expected


def test_ticks_of_a_count_axis_are_whole_numbers():
    for high in (1, 2, 3, 7, 9, 11, 13, 27, 99):
        ticks = nice_ticks(0, high, integer=True)
        assert all(tick == tick.to_integral_value() for tick in ticks), (high, ticks)
        assert ticks[-1] >= high


def test_the_axis_labels_are_formatted_for_the_locale():
    chart = make_chart([6_000, 14_000])
    with translation.override("fr"):
        labels = [tick.label for tick in chart_geometry(chart).y_ticks]
    assert labels == ["0", "5\u00a0000", "10\u00a0000", "15\u00a0000"]
    money = make_chart([Decimal("12.5")], unit="money", currency="EUR")
    with translation.override("en"):
        labels = [tick.label for tick in chart_geometry(money).y_ticks]
    assert labels == ["€0", "€5", "€10", "€15"]


# --- points and lines -----------------------------------------------------------------------


def test_values_scale_from_the_bottom_to_the_top_tick():
    geometry = chart_geometry(make_chart([0, 7_500, 15_000]))
    y_values = [point.y for point in geometry.series[0].points]
    assert y_values[0] == geometry.bottom
    assert y_values[2] == geometry.top
    assert y_values[1] == (geometry.top + geometry.bottom) / 2


def test_months_are_spread_evenly_from_left_to_right():
    geometry = chart_geometry(make_chart([1, 2, 3, 4, 5]))
    xs = [point.x for point in geometry.series[0].points]
    assert xs == sorted(xs)
    gaps = [b - a for a, b in itertools.pairwise(xs)]
    assert max(gaps) - min(gaps) <= Decimal("0.1")  # coordinates are rounded to 0.1
    assert geometry.left < xs[0] and xs[-1] < geometry.right


def test_a_missing_month_splits_the_line():
    geometry = chart_geometry(make_chart([1, 2, None, 4, 5]))
    series = geometry.series[0]
    assert len(series.segments) == 2
    assert [len(segment.split()) for segment in series.segments] == [2, 2]
    assert [point.month for point in series.points] == [months(5)[i] for i in (0, 1, 3, 4)]
    assert geometry.has_gaps


def test_an_isolated_month_between_gaps_is_a_dot_without_a_line():
    series = chart_geometry(make_chart([1, None, 3, None, 5])).series[0]
    assert series.segments == ()
    assert len(series.points) == 3


def test_a_single_month_is_a_single_dot_in_the_middle():
    geometry = chart_geometry(make_chart([6_000]))
    (series,) = geometry.series
    assert series.segments == ()
    (point,) = series.points
    assert abs(point.x - (geometry.left + geometry.right) / 2) <= Decimal("0.1")
    assert geometry.top <= point.y <= geometry.bottom
    assert not geometry.has_gaps


def test_all_zeros_draw_a_flat_line_on_the_baseline():
    geometry = chart_geometry(make_chart([0, 0, 0]))
    assert [tick.value for tick in geometry.y_ticks] == [0, 1]
    assert {point.y for point in geometry.series[0].points} == {geometry.bottom}
    assert len(geometry.series[0].segments) == 1


def test_very_large_values_keep_exact_ticks_and_stay_inside_the_plot():
    huge = Decimal("999999999999.99")
    geometry = chart_geometry(make_chart([0, huge, 10**12], unit="money", currency="EUR"))
    assert geometry.y_ticks[-1].value == Decimal(10**12)
    for point in geometry.series[0].points:
        assert geometry.top <= point.y <= geometry.bottom
    longest = max(len(tick.label) for tick in geometry.y_ticks)
    assert geometry.left > longest * 7  # the widest label fits left of the plot


def test_a_series_without_any_value_draws_nothing():
    geometry = chart_geometry(make_chart([None, None], [1, 2]))
    assert geometry.series[0].points == ()
    assert geometry.series[0].segments == ()
    assert not geometry.has_gaps


def test_the_geometry_is_deterministic():
    chart = make_chart([6_000, None, Decimal("7100.5"), 9_000], [1, 2, 3, 4])
    with translation.override("fr"):
        assert chart_geometry(chart) == chart_geometry(chart)


# --- month labels ---------------------------------------------------------------------------


def test_every_month_is_labelled_when_few():
    with translation.override("en"):
        ticks = chart_geometry(make_chart(list(range(6)))).x_ticks
    assert [tick.label for tick in ticks] == ["July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
    assert [tick.year for tick in ticks] == ["2025", "", "", "", "", ""]


def test_month_labels_are_thinned_when_many_and_years_shown_where_they_change():
    with translation.override("fr"):
        ticks = chart_geometry(make_chart(list(range(36)))).x_ticks
    assert 4 <= len(ticks) < 36
    assert ticks[0].month == JULY
    steps = {
        (b.month.year - a.month.year) * 12 + b.month.month - a.month.month
        for a, b in itertools.pairwise(ticks)
    }
    assert len(steps) == 1
    years = [tick.year for tick in ticks if tick.year]
    assert years == ["2025", "2026", "2027", "2028"][: len(years)]
    assert years[0] == "2025" and len(years) >= 3


@pytest.mark.parametrize(
    ("count", "room", "expected"),
    [(0, 10, []), (1, 10, [0]), (5, 10, [0, 1, 2, 3, 4]), (18, 9, list(range(0, 18, 2)))],
)
def test_thinned_indexes(count, room, expected):
    assert thinned_indexes(count, room) == expected


# --- styles ---------------------------------------------------------------------------------


def _relative_luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@pytest.mark.parametrize("colour", COLOURS)
def test_every_series_colour_contrasts_at_least_3_to_1_on_white(colour):
    assert 1.05 / (_relative_luminance(colour) + 0.05) >= 3


def test_styles_differ_without_colour_too():
    assert len(set(DASHES)) == len(DASHES)
    assert len(set(MARKERS)) == len(MARKERS)
    assert len(set(COLOURS)) == len(COLOURS)


def test_each_series_gets_its_own_colour_dash_and_marker():
    geometry = chart_geometry(make_chart([1, 2], [2, 3], [3, 4]))
    styles = {(s.colour, s.dash, s.legend_marker, s.hollow) for s in geometry.series}
    assert len(styles) == 3
    assert len({s.dash for s in geometry.series}) == 3


# --- the chart's own checks -----------------------------------------------------------------


def test_a_series_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="values"):
        LineChart(id="c", title="t", months=months(3), series=[Series("a", "A", [1, 2])])


@pytest.mark.parametrize("chart_id", ["", "1chart", "a chart", 'x"y'])
def test_an_id_that_cannot_prefix_html_ids_is_refused(chart_id):
    with pytest.raises(ValueError, match="id"):
        LineChart(id=chart_id, title="t", months=[], series=[])


def test_a_money_chart_needs_a_currency():
    with pytest.raises(ValueError, match="currency"):
        LineChart(id="c", title="t", months=[], series=[], unit="money")


def test_an_empty_chart_has_no_geometry():
    with pytest.raises(ValueError):
        chart_geometry(make_chart())


# --- rendering ------------------------------------------------------------------------------


def _svg_of(html: str) -> ET.Element:
    match = re.search(r'<svg class="chart-svg".*?</svg>', html, re.DOTALL)
    assert match, html
    return ET.fromstring(match.group(0))  # noqa: S314 -- our own output, parsed to check it


def test_the_svg_is_an_image_labelled_by_its_title_and_described():
    html = render_chart(make_chart([6_000, 9_000, 14_000], chart_id="followers", title="Abonnés"))
    svg = _svg_of(html)
    namespace = "{http://www.w3.org/2000/svg}"
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "followers-title"
    assert svg.get("aria-describedby") == "followers-desc"
    assert svg.get("viewBox") == "0 0 560 260"
    title = svg.find(f"{namespace}title")
    assert title.get("id") == "followers-title"
    assert title.text == "Abonnés"
    desc = svg.find(f"{namespace}desc")
    assert desc.get("id") == "followers-desc"
    assert "3 months, from July 2025 to September 2025." in desc.text
    assert "Series 0: 6,000 in July 2025, 14,000 in September 2025" in desc.text


def test_the_figure_has_a_caption_and_a_legend():
    html = render_chart(make_chart([1, 2], [3, 4], title="Vues"))
    assert re.search(r"<figure [^>]*id=\"chart\"", html)
    assert '<figcaption class="chart-caption">Vues</figcaption>' in html
    assert html.count('class="chart-legend-item"') == 2
    assert "<span>Series 0</span>" in html and "<span>Series 1</span>" in html


def test_the_table_holds_every_value_formatted():
    values = [6_000, None, 1_234_567, 0]
    chart = make_chart(values, [Decimal("12.5"), Decimal(3), None, Decimal("0.25")])
    money = make_chart(
        [Decimal("1234.5"), None, Decimal(0), Decimal("99.99")], unit="money", currency="EUR"
    )
    for language in ("fr", "en"):
        html = render_chart(chart, language)
        with translation.override(language):
            for value in (6_000, 1_234_567, 0, 3):
                assert f'<td class="text-end">{format_count(value)}</td>' in html
        table = re.search(r"<table.*</table>", html, re.DOTALL).group(0)
        assert table.count("<tr>") == 1 + 4
        assert table.count('<th scope="col"') == 3
        assert table.count('<th scope="row">') == 4

        html = render_chart(money, language)
        with translation.override(language):
            for value in ("1234.5", "0", "99.99"):
                expected = format_money(Decimal(value), "EUR")
                assert f'<td class="text-end">{expected}</td>' in html
    assert '<td class="text-end">1\u00a0234,50\u00a0€</td>' in render_chart(money, "fr")
    assert '<td class="text-end">€1,234.50</td>' in render_chart(money, "en")


def test_the_table_reads_months_as_rows_and_marks_missing_months():
    html = render_chart(make_chart([1, None]), "fr")
    assert '<th scope="row">Juillet 2025</th>' in html
    assert '<th scope="row">Août 2025</th>' in html
    missing = '<span aria-hidden="true">—</span><span class="visually-hidden">aucune donnée</span>'
    assert missing in html


def test_the_table_is_inside_a_details_with_a_summary():
    html = render_chart(make_chart([1, 2]))
    details = re.search(r"<details.*?</details>", html, re.DOTALL).group(0)
    assert "<summary>Show the data as a table</summary>" in details
    assert "<table" in details
    assert '<caption id="chart-table-caption">Chart</caption>' in details


def test_table_rows_follow_the_months():
    chart = make_chart([1, None], [None, 2])
    with translation.override("en"):
        rows = table_rows(chart)
    assert [row.label for row in rows] == ["July 2025", "August 2025"]
    assert [row.cells for row in rows] == [("1", None), (None, "2")]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_nothing_is_styled_inline_and_nothing_runs(language):
    chart = make_chart([1, None, 3], [Decimal("2.5"), 2, 1], unit="money", currency="CAD")
    html = render_chart(chart, language) + render_chart(make_chart(), language)
    assert not re.search(r"\sstyle\s*=", html, re.IGNORECASE)
    assert "<style" not in html.lower()
    assert "<script" not in html.lower()
    assert not re.search(r"\son[a-z]+\s*=", html, re.IGNORECASE)


def test_coordinates_stay_in_svg_syntax_in_french():
    chart = make_chart(
        [Decimal("1.5"), Decimal("2.25"), Decimal("7.1")], unit="money", currency="EUR"
    )
    svg = _svg_of(render_chart(chart, "fr"))
    for element in svg.iter():
        for name in ("x", "y", "x1", "x2", "y1", "y2"):
            if element.get(name) is not None:
                assert re.fullmatch(r"-?\d+(\.\d)?", element.get(name)), (name, element.get(name))
        if element.get("points"):
            assert re.fullmatch(r"(\d+\.\d,\d+\.\d ?)+", element.get("points"))
        if element.get("d"):
            assert "," not in element.get("d")


def test_two_charts_on_a_page_get_different_ids():
    with translation.override("en"):
        html = render(
            "{% line_chart first %}{% line_chart second %}",
            first=make_chart([1, 2], chart_id="chart-followers"),
            second=make_chart([3, 4], [5, 6], chart_id="chart-views"),
        )
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)) == 8
    referenced = re.findall(r'aria-(?:labelledby|describedby)="([^"]+)"', html)
    assert set(referenced) <= set(ids)


def test_a_gap_is_explained_under_the_chart():
    assert "A break in a line is a month without data." in render_chart(make_chart([1, None, 2]))
    assert "A break in a line" not in render_chart(make_chart([1, 2, 3]))


def test_the_empty_state_replaces_the_chart_and_the_table():
    html = render_chart(make_chart(chart_id="chart-revenue", title="Revenus"))
    assert '<figcaption class="chart-caption">Revenus</figcaption>' in html
    assert "No data yet: the chart appears with your first month." in html
    assert "<svg" not in html
    assert "<table" not in html


def test_a_chart_with_months_but_no_series_is_empty_too():
    chart = LineChart(id="c", title="t", months=months(3), series=[])
    assert chart.is_empty
    assert "No data yet" in render_chart(chart)


# --- the charts of a profile page -----------------------------------------------------------


def _estimate(currency: str, total: str, **sources: tuple[bool, str]) -> dict:
    return {
        "currency": currency,
        "sources": {
            key: {"eligible": eligible, "low": amount, "expected": amount, "high": amount}
            for key, (eligible, amount) in sources.items()
        },
        "total": {"low": total, "expected": total, "high": total},
    }


def _stats() -> list[MonthlyStat]:
    # Unsaved objects: the builders read attributes, never the database. September is missing.
    return [
        MonthlyStat(
            month=datetime.date(2025, 10, 1),
            followers=7_000,
            video_views=90_000,
            long_video_views=40_000,
            estimate=_estimate(
                "CAD",
                "300.00",
                live_gifts=(True, "300.00"),
                creator_rewards=(False, "40.00"),
                ugc=(True, "0.00"),
            ),
        ),
        MonthlyStat(
            month=datetime.date(2025, 7, 1),
            followers=6_000,
            video_views=80_000,
            estimate=_estimate(
                "CAD",
                "250.00",
                live_gifts=(True, "250.00"),
                creator_rewards=(False, "30.00"),
                ugc=(True, "0.00"),
            ),
        ),
        MonthlyStat(month=datetime.date(2025, 8, 1), followers=6_500, video_views=85_000),
    ]


def test_month_span_covers_every_month_across_the_new_year():
    assert month_span(datetime.date(2025, 11, 1), datetime.date(2026, 2, 1)) == [
        datetime.date(2025, 11, 1),
        datetime.date(2025, 12, 1),
        datetime.date(2026, 1, 1),
        datetime.date(2026, 2, 1),
    ]


def test_the_followers_chart_has_a_gap_for_a_month_without_a_row():
    chart = followers_chart(_stats())
    assert chart.id == "chart-followers"
    assert chart.months == months(4)
    assert [series.key for series in chart.series] == ["followers"]
    assert chart.series[0].values == [6_000, 6_500, None, 7_000]


def test_the_views_chart_leaves_out_what_was_never_typed():
    chart = views_chart(_stats())
    assert [series.key for series in chart.series] == ["video_views", "long_video_views"]
    assert chart.series[1].values == [None, None, None, 40_000]


def test_the_revenue_chart_counts_sources_only_when_eligible():
    chart = revenue_chart(_stats())
    assert (chart.unit, chart.currency) == ("money", "CAD")
    keys = [series.key for series in chart.series]
    assert keys == ["total", "live_gifts"]  # creator_rewards never eligible, ugc earns nothing
    assert chart.series[0].values == [Decimal("250.00"), None, None, Decimal("300.00")]
    assert chart.series[1].values == [Decimal("250.00"), None, None, Decimal("300.00")]
    assert revenue_chart(_stats(), "EUR").currency == "EUR"


def test_a_source_that_becomes_eligible_reads_zero_before():
    stats = _stats()
    stats[0].estimate["sources"]["creator_rewards"]["eligible"] = True
    chart = revenue_chart(stats)
    rewards = next(series for series in chart.series if series.key == "creator_rewards")
    assert rewards.values == [Decimal("0.00"), None, None, Decimal("40.00")]


def test_the_three_charts_of_a_profile_render_together():
    charts = profile_charts(_stats(), "CAD")
    assert [chart.id for chart in charts] == ["chart-followers", "chart-views", "chart-revenue"]
    with translation.override("fr"):
        html = render("{% for chart in charts %}{% line_chart chart %}{% endfor %}", charts=charts)
    assert html.count('role="img"') == 3
    assert "300,00\u00a0$\u00a0CA" in html


def test_a_profile_without_months_gets_three_empty_states():
    charts = profile_charts([], None)
    assert all(chart.is_empty for chart in charts)
    assert revenue_chart([]).currency == "EUR"
    with translation.override("en"):
        html = render("{% for chart in charts %}{% line_chart chart %}{% endfor %}", charts=charts)
    assert html.count("No data yet") == 3
