"""The uploaded files: a Studio zip opened with its defences, the CSV and XLSX files inside it,
and the export date Studio writes in a zip's name.

A zip is refused before it is expanded when its listing is hostile (too many entries, too
large once expanded, compressed like a zip bomb, a path outside itself, an archive inside it,
a password); every member is read no further than its limit, whatever its listed size.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from creators.studio import limits
from creators.studio.errors import Refused, StudioError, display_name, shown
from creators.studio.values import EARLIEST_DAY

ARCHIVE_SUFFIXES = (".zip", ".gz", ".tgz", ".tar", ".7z", ".rar", ".bz2", ".xz")
READABLE_SUFFIXES = (".csv", ".xlsx")
_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_UNIX_TIME = re.compile(r"(?<!\d)(\d{10})(?!\d)")
# What opening an archive, and reading one of its members, raise on a damaged or hostile one.
NOT_AN_ARCHIVE = (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError)
UNREADABLE_MEMBER = (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError)


@dataclass(frozen=True)
class ExportFile:
    """One file as uploaded or given on the command line."""

    name: str
    data: bytes


@dataclass
class Batch:
    """The files to read once zips are opened: (file, date in its zip's name), and what else."""

    files: list[tuple[ExportFile, datetime.date | None]] = field(default_factory=list)
    errors: list[StudioError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def expand(exports: Sequence[ExportFile], today: datetime.date) -> Batch:
    """Every zip replaced by its CSV and XLSX members, each file with its zip's date."""
    batch = Batch()
    for export in exports:
        name = display_name(export.name)
        lowered = name.casefold()
        if not export.data.strip():
            batch.errors.append(StudioError(name, _("this file is empty.")))
        elif lowered.endswith(".zip") and not is_zip(export.data):
            batch.errors.append(
                StudioError(name, _("this file is named .zip but is not a zip archive."))
            )
        elif is_zip(export.data) and not looks_like_xlsx(export.data):
            try:
                members, notices = _zip_members(name, export.data)
            except Refused as refused:
                batch.errors.extend(refused.errors)
                continue
            stamp = date_in_name(name, today)
            batch.files.extend((member, stamp) for member in members)
            batch.notices.extend(notices)
        else:
            batch.files.append((ExportFile(name, export.data), date_in_name(name, today)))
    return batch


def date_in_name(name: str, today: datetime.date) -> datetime.date | None:
    """The export date Studio writes in a zip's name as a Unix time (Overview_1792540800.zip)."""
    match = _UNIX_TIME.search(display_name(name))
    if not match:
        return None
    moment = datetime.datetime.fromtimestamp(int(match.group(1)), tz=datetime.UTC)
    if not EARLIEST_DAY <= moment.date() <= today + datetime.timedelta(days=1):
        return None
    return moment.date()


def is_zip(data: bytes) -> bool:
    return data.startswith((_ZIP_MAGIC, _EMPTY_ZIP_MAGIC))


def looks_like_xlsx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist()[: limits.MAX_ZIP_MEMBERS + 1])
    except NOT_AN_ARCHIVE:
        return False
    return {"[Content_Types].xml", "xl/workbook.xml"} <= names


def open_zip(name: str, data: bytes, reason: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except NOT_AN_ARCHIVE:
        raise Refused(StudioError(name, reason)) from None


def check_archive_sizes(
    name: str, archive: zipfile.ZipFile, limit: int | None = None
) -> list[zipfile.ZipInfo]:
    """Listed sizes within limits: entries, total uncompressed size, compression ratio."""
    limit = limits.MAX_UNCOMPRESSED_BYTES if limit is None else limit
    infos = archive.infolist()
    if len(infos) > limits.MAX_ZIP_MEMBERS:
        raise Refused(
            StudioError(
                name,
                _("this archive holds %(count)s files; a Studio export holds a few.")
                % {"count": len(infos)},
            )
        )
    total = sum(info.file_size for info in infos)
    if total > limit:
        raise Refused(
            StudioError(
                name,
                _("this archive expands to more than %(limit)s MB.")
                % {"limit": limits.megabytes(limit)},
            )
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.MAX_COMPRESSION_RATIO:
            raise Refused(
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


def _nested_archive(name: str, member: str) -> StudioError:
    return StudioError(
        name,
        _("the archive contains another archive (“%(member)s”): refused.") % {"member": member},
    )


def _zip_members(name: str, data: bytes) -> tuple[list[ExportFile], list[str]]:
    """The CSV and XLSX files inside a Studio zip (checked), and notices about the rest."""
    archive = open_zip(name, data, _("this file is named .zip but is not a zip archive."))
    with archive:
        infos = check_archive_sizes(name, archive)
        members, notices, errors = [], [], []
        for info in infos:
            member = info.filename
            if _unsafe_path(member):
                errors.append(
                    StudioError(
                        name,
                        _("the archive contains a path outside itself (“%(member)s”): refused.")
                        % {"member": shown(member)},
                    )
                )
                continue
            if info.is_dir():
                continue
            base = display_name(member)
            lowered = base.casefold()
            if lowered.endswith(ARCHIVE_SUFFIXES):
                errors.append(_nested_archive(name, base))
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
            raise Refused(*errors)
        files = []
        for info, base in members:
            try:
                with archive.open(info) as stream:
                    # Never trust the listed size.
                    content = stream.read(limits.MAX_MEMBER_BYTES + 1)
            except UNREADABLE_MEMBER:
                # A bad CRC, broken compressed data, a compression method Python lacks.
                raise Refused(
                    StudioError(
                        name,
                        _(
                            "“%(member)s” cannot be read: the archive is damaged or uses a "
                            "compression we do not support. Download it again from TikTok Studio."
                        )
                        % {"member": base},
                    )
                ) from None
            if len(content) > limits.MAX_MEMBER_BYTES:
                raise Refused(
                    StudioError(
                        name,
                        _("“%(member)s” is larger than %(limit)s MB once uncompressed.")
                        % {"member": base, "limit": limits.megabytes(limits.MAX_MEMBER_BYTES)},
                    )
                )
            if is_zip(content) and not (
                base.casefold().endswith(".xlsx") and looks_like_xlsx(content)
            ):
                raise Refused(_nested_archive(name, base))
            files.append(ExportFile(f"{display_name(name)} › {base}", content))
    if not files and not notices:
        raise Refused(StudioError(name, _("this archive contains no CSV or XLSX file.")))
    return files, notices
