"""A profile's months as CSV or XLSX: one row per month, every stat, the stored estimate.

Text cells a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) are
neutralised with a leading single quote; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO, Any

from creators.models import COUNT_FIELDS, REVENUE_FIELDS, MonthlyStat

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# "views" is video_views under a shorter name; the other columns keep their field names.
_RENAMED = {"video_views": "views"}
_FIRST = ("followers", "video_views")
STAT_FIELDS = (
    *_FIRST,
    *(name for name, _label in COUNT_FIELDS if name not in _FIRST),
    *(name for name, _label in REVENUE_FIELDS),
)
HEADER = ("month", *(_RENAMED.get(name, name) for name in STAT_FIELDS), "estimated_total")


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would evaluate, made plain text; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rows(stats: Iterable[MonthlyStat]) -> Iterator[list[Any]]:
    """Cells per month: the month as text (YYYY-MM), ints and Decimals, None when unknown."""
    for stat in stats:
        yield [
            neutralise(f"{stat.month:%Y-%m}"),
            *(getattr(stat, name) for name in STAT_FIELDS),
            stat.estimated_total,
        ]


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(neutralise(value))


def write_csv(stream: IO[str], stats: Iterable[MonthlyStat]) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(HEADER)
    for row in rows(stats):
        writer.writerow([_csv_cell(value) for value in row])


def csv_text(stats: Iterable[MonthlyStat]) -> str:
    stream = io.StringIO()
    write_csv(stream, stats)
    return stream.getvalue()


def xlsx_bytes(stats: Iterable[MonthlyStat]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Stats")
    sheet.append(list(HEADER))
    for row in rows(stats):
        sheet.append([neutralise(value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
