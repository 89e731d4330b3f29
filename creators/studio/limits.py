"""Size limits that bound the work done on any upload: per file, per batch, per zip (members,
uncompressed size, compression ratio), and rows, columns, sheets and cells per table.

The readers look these up as ``limits.NAME`` when they run, so a test can lower one.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from creators.studio.errors import StudioError, display_name

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


def megabytes(size: int) -> str:
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
        % {"limit": megabytes(MAX_TOTAL_BYTES)},
    )


def file_too_large(name: str) -> StudioError:
    return StudioError(
        display_name(name),
        _("this file is larger than %(limit)s MB: TikTok Studio exports are much smaller.")
        % {"limit": megabytes(MAX_FILE_BYTES)},
    )


def too_many_rows(name: str) -> StudioError:
    return StudioError(
        name, _("more than %(limit)s lines: this is not a Studio export.") % {"limit": MAX_ROWS}
    )
