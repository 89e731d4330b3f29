"""One recognised table's rows, checked and read into days.

Every bad cell is reported with its line, column and value (up to ``MAX_ERRORS`` per table);
a day TikTok cannot have counted yet, or before its statistics existed, and a day written
twice, are refused.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from creators.studio.columns import Kind
from creators.studio.errors import MAX_ERRORS, CellError, Refused, StudioError, shown
from creators.studio.tables import Table
from creators.studio.values import EARLIEST_DAY, infer_years, parse_count, parse_date


@dataclass
class Daily:
    """One recognised table's days: date -> field -> value (None: missing)."""

    name: str
    kind: str
    export_date: datetime.date
    days: dict[datetime.date, dict[str, int | None]] = field(default_factory=dict)


def read_table(
    table: Table,
    kind: Kind,
    headers: dict[str, int],
    export_date: datetime.date,
    latest_day: datetime.date,
) -> Daily:
    """The days of ``table`` read as ``kind``; raises Refused with every problem found."""
    missing = [header for header in kind.columns if header not in headers]
    if missing:
        raise Refused(
            *(
                StudioError(
                    table.name,
                    _("the column “%(column)s” is missing from the header.")
                    % {"column": _title(header)},
                    line=table.header_line,
                )
                for header in missing
            )
        )
    if not table.rows:
        raise Refused(StudioError(table.name, _("this file has a header but no rows.")))
    date_index = headers["date"]
    columns = [
        (headers[header], target, table.column_title(headers[header]))
        for header, target in kind.columns.items()
        if target != "date"
    ]
    date_title = table.column_title(date_index)
    errors: list[StudioError] = []
    dates: list[datetime.date | tuple[int, int]] = []
    parsed: list[tuple[int, Any, dict[str, int | None]]] = []
    width = max(date_index, *(index for index, _target, _name in columns)) + 1
    for line, cells in table.rows:
        if len(cells) < width:
            if not table.short_rows_allowed:
                errors.append(table.short_line(line, cells))
                continue
            cells = [*cells, *([None] * (width - len(cells)))]
        try:
            dates.append(parse_date(cells[date_index]))
        except CellError as error:
            errors.append(
                StudioError(table.name, error.reason, line, date_title, shown(cells[date_index]))
            )
            continue
        values: dict[str, int | None] = {}
        for index, target, title in columns:
            try:
                values[target] = parse_count(cells[index])
            except CellError as error:
                errors.append(
                    StudioError(table.name, error.reason, line, title, shown(cells[index]))
                )
        parsed.append((line, cells[date_index], values))
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise Refused(*errors)
    daily = Daily(table.name, kind.key, export_date)
    first_line: dict[datetime.date, int] = {}
    for day, (line, cell, values) in zip(infer_years(dates, export_date), parsed, strict=True):
        if not EARLIEST_DAY <= day <= latest_day:
            # A day TikTok cannot have counted yet (9999-12-31) or before it existed.
            reason = (
                _("this day is in the future.")
                if day > latest_day
                else _("this day is before TikTok Studio's statistics.")
            )
            errors.append(StudioError(table.name, reason, line, date_title, shown(cell)))
            continue
        if day in first_line:
            errors.append(
                StudioError(
                    table.name,
                    _("%(day)s already appears on line %(first)s.")
                    % {"day": day.isoformat(), "first": first_line[day]},
                    line,
                    date_title,
                    shown(cell),
                )
            )
            continue
        first_line[day] = line
        daily.days[day] = values
    if errors:
        raise Refused(*errors[:MAX_ERRORS])
    return daily


def _title(header: str) -> str:
    return header[:1].upper() + header[1:]
