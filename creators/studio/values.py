"""The cells of a Studio table: daily counts and dates, as real files write them.

``undefined`` (or an empty cell) is a missing day, not zero; "10,000" and "10 000" are 10000;
negative daily values are real data (deleted comments) and kept as they are. Dates without a
year ("August 31", "31 août", "1er janv.") get theirs counted backwards from the export date:
each date is the latest one on or before the date of the row after it (the last row: on or
before the export date), which crosses December→January correctly. The business layout's
``2026/05/10`` dates are read too.
"""

from __future__ import annotations

import datetime
import itertools
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from config.months import days_in_month
from creators.studio.errors import CellError

MAX_COUNT = 10**12  # no TikTok daily count comes near
EARLIEST_DAY = datetime.date(2016, 1, 1)  # before TikTok Studio's statistics

_MISSING = {"", "undefined", "null", "none", "n/a", "na", "-", "--", "—"}
_GROUPED_NUMBER = re.compile(r"^\d{1,3}(?:([,.\u00a0\u202f ])\d{3})(?:\1\d{3})*$")
_PLAIN_NUMBER = re.compile(r"^\d+$")

_MONTHS = {
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
    # French, accents stripped
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4,
    "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9,
    "octobre": 10, "novembre": 11, "decembre": 12,
}  # fmt: skip
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:er|st|nd|rd|th)? ([a-z]+)(?: (\d{4}))?$")
_MONTH_DAY = re.compile(r"^([a-z]+) (\d{1,2})(?:st|nd|rd|th)?(?: (\d{4}))?$")
# A yearless day is checked against a leap year's months: 29 February exists.
_LONGEST_MONTH = {month: days_in_month(datetime.date(2024, month, 1)) for month in range(1, 13)}


def parse_count(cell: Any) -> int | None:
    """A daily count: None when missing; "10,000" / "10 000" read; negatives kept."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise CellError(_("this is not a whole number."))
    if isinstance(cell, int):
        number = cell
    elif isinstance(cell, float):
        if not cell.is_integer():
            raise CellError(_("this is not a whole number."))
        number = int(cell)
    elif isinstance(cell, str):
        text = cell.strip().replace("\u2212", "-")
        if text.casefold() in _MISSING:
            return None
        sign = 1
        if text[:1] in "+-":
            sign = -1 if text[0] == "-" else 1
            text = text[1:].strip()
        if _PLAIN_NUMBER.match(text):
            number = sign * int(text)
        elif _GROUPED_NUMBER.match(text):
            number = sign * int(re.sub(r"\D", "", text))
        else:
            raise CellError(_("this is not a whole number."))
    else:
        raise CellError(_("this is not a whole number."))
    if abs(number) > MAX_COUNT:
        raise CellError(_("this number is far too large for a daily count."))
    return number


def is_count(value: Any, low: int, high: int) -> bool:
    """A whole number (not a bool) from ``low`` to ``high``: checks values read back from JSON."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    ascii_only = ascii_only.replace(".", " ").replace(",", " ")
    return " ".join(ascii_only.split())


def parse_date(cell: Any) -> datetime.date | tuple[int, int]:
    """A full date, or (month, day) when the file gives no year."""
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    if not isinstance(cell, str) or not cell.strip():
        raise CellError(_("this is not a date we can read."))
    text = _fold(cell)
    if match := _ISO_DATE.match(cell.strip().casefold()):
        year, month, day = (int(part) for part in match.groups())
        return _valid_date(year, month, day)
    match = _DAY_MONTH.match(text)
    if match:
        day, month_name, year = match.groups()
    elif match := _MONTH_DAY.match(text):
        month_name, day, year = match.groups()
    else:
        raise CellError(
            _(
                "this is not a date we can read "
                "(expected e.g. “August 31”, “31 août” or 2026-08-31)."
            )
        )
    month = _MONTHS.get(month_name)
    if month is None:
        raise CellError(_("“%(name)s” is not a month name we know.") % {"name": month_name})
    if year is not None:
        return _valid_date(int(year), month, int(day))
    if not 1 <= int(day) <= _LONGEST_MONTH[month]:
        raise CellError(_("this day does not exist."))
    return (month, int(day))


def _valid_date(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(_("this day does not exist.")) from None


def _on_or_before(month: int, day: int, bound: datetime.date) -> datetime.date:
    """The latest ``month``/``day`` on or before ``bound`` (29 February: the last leap year)."""
    year = bound.year if (month, day) <= (bound.month, bound.day) else bound.year - 1
    while True:
        try:
            return datetime.date(year, month, day)
        except ValueError:
            year -= 1


def infer_years(
    dates: Sequence[datetime.date | tuple[int, int]], export_date: datetime.date
) -> list[datetime.date]:
    """Full dates for rows in file order, counted backwards from the export date.

    Studio writes its rows oldest first; a file written newest first is read the other way.
    """
    partial = [value for value in dates if isinstance(value, tuple)]
    rising = sum(1 for before, after in itertools.pairwise(partial) if after > before)
    falling = sum(1 for before, after in itertools.pairwise(partial) if after < before)
    newest_first = falling > rising
    ordered = list(dates) if newest_first else list(reversed(dates))
    full = []
    bound = export_date
    for value in ordered:
        if isinstance(value, tuple):
            value = _on_or_before(value[0], value[1], bound)
        full.append(value)
        bound = value
    return full if newest_first else list(reversed(full))
