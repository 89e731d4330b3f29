"""A CSV or XLSX file (not a zip) as tables of cells: a header, then numbered lines.

A CSV may come in UTF-8 (with or without a byte-order mark), UTF-16 or, re-saved by a French
Excel, Windows-1252, with commas, semicolons or tabs. A workbook is read only as far as a
Studio export can go: its cells are counted before they are parsed, and its sheets, columns
and lines are bounded (``limits``), whatever its stored dimensions claim.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from creators.studio import limits
from creators.studio.errors import Refused, StudioError, shown
from creators.studio.files import (
    UNREADABLE_MEMBER,
    ExportFile,
    check_archive_sizes,
    is_zip,
    open_zip,
)

_XLSX_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:c|si)[\s/>]")


@dataclass
class Table:
    """Rows of one CSV or one worksheet: header cells, then (line number, cells)."""

    name: str
    header: list[Any]
    header_line: int
    rows: list[tuple[int, list[Any]]]
    short_rows_allowed: bool = False  # a worksheet leaves trailing empty cells out

    def column_title(self, index: int) -> str:
        """The header cell of column ``index``, as a message quotes it."""
        return shown(self.header[index])

    def short_line(self, line: int, cells: list[Any]) -> StudioError:
        """The error of a CSV line with fewer values than its header."""
        return StudioError(
            self.name,
            _("this line has %(count)s values where the header has %(columns)s.")
            % {"count": len(cells), "columns": len(self.header)},
            line,
        )


def tables_of(export: ExportFile) -> list[Table]:
    """A CSV or XLSX file (not a zip) as tables; the content decides, the name confirms."""
    name, data = export.name, export.data
    if not data.strip():
        raise Refused(StudioError(name, _("this file is empty.")))
    if is_zip(data):
        return _xlsx_tables(name, data)
    if name.casefold().endswith(".xlsx"):
        raise Refused(StudioError(name, _("this file is named .xlsx but is not an Excel file.")))
    return [_csv_table(name, data)]


def _table(
    name: str, lines: Iterable[tuple[int, list[Any]]], *, short_rows_allowed: bool = False
) -> Table | None:
    """The first line with a value is the header; blank lines are skipped but counted."""
    header: list[Any] | None = None
    header_line = 0
    rows: list[tuple[int, list[Any]]] = []
    for line, cells in lines:
        if line > limits.MAX_ROWS + 1:  # empty lines count: they cost reading too
            raise Refused(limits.too_many_rows(name))
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        if header is None:
            header, header_line = cells, line
            continue
        rows.append((line, cells))
        if len(rows) > limits.MAX_ROWS:
            raise Refused(limits.too_many_rows(name))
    if header is None:
        return None
    return Table(name, header, header_line, rows, short_rows_allowed=short_rows_allowed)


# --- CSV ----------------------------------------------------------------------------------


def _decode(name: str, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise Refused(StudioError(name, _("this text file cannot be decoded."))) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Re-saved by a French Excel: Windows-1252 reads every byte.
        return data.decode("cp1252", errors="replace")


def _csv_table(name: str, data: bytes) -> Table:
    if b"\x00" in data[:1024] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Refused(StudioError(name, _("this is not a CSV or Excel file.")))
    text = _decode(name, data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        table = _table(name, ((reader.line_num, cells) for cells in reader))
    except csv.Error as error:
        raise Refused(
            StudioError(name, _("this CSV file is malformed (%(error)s).") % {"error": error})
        ) from None
    if table is None:
        raise Refused(StudioError(name, _("this file is empty.")))
    return table


# --- XLSX ---------------------------------------------------------------------------------


def _not_excel(name: str) -> Refused:
    return Refused(StudioError(name, _("this is not a valid Excel file.")))


def _without_trailing_empty_cells(cells: Iterable[Any]) -> list[Any]:
    values = list(cells)
    while values and values[-1] is None:
        values.pop()  # the cells left of the first empty ones, as a CSV line has them
    return values


def _xlsx_tables(name: str, data: bytes) -> list[Table]:
    with open_zip(name, data, _("this is not a valid Excel file.")) as archive:
        check_archive_sizes(name, archive, limits.MAX_XLSX_UNCOMPRESSED_BYTES)
        _check_xlsx_cells(name, archive)
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a broken file
        raise _not_excel(name) from None
    tables = []
    try:
        if len(workbook.sheetnames) > limits.MAX_SHEETS:
            raise Refused(
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
            lines = sheet.iter_rows(
                max_col=limits.MAX_COLUMNS, max_row=limits.MAX_ROWS + 2, values_only=True
            )
            table = _table(
                label,
                (
                    (line, _without_trailing_empty_cells(cells))
                    for line, cells in enumerate(lines, start=1)
                ),
                short_rows_allowed=True,
            )
            if table is not None:
                tables.append(table)
    except Refused:
        raise
    except Exception:
        raise _not_excel(name) from None
    finally:
        workbook.close()
    if not tables:
        raise Refused(StudioError(name, _("this file is empty.")))
    return tables


def _check_xlsx_cells(name: str, archive: zipfile.ZipFile) -> None:
    """Count the cells before parsing them: the parser's time grows with them, not with bytes."""
    cells = 0
    try:
        for info in archive.infolist():
            if info.filename.startswith("xl/") and info.filename.endswith(".xml"):
                with archive.open(info) as stream:
                    read = stream.read(limits.MAX_XLSX_UNCOMPRESSED_BYTES + 1)
                    cells += len(_XLSX_CELL.findall(read))
    except UNREADABLE_MEMBER:
        raise _not_excel(name) from None
    if cells > limits.MAX_XLSX_CELLS:
        raise Refused(
            StudioError(
                name,
                _("this workbook holds more than %(limit)s cells: this is not a Studio export.")
                % {"limit": f"{limits.MAX_XLSX_CELLS:,}".replace(",", " ")},
            )
        )
