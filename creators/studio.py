"""Reading TikTok Studio "Download data" exports: files in, daily rows, months out.

Pure Python (no ORM): ``read_exports`` takes the files as bytes (a Studio zip, or the CSV /
XLSX inside it, several at once) and returns the months they add up to, with every problem
named by file, line, column, value and reason. The traps of real files (docs/domain.md, "TikTok
Studio exports") are handled here:

- a file is recognised by its header set, case-insensitively, byte-order mark stripped,
  whatever its name; Viewers and Content exports are recognised and left aside; files we do
  not know are reported, never guessed;
- dates without a year ("August 31", "31 août", "1er janv.") get theirs counted backwards from
  the export date: each date is the latest one on or before the date of the row after it (the
  last row: on or before the export date), which crosses December→January correctly;
- ``undefined`` (or an empty cell) is a missing day, not zero; "10,000" and "10 000" are
  10000; negative daily values are real data (deleted comments) and kept as they are;
- the follower "difference" column is ignored: it is really the difference to the *next* day,
  and the month keeps the last known follower count anyway;
- the business layout's extra columns are ignored, its ``2026/05/10`` dates read.

Size limits (module constants below) bound the work done on any upload: per file, per batch,
per zip (members, uncompressed size, compression ratio), and rows per table.
"""

from __future__ import annotations

import calendar
import csv
import datetime
import io
import itertools
import re
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from django.utils.translation import gettext as _

MB = 1024 * 1024
MAX_FILE_BYTES = 5 * MB  # one uploaded file (zip, CSV or XLSX) as sent
MAX_FILES = 10  # files in one upload (a zip counts as one)
MAX_TOTAL_BYTES = 20 * MB  # all the files of one upload together
MAX_ZIP_MEMBERS = 50  # entries listed in one zip (Studio puts one to five files in each)
MAX_UNCOMPRESSED_BYTES = 20 * MB  # what one zip or XLSX may expand to, all members together
MAX_MEMBER_BYTES = MAX_FILE_BYTES  # one CSV/XLSX member once uncompressed
MAX_COMPRESSION_RATIO = 100  # a CSV compresses ~4x, Excel XML ~7x; a zip bomb 1 000x
MAX_ROWS = 4_000  # lines in one table, empty ones counted: ten years of days
# An XLSX is read only as far as a Studio export can go: a naive reader pads every row to the
# last cell present (column XFD: 16 384 cells) and walks every empty row up to the last one.
MAX_COLUMNS = 50  # Studio's widest table (business Overview) has about 15 columns
MAX_SHEETS = 10  # Studio writes one sheet per file
MAX_XLSX_UNCOMPRESSED_BYTES = 4 * MB  # ten years of days take about 1.5 MB of XML
MAX_XLSX_CELLS = 100_000  # cells and shared strings in one XLSX: ten years × 25 columns
_XLSX_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:c|si)[\s/>]")
MAX_COUNT = 10**12  # no TikTok daily count comes near

# The stats an export carries, as MonthlyStat field names.
OVERVIEW_FIELDS = ("video_views", "profile_views", "likes", "comments", "shares")
FOLLOWER_FIELDS = ("followers",)
FIELDS = ("followers", *OVERVIEW_FIELDS)
SUMMED_FIELDS = OVERVIEW_FIELDS  # summed over the month; followers: the last known value

ARCHIVE_SUFFIXES = (".zip", ".gz", ".tgz", ".tar", ".7z", ".rar", ".bz2", ".xz")
READABLE_SUFFIXES = (".csv", ".xlsx")
_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"


# --- Inputs and results -------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFile:
    """One file as uploaded or given on the command line."""

    name: str
    data: bytes


@dataclass(frozen=True)
class StudioError:
    """A problem that stops the import, located as precisely as we can."""

    file: str
    reason: str
    line: int | None = None
    column: str | None = None
    value: str | None = None

    @property
    def message(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(_("line %(line)s") % {"line": self.line})
        if self.column is not None:
            where.append(_("column “%(column)s”") % {"column": self.column})
        text = ", ".join(where)
        if self.value is not None:
            return _("%(where)s: “%(value)s”: %(reason)s") % {
                "where": text,
                "value": self.value,
                "reason": self.reason,
            }
        return _("%(where)s: %(reason)s") % {"where": text, "reason": self.reason}

    def __str__(self) -> str:
        return self.message


class _Refused(Exception):
    """Raised inside the reader to abandon one file; carries its errors."""

    def __init__(self, *errors: StudioError):
        super().__init__(errors)
        self.errors = list(errors)


@dataclass(frozen=True)
class TableSummary:
    """One recognised table: what it is and the days it covers."""

    name: str
    kind: str
    first_day: datetime.date | None
    last_day: datetime.date | None
    days: int


@dataclass(frozen=True)
class MonthTotals:
    """A month of daily rows: sums (followers: last known value), and the days behind them."""

    month: datetime.date  # first day of the month
    values: Mapping[str, int]  # only the fields with at least one known day
    days: int  # days with any data
    field_days: Mapping[str, int]  # per field, days with a known value

    @property
    def days_in_month(self) -> int:
        return calendar.monthrange(self.month.year, self.month.month)[1]

    @property
    def partial(self) -> bool:
        """Days are missing: the first and last months of an export, unless complete, and gaps."""
        return self.days < self.days_in_month


@dataclass(frozen=True)
class StudioImport:
    months: tuple[MonthTotals, ...] = ()
    tables: tuple[TableSummary, ...] = ()
    notices: tuple[str, ...] = ()
    errors: tuple[StudioError, ...] = ()
    audience: Any = None  # creators.audience.Audience: the Followers and Content files, if any

    @property
    def ok(self) -> bool:
        return not self.errors


# --- Limits on a batch --------------------------------------------------------------------


def _megabytes(size: int) -> str:
    return f"{size / MB:.0f}"


def check_batch(sizes: Sequence[tuple[str, int]]) -> list[StudioError]:
    """Count and size limits, checked on names and sizes before anything is read."""
    errors = []
    if len(sizes) > MAX_FILES:
        errors.append(
            StudioError(
                _("the upload"),
                _("%(count)s files sent; at most %(limit)s at once.")
                % {"count": len(sizes), "limit": MAX_FILES},
            )
        )
    for name, size in sizes:
        if size > MAX_FILE_BYTES:
            errors.append(file_too_large(name))
    total = sum(size for _name, size in sizes)
    if total > MAX_TOTAL_BYTES:
        errors.append(upload_too_large())
    return errors


def upload_too_large() -> StudioError:
    return StudioError(
        _("the upload"),
        _("the files weigh more than %(limit)s MB together: send fewer at once.")
        % {"limit": _megabytes(MAX_TOTAL_BYTES)},
    )


def file_too_large(name: str) -> StudioError:
    return StudioError(
        display_name(name),
        _("this file is larger than %(limit)s MB: TikTok Studio exports are much smaller.")
        % {"limit": _megabytes(MAX_FILE_BYTES)},
    )


def display_name(name: str) -> str:
    """The last part of a path, printable, at most 80 characters."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = "".join(char for char in base if char.isprintable()).strip()
    return (base[:77] + "…" if len(base) > 80 else base) or _("(unnamed file)")


# --- Recognising a table by its header ----------------------------------------------------


@dataclass(frozen=True)
class _Kind:
    key: str
    signature: frozenset[str]  # enough to say "this is that file"
    columns: Mapping[str, str]  # required header -> field (or "date")
    used: bool  # whether its data is imported


def _normalise_header(cell: Any) -> str:
    text = "" if cell is None else str(cell)
    return " ".join(text.replace("\ufeff", "").split()).casefold()


KINDS = (
    _Kind(
        "overview",
        frozenset({"date", "video views"}),
        {
            "date": "date",
            "video views": "video_views",
            "profile views": "profile_views",
            "likes": "likes",
            "comments": "comments",
            "shares": "shares",
        },
        used=True,
    ),
    _Kind(
        "followers",
        frozenset({"date", "followers"}),
        {"date": "date", "followers": "followers"},
        used=True,
    ),
    _Kind("viewers", frozenset({"total viewers"}), {}, used=False),
    _Kind("content", frozenset({"video link"}), {}, used=False),
)


def kind_label(key: str) -> str:
    return {
        "overview": _("Overview (daily views, likes, comments, shares)"),
        "followers": _("Follower history (daily followers)"),
        "viewers": _("Viewers"),
        "content": _("Content (per video)"),
    }[key]


# --- Cells: numbers and dates -------------------------------------------------------------

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


class _CellError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _shown(cell: Any) -> str:
    text = str(cell)
    text = "".join(char if char.isprintable() else " " for char in text).strip()
    return text[:40] + "…" if len(text) > 40 else text


def parse_count(cell: Any) -> int | None:
    """A daily count: None when missing; "10,000" / "10 000" read; negatives kept."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise _CellError(_("this is not a whole number."))
    if isinstance(cell, int):
        number = cell
    elif isinstance(cell, float):
        if not cell.is_integer():
            raise _CellError(_("this is not a whole number."))
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
            raise _CellError(_("this is not a whole number."))
    else:
        raise _CellError(_("this is not a whole number."))
    if abs(number) > MAX_COUNT:
        raise _CellError(_("this number is far too large for a daily count."))
    return number


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
        raise _CellError(_("this is not a date we can read."))
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
        raise _CellError(
            _(
                "this is not a date we can read "
                "(expected e.g. “August 31”, “31 août” or 2026-08-31)."
            )
        )
    month = _MONTHS.get(month_name)
    if month is None:
        raise _CellError(_("“%(name)s” is not a month name we know.") % {"name": month_name})
    if year is not None:
        return _valid_date(int(year), month, int(day))
    if not 1 <= int(day) <= calendar.monthrange(2024, month)[1]:  # 2024: February has 29
        raise _CellError(_("this day does not exist."))
    return (month, int(day))


def _valid_date(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise _CellError(_("this day does not exist.")) from None


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


# --- Reading files ------------------------------------------------------------------------


@dataclass
class _Table:
    """Rows of one CSV or one worksheet: header cells, then (line number, cells)."""

    name: str
    header: list[Any]
    header_line: int
    rows: list[tuple[int, list[Any]]]
    short_rows_allowed: bool = False  # a worksheet leaves trailing empty cells out


@dataclass
class _Daily:
    """One recognised table's days: date -> field -> value (None: missing)."""

    name: str
    kind: str
    export_date: datetime.date
    days: dict[datetime.date, dict[str, int | None]] = field(default_factory=dict)


def _decode(name: str, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _Refused(StudioError(name, _("this text file cannot be decoded."))) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Re-saved by a French Excel: Windows-1252 reads every byte.
        return data.decode("cp1252", errors="replace")


def _csv_table(name: str, data: bytes) -> _Table:
    if b"\x00" in data[:1024] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _Refused(StudioError(name, _("this is not a CSV or Excel file.")))
    text = _decode(name, data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[Any] | None = None
    header_line = 0
    rows: list[tuple[int, list[Any]]] = []
    try:
        for cells in reader:
            if reader.line_num > MAX_ROWS + 1:  # empty lines count: they cost reading too
                raise _Refused(_too_many_rows(name))
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header, header_line = cells, reader.line_num
                continue
            rows.append((reader.line_num, cells))
            if len(rows) > MAX_ROWS:
                raise _Refused(_too_many_rows(name))
    except csv.Error as error:
        raise _Refused(
            StudioError(name, _("this CSV file is malformed (%(error)s).") % {"error": error})
        ) from None
    if header is None:
        raise _Refused(StudioError(name, _("this file is empty.")))
    return _Table(name, header, header_line, rows)


def _too_many_rows(name: str) -> StudioError:
    return StudioError(
        name, _("more than %(limit)s lines: this is not a Studio export.") % {"limit": MAX_ROWS}
    )


def _xlsx_tables(name: str, data: bytes) -> list[_Table]:
    with _open_zip(name, data, _("this is not a valid Excel file.")) as archive:
        _check_archive_sizes(name, archive, MAX_XLSX_UNCOMPRESSED_BYTES)
        _check_xlsx_cells(name, archive)
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a broken file
        raise _Refused(StudioError(name, _("this is not a valid Excel file."))) from None
    tables = []
    try:
        if len(workbook.sheetnames) > MAX_SHEETS:
            raise _Refused(
                StudioError(
                    name,
                    _("this workbook has %(count)s sheets; a Studio export has one.")
                    % {"count": len(workbook.sheetnames)},
                )
            )
        sheets = workbook.worksheets
        for sheet in sheets:
            label = name if len(sheets) == 1 else f"{name} › {sheet.title}"
            # The stored dimensions could claim millions of columns: read the cells present,
            # up to the columns and lines a Studio export can have (empty lines count).
            sheet.reset_dimensions()
            header: list[Any] | None = None
            header_line = 0
            rows: list[tuple[int, list[Any]]] = []
            lines = sheet.iter_rows(max_col=MAX_COLUMNS, max_row=MAX_ROWS + 2, values_only=True)
            for line, cells in enumerate(lines, start=1):
                if line > MAX_ROWS + 1:
                    raise _Refused(_too_many_rows(label))
                values = list(cells)
                while values and values[-1] is None:
                    values.pop()  # the cells left of the first empty ones, as before
                if all(cell is None or str(cell).strip() == "" for cell in values):
                    continue
                if header is None:
                    header, header_line = values, line
                    continue
                rows.append((line, values))
                if len(rows) > MAX_ROWS:
                    raise _Refused(_too_many_rows(label))
            if header is not None:
                tables.append(_Table(label, header, header_line, rows, short_rows_allowed=True))
    except _Refused:
        raise
    except Exception:
        raise _Refused(StudioError(name, _("this is not a valid Excel file."))) from None
    finally:
        workbook.close()
    if not tables:
        raise _Refused(StudioError(name, _("this file is empty.")))
    return tables


def _check_xlsx_cells(name: str, archive: zipfile.ZipFile) -> None:
    """Count the cells before parsing them: the parser's time grows with them, not with bytes."""
    cells = 0
    try:
        for info in archive.infolist():
            if info.filename.startswith("xl/") and info.filename.endswith(".xml"):
                with archive.open(info) as stream:
                    cells += len(_XLSX_CELL.findall(stream.read(MAX_XLSX_UNCOMPRESSED_BYTES + 1)))
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError):
        raise _Refused(StudioError(name, _("this is not a valid Excel file."))) from None
    if cells > MAX_XLSX_CELLS:
        raise _Refused(
            StudioError(
                name,
                _("this workbook holds more than %(limit)s cells: this is not a Studio export.")
                % {"limit": f"{MAX_XLSX_CELLS:,}".replace(",", " ")},
            )
        )


def _open_zip(name: str, data: bytes, reason: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise _Refused(StudioError(name, reason)) from None


def _check_archive_sizes(
    name: str, archive: zipfile.ZipFile, limit: int | None = None
) -> list[zipfile.ZipInfo]:
    """Listed sizes within limits: entries, total uncompressed size, compression ratio."""
    limit = MAX_UNCOMPRESSED_BYTES if limit is None else limit
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise _Refused(
            StudioError(
                name,
                _("this archive holds %(count)s files; a Studio export holds a few.")
                % {"count": len(infos)},
            )
        )
    total = sum(info.file_size for info in infos)
    if total > limit:
        raise _Refused(
            StudioError(
                name,
                _("this archive expands to more than %(limit)s MB.") % {"limit": _megabytes(limit)},
            )
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO:
            raise _Refused(
                StudioError(
                    name,
                    _("“%(member)s” is compressed %(ratio)s times: refused as a possible zip bomb.")
                    % {"member": display_name(info.filename), "ratio": int(ratio)},
                )
            )
    return infos


def _unsafe_path(member: str) -> bool:
    if member.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", member):
        return True
    return ".." in re.split(r"[\\/]", member)


def _zip_members(name: str, data: bytes) -> tuple[list[ExportFile], list[str]]:
    """The CSV and XLSX files inside a Studio zip (checked), and notices about the rest."""
    archive = _open_zip(name, data, _("this file is named .zip but is not a zip archive."))
    with archive:
        infos = _check_archive_sizes(name, archive)
        members, notices, errors = [], [], []
        for info in infos:
            member = info.filename
            if _unsafe_path(member):
                errors.append(
                    StudioError(
                        name,
                        _("the archive contains a path outside itself (“%(member)s”): refused.")
                        % {"member": _shown(member)},
                    )
                )
                continue
            if info.is_dir():
                continue
            base = display_name(member)
            lowered = base.casefold()
            if lowered.endswith(ARCHIVE_SUFFIXES):
                errors.append(
                    StudioError(
                        name,
                        _("the archive contains another archive (“%(member)s”): refused.")
                        % {"member": base},
                    )
                )
                continue
            if member.startswith("__MACOSX/") or base.startswith("."):
                continue  # Finder's resource forks and hidden files
            if not lowered.endswith(READABLE_SUFFIXES):
                notices.append(
                    _("%(file)s: left aside (neither CSV nor XLSX).")
                    % {"file": f"{display_name(name)} › {base}"}
                )
                continue
            if info.flag_bits & 0x1:
                errors.append(
                    StudioError(
                        name,
                        _("“%(member)s” is password-protected.") % {"member": base},
                    )
                )
                continue
            members.append((info, base))
        if errors:
            raise _Refused(*errors)
        files = []
        for info, base in members:
            try:
                with archive.open(info) as stream:
                    content = stream.read(MAX_MEMBER_BYTES + 1)  # never trust the listed size
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError):
                # A bad CRC, broken compressed data, a compression method Python lacks.
                raise _Refused(
                    StudioError(
                        name,
                        _(
                            "“%(member)s” cannot be read: the archive is damaged or uses a "
                            "compression we do not support. Download it again from TikTok Studio."
                        )
                        % {"member": base},
                    )
                ) from None
            if len(content) > MAX_MEMBER_BYTES:
                raise _Refused(
                    StudioError(
                        name,
                        _("“%(member)s” is larger than %(limit)s MB once uncompressed.")
                        % {"member": base, "limit": _megabytes(MAX_MEMBER_BYTES)},
                    )
                )
            if _is_zip(content) and not (
                base.casefold().endswith(".xlsx") and _looks_like_xlsx(content)
            ):
                raise _Refused(
                    StudioError(
                        name,
                        _("the archive contains another archive (“%(member)s”): refused.")
                        % {"member": base},
                    )
                )
            files.append(ExportFile(f"{display_name(name)} › {base}", content))
    if not files and not notices:
        raise _Refused(StudioError(name, _("this archive contains no CSV or XLSX file.")))
    return files, notices


_UNIX_TIME = re.compile(r"(?<!\d)(\d{10})(?!\d)")


EARLIEST_DAY = datetime.date(2016, 1, 1)


def date_in_name(name: str, today: datetime.date) -> datetime.date | None:
    """The export date Studio writes in a zip's name as a Unix time (Overview_1792540800.zip)."""
    match = _UNIX_TIME.search(display_name(name))
    if not match:
        return None
    moment = datetime.datetime.fromtimestamp(int(match.group(1)), tz=datetime.UTC)
    if not EARLIEST_DAY <= moment.date() <= today + datetime.timedelta(days=1):
        return None
    return moment.date()


def _is_zip(data: bytes) -> bool:
    return data.startswith((_ZIP_MAGIC, _EMPTY_ZIP_MAGIC))


def _looks_like_xlsx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist()[: MAX_ZIP_MEMBERS + 1])
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return False
    return {"[Content_Types].xml", "xl/workbook.xml"} <= names


def _tables_of(export: ExportFile) -> list[_Table]:
    """A CSV or XLSX file (not a zip) as tables; the content decides, the name confirms."""
    name, data = export.name, export.data
    if not data.strip():
        raise _Refused(StudioError(name, _("this file is empty.")))
    if _is_zip(data):
        return _xlsx_tables(name, data)
    if name.casefold().endswith(".xlsx"):
        raise _Refused(StudioError(name, _("this file is named .xlsx but is not an Excel file.")))
    return [_csv_table(name, data)]


def _recognise(table: _Table) -> tuple[list[_Kind], dict[str, int]]:
    headers: dict[str, int] = {}
    for index, cell in enumerate(table.header):
        headers.setdefault(_normalise_header(cell), index)
    kinds = [kind for kind in KINDS if kind.signature <= headers.keys()]
    return kinds, headers


def _read_table(
    table: _Table,
    kind: _Kind,
    headers: dict[str, int],
    export_date: datetime.date,
    latest_day: datetime.date,
) -> _Daily:
    missing = [header for header in kind.columns if header not in headers]
    if missing:
        raise _Refused(
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
        raise _Refused(StudioError(table.name, _("this file has a header but no rows.")))
    date_index = headers["date"]
    columns = [
        (headers[header], target, _shown(table.header[headers[header]]))
        for header, target in kind.columns.items()
        if target != "date"
    ]
    date_title = _shown(table.header[date_index])
    errors: list[StudioError] = []
    dates: list[datetime.date | tuple[int, int]] = []
    parsed: list[tuple[int, Any, dict[str, int | None]]] = []
    width = max(date_index, *(index for index, _target, _name in columns)) + 1
    for line, cells in table.rows:
        if len(cells) < width:
            if not table.short_rows_allowed:
                errors.append(
                    StudioError(
                        table.name,
                        _("this line has %(count)s values where the header has %(columns)s.")
                        % {"count": len(cells), "columns": len(table.header)},
                        line,
                    )
                )
                continue
            cells = [*cells, *([None] * (width - len(cells)))]
        try:
            dates.append(parse_date(cells[date_index]))
        except _CellError as error:
            errors.append(
                StudioError(table.name, error.reason, line, date_title, _shown(cells[date_index]))
            )
            continue
        values: dict[str, int | None] = {}
        for index, target, title in columns:
            try:
                values[target] = parse_count(cells[index])
            except _CellError as error:
                errors.append(
                    StudioError(table.name, error.reason, line, title, _shown(cells[index]))
                )
        parsed.append((line, cells[date_index], values))
        if len(errors) >= 20:
            break
    if errors:
        raise _Refused(*errors)
    daily = _Daily(table.name, kind.key, export_date)
    first_line: dict[datetime.date, int] = {}
    for day, (line, cell, values) in zip(infer_years(dates, export_date), parsed, strict=True):
        if not EARLIEST_DAY <= day <= latest_day:
            # A day TikTok cannot have counted yet (9999-12-31) or before it existed.
            reason = (
                _("this day is in the future.")
                if day > latest_day
                else _("this day is before TikTok Studio's statistics.")
            )
            errors.append(StudioError(table.name, reason, line, date_title, _shown(cell)))
            continue
        if day in first_line:
            errors.append(
                StudioError(
                    table.name,
                    _("%(day)s already appears on line %(first)s.")
                    % {"day": day.isoformat(), "first": first_line[day]},
                    line,
                    date_title,
                    _shown(cell),
                )
            )
            continue
        first_line[day] = line
        daily.days[day] = values
    if errors:
        raise _Refused(*errors[:20])
    return daily


def _title(header: str) -> str:
    return header[:1].upper() + header[1:]


# --- Months -------------------------------------------------------------------------------


def aggregate(dailies: Iterable[_Daily]) -> tuple[MonthTotals, ...]:
    """Daily rows into months. The same day in two files: the later export wins."""
    by_day: dict[datetime.date, dict[str, int]] = {}
    for daily in sorted(dailies, key=lambda daily: daily.export_date):
        for day, values in daily.days.items():
            known = {name: value for name, value in values.items() if value is not None}
            by_day.setdefault(day, {}).update(known)
    months: dict[datetime.date, dict[str, Any]] = {}
    for day in sorted(by_day):
        values = by_day[day]
        if not values:
            continue
        month = months.setdefault(day.replace(day=1), {"values": {}, "field_days": {}, "days": 0})
        month["days"] += 1
        for name, value in values.items():
            month["field_days"][name] = month["field_days"].get(name, 0) + 1
            if name in SUMMED_FIELDS:
                month["values"][name] = month["values"].get(name, 0) + value
            else:
                month["values"][name] = value  # days are in order: the last known value stays
    return tuple(
        MonthTotals(
            month,
            {name: data["values"][name] for name in FIELDS if name in data["values"]},
            data["days"],
            {name: data["field_days"][name] for name in FIELDS if name in data["field_days"]},
        )
        for month, data in months.items()
    )


def _negative_months(months: Sequence[MonthTotals], sources: Mapping[str, str]) -> list:
    errors = []
    for month in months:
        for name, value in month.values.items():
            if value < 0:
                errors.append(
                    StudioError(
                        sources.get(name, _("the upload")),
                        _(
                            "%(field)s of %(month)s add up to %(value)s: "
                            "a month's total cannot be negative."
                        )
                        % {
                            "field": field_label(name),
                            "month": f"{month.month:%Y-%m}",
                            "value": value,
                        },
                    )
                )
    return errors


def field_label(name: str) -> str:
    return {
        "followers": _("followers"),
        "video_views": _("video views"),
        "profile_views": _("profile views"),
        "likes": _("likes"),
        "comments": _("comments"),
        "shares": _("shares"),
    }[name]


# --- The whole reading --------------------------------------------------------------------


@dataclass
class _Batch:
    """The files to read once zips are opened: (file, date in its zip's name), and what else."""

    files: list[tuple[ExportFile, datetime.date | None]] = field(default_factory=list)
    errors: list[StudioError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def _expand(exports: Sequence[ExportFile], today: datetime.date) -> _Batch:
    batch = _Batch()
    for export in exports:
        name = display_name(export.name)
        lowered = name.casefold()
        if not export.data.strip():
            batch.errors.append(StudioError(name, _("this file is empty.")))
        elif lowered.endswith(".zip") and not _is_zip(export.data):
            batch.errors.append(
                StudioError(name, _("this file is named .zip but is not a zip archive."))
            )
        elif _is_zip(export.data) and not _looks_like_xlsx(export.data):
            try:
                members, notices = _zip_members(name, export.data)
            except _Refused as refused:
                batch.errors.extend(refused.errors)
                continue
            stamp = date_in_name(name, today)
            batch.files.extend((member, stamp) for member in members)
            batch.notices.extend(notices)
        else:
            batch.files.append((ExportFile(name, export.data), date_in_name(name, today)))
    return batch


# The Followers and Content tables are read by creators.audience, which reads with this
# module's helpers and registers itself at start-up (CreatorsConfig.ready): this module
# imports none of it, so the two do not import each other.
_audience_readers: list[Any] = []


def register_audience_reader(reader: Any) -> None:
    if reader not in _audience_readers:
        _audience_readers.append(reader)


def _audience_reader() -> Any:
    if not _audience_readers:
        raise RuntimeError("creators.audience is not registered: is the creators app installed?")
    return _audience_readers[0]


def read_exports(
    exports: Sequence[ExportFile],
    export_date: datetime.date | None = None,
    *,
    today: datetime.date | None = None,
) -> StudioImport:
    """Read every file; the months come back only when no file had an error.

    ``export_date``: the day the files were downloaded; when not given, the date in a Studio
    zip's name (for that zip's files, else for all), else ``today``.
    """
    audience = _audience_reader()
    today = today or datetime.date.today()
    errors = check_batch([(export.name, len(export.data)) for export in exports])
    if errors:
        return StudioImport(errors=tuple(errors))
    batch = _expand(exports, today)
    errors, notices = batch.errors, batch.notices
    latest_day = today + datetime.timedelta(days=1)  # the export's time zone may be ahead
    stamps = [stamp for _file, stamp in batch.files if stamp]
    fallback = max(stamps) if stamps else today
    dailies: list[_Daily] = []
    tables: list[TableSummary] = []
    found_audience = audience.Audience(export_date or fallback)
    for export, stamp in batch.files:
        try:
            file_tables = _tables_of(export)
        except _Refused as refused:
            errors.extend(refused.errors)
            continue
        for table in file_tables:
            kinds, headers = _recognise(table)
            if part := audience.claims(headers):  # issue 17: read by creators.audience
                try:
                    audience.read_table(table, headers, part, found_audience)
                except _Refused as refused:
                    errors.extend(refused.errors)
                continue
            used = [kind for kind in kinds if kind.used]
            if not kinds:
                message = _("%(file)s: not a TikTok Studio export we know (columns: %(columns)s).")
                columns = ", ".join(_shown(cell) for cell in table.header[:8] if cell is not None)
                if " › " in table.name:
                    notices.append(message % {"file": table.name, "columns": columns})
                else:
                    errors.append(
                        StudioError(
                            table.name,
                            _("not a TikTok Studio export we know (columns: %(columns)s).")
                            % {"columns": columns},
                            line=table.header_line,
                        )
                    )
                continue
            if not used:
                notices.append(
                    _("%(file)s: %(kind)s, not tracked here: left aside.")
                    % {"file": table.name, "kind": kind_label(kinds[0].key)}
                )
                continue
            for kind in used:
                try:
                    daily = _read_table(
                        table, kind, headers, export_date or stamp or fallback, latest_day
                    )
                except _Refused as refused:
                    errors.extend(refused.errors)
                    continue
                dailies.append(daily)
                known = [day for day, values in daily.days.items() if _has_data(values)]
                tables.append(
                    TableSummary(
                        table.name,
                        kind.key,
                        min(known, default=None),
                        max(known, default=None),
                        len(known),
                    )
                )
    if not errors and not dailies and not found_audience.parts:
        errors.append(
            StudioError(
                _("the upload"),
                _("no Overview or FollowerHistory file found: nothing to import."),
            )
        )
    if errors:
        return StudioImport(notices=tuple(notices), errors=_in_upload_order(errors, exports))
    months = aggregate(dailies)
    sources = {
        name: daily.name
        for daily in dailies
        for name in (OVERVIEW_FIELDS if daily.kind == "overview" else FOLLOWER_FIELDS)
    }
    errors = _negative_months(months, sources)
    if errors:
        return StudioImport(notices=tuple(notices), errors=tuple(errors))
    found = found_audience if found_audience.parts else None
    return StudioImport(months, tuple(tables), tuple(notices), audience=found)


def _in_upload_order(
    errors: Sequence[StudioError], exports: Sequence[ExportFile]
) -> tuple[StudioError, ...]:
    order = {display_name(export.name): index for index, export in enumerate(exports)}
    return tuple(
        sorted(errors, key=lambda error: order.get(error.file.split(" › ")[0], len(order)))
    )


def _has_data(values: Mapping[str, int | None]) -> bool:
    return any(value is not None for value in values.values())


# --- Months to and from plain JSON (the session between preview and confirm) --------------


def months_to_json(months: Iterable[MonthTotals]) -> list[dict[str, Any]]:
    return [
        {
            "month": f"{month.month:%Y-%m}",
            "values": dict(month.values),
            "days": month.days,
            "field_days": dict(month.field_days),
        }
        for month in months
    ]


def months_from_json(data: Any) -> tuple[MonthTotals, ...]:
    """Back from JSON, every value checked again: raises ValueError on anything unexpected."""
    if not isinstance(data, list) or len(data) > 1200:
        raise ValueError("months: expected a list")
    months = []
    seen = set()
    for item in data:
        if not isinstance(item, dict) or set(item) != {"month", "values", "days", "field_days"}:
            raise ValueError("month: unexpected keys")
        month = datetime.datetime.strptime(str(item["month"]), "%Y-%m").date()
        if month in seen:
            raise ValueError("month: twice")
        seen.add(month)
        values, field_days, days = item["values"], item["field_days"], item["days"]
        last_day = calendar.monthrange(month.year, month.month)[1]
        if not _is_count(days, 1, last_day):
            raise ValueError("days: out of range")
        if not isinstance(values, dict) or not isinstance(field_days, dict):
            raise ValueError("values: expected objects")
        if not set(values) <= set(FIELDS) or set(values) != set(field_days):
            raise ValueError("values: unknown fields")
        if not all(_is_count(value, 0, MAX_COUNT * last_day) for value in values.values()):
            raise ValueError("values: out of range")
        if not all(_is_count(count, 1, days) for count in field_days.values()):
            raise ValueError("field days: out of range")
        months.append(
            MonthTotals(
                month,
                {name: values[name] for name in FIELDS if name in values},
                days,
                {name: field_days[name] for name in FIELDS if name in field_days},
            )
        )
    return tuple(sorted(months, key=lambda month: month.month))


def _is_count(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
