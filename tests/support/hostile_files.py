"""Hostile uploads built in memory: workbooks that expand when read, zips that break when read.

Each is small enough to pass the byte limits of an upload; the reader must refuse it quickly,
in little memory, naming the file.
"""

from __future__ import annotations

import io
import zipfile

_OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = (
    f'<Types xmlns="{_PACKAGE}/content-types">'
    '<Default Extension="rels"'
    ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_OFFICE}.sheet.main+xml"/>'
    "{overrides}</Types>"
)
_SHEET_TYPE = f"{_OFFICE}.worksheet+xml"
_ROOT_RELS = (
    f'<Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)


def workbook(sheets: list[bytes], *, sheet_count: int | None = None) -> bytes:
    """An XLSX of the given worksheet XML parts; ``sheet_count`` sheets may share the parts."""
    count = sheet_count or len(sheets)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{index + 1}.xml"'
            f' ContentType="{_SHEET_TYPE}"/>'
            for index in range(len(sheets))
        )
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES.format(overrides=overrides))
        archive.writestr("_rels/.rels", _ROOT_RELS)
        entries = "".join(
            f'<sheet name="Sheet{index + 1}" sheetId="{index + 1}" r:id="rId{index + 1}"/>'
            for index in range(count)
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{entries}</sheets></workbook>',
        )
        relations = "".join(
            f'<Relationship Id="rId{index + 1}" Type="{_REL}/worksheet"'
            f' Target="worksheets/sheet{index % len(sheets) + 1}.xml"/>'
            for index in range(count)
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_PACKAGE}/relationships">{relations}</Relationships>',
        )
        for index, sheet in enumerate(sheets):
            archive.writestr(f"xl/worksheets/sheet{index + 1}.xml", sheet)
    return buffer.getvalue()


def sheet(rows: list[str]) -> bytes:
    return f'<worksheet xmlns="{_MAIN}"><sheetData>{"".join(rows)}</sheetData></worksheet>'.encode()


def wide_sheet(rows: int) -> bytes:
    """A header, then ``rows`` rows each holding one number in the last column (XFD)."""
    header = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Video views</t></is></c></row>'
    )
    lines = (f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(2, rows + 2))
    return sheet([header, *lines])


def wide_xlsx(sheets: int = 1, rows: int = 3_999) -> bytes:
    """The issue's workbook: every row pads to 16 384 cells in a naive reader."""
    return workbook([wide_sheet(rows) for _ in range(sheets)])


def far_rows_xlsx() -> bytes:
    """Two rows a million lines apart: a naive reader yields every empty row between them."""
    return workbook(
        [
            sheet(
                [
                    '<row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c></row>',
                    '<row r="1048576"><c r="A1048576"><v>1</v></c></row>',
                ]
            )
        ]
    )


def dense_xlsx() -> bytes:
    """As many cells as the size limits let through: 16 384 numbers per row."""
    cells = "".join(f"<c><v>{index % 997}</v></c>" for index in range(16_384))
    return workbook([sheet([f'<row r="{n}">{cells}</row>' for n in range(1, 12)])])


def many_sheets_xlsx(count: int = 2_000) -> bytes:
    """One small worksheet listed ``count`` times in the workbook."""
    return workbook([wide_sheet(3)], sheet_count=count)


def _csv_zip(method: int = zipfile.ZIP_DEFLATED) -> bytearray:
    content = b"Date,Followers,Difference\n" + b"".join(
        f"June {day},{1000 + day},1\n".encode() for day in range(1, 29)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("FollowerHistory.csv", content)
    return bytearray(buffer.getvalue())


def _data_offset(data: bytearray) -> int:
    """Where the first member's data starts (after its local header, name and extra)."""
    name_length = int.from_bytes(data[26:28], "little")
    extra_length = int.from_bytes(data[28:30], "little")
    return 30 + name_length + extra_length


def bad_crc_zip() -> bytes:
    data = _csv_zip(zipfile.ZIP_STORED)
    data[_data_offset(data) + 5] ^= 0xFF  # the stored bytes no longer match the CRC
    return bytes(data)


def broken_deflate_zip() -> bytes:
    data = _csv_zip()
    start = _data_offset(data)
    data[start] = 0xFF  # an invalid deflate block type
    data[start + 1 : start + 8] = b"\xff" * 7
    return bytes(data)


def unsupported_method_zip() -> bytes:
    data = _csv_zip()
    data[8:10] = (99).to_bytes(2, "little")  # AES / unknown: in the local header
    central = data.rfind(b"PK\x01\x02")
    data[central + 10 : central + 12] = (99).to_bytes(2, "little")  # and in the directory
    return bytes(data)
