"""``{% line_chart chart %}``: a server-drawn SVG line chart with its data as a table."""

from __future__ import annotations

from typing import Any

from django import template

from creators.charts.geometry import chart_geometry
from creators.charts.line_chart import LineChart
from creators.charts.text import table_rows

register = template.Library()


@register.inclusion_tag("creators/chart.html")
def line_chart(chart: LineChart) -> dict[str, Any]:
    """Render ``chart`` (see ``creators.charts``); labels follow the active language."""
    if chart.is_empty:
        return {"chart": chart, "geometry": None, "rows": []}
    return {"chart": chart, "geometry": chart_geometry(chart), "rows": table_rows(chart)}
