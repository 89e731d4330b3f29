"""How a problem in an upload is reported: located by file, line, column and value, and shown
safely (a file's name or a cell's value is printable and short in every message)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from django.utils.translation import gettext as _

MAX_ERRORS = 20  # reported for one table: enough to see what is wrong, short enough to read


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


class Refused(Exception):
    """Raised inside the reader to abandon one file; carries its errors."""

    def __init__(self, *errors: StudioError):
        super().__init__(errors)
        self.errors = list(errors)


class CellError(Exception):
    """One cell that cannot be read; the caller adds where it is."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def shown(cell: Any) -> str:
    """A cell's value as a message quotes it: printable, at most 40 characters."""
    text = str(cell)
    text = "".join(char if char.isprintable() else " " for char in text).strip()
    return text[:40] + "…" if len(text) > 40 else text


def display_name(name: str) -> str:
    """The last part of a path, printable, at most 80 characters."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = "".join(char for char in base if char.isprintable()).strip()
    return (base[:77] + "…" if len(base) > 80 else base) or _("(unnamed file)")
