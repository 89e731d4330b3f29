"""How each series looks: one style per series, in order; with more series than styles, styles
repeat.

Every colour has a contrast of at least 3:1 on white (WCAG 1.4.11); dash patterns and marker
shapes make the series distinct without colour too (1.4.1).
"""

from __future__ import annotations

from decimal import Decimal

MARKER_RADIUS = Decimal("3.5")

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


def series_style(position: int) -> tuple[str, str, str, bool]:
    """(colour, dash pattern, marker shape, hollow marker) of the series at ``position``."""
    shape, hollow = MARKERS[position % len(MARKERS)]
    return COLOURS[position % len(COLOURS)], DASHES[position % len(DASHES)], shape, hollow


def marker_path(shape: str, x: Decimal, y: Decimal, radius: Decimal = MARKER_RADIUS) -> str:
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
