"""Line charts of monthly stats, drawn on the server as SVG: readable without JavaScript.

A ``line_chart.LineChart`` holds plain values; ``geometry.chart_geometry`` turns it into
coordinates, ticks and labels (deterministic: the same chart always gives the same SVG), each
series drawn in a ``style`` (colour, dashes, marker shape); ``text`` says it in words (the
description a screen reader hears, the table alternative). The ``{% line_chart %}`` tag of
``creators.templatetags.creator_charts`` renders them with ``templates/creators/chart.html``.
Labels are formatted in the active language, so build the geometry while rendering.

``profile`` builds the charts of a profile page from already loaded ``MonthlyStat`` objects
(any object with the same attributes will do); nothing else here touches the ORM.
"""
