"""The whole reading of an upload: ``read_exports`` takes the files and returns the months they
add up to, or every problem found; nothing is returned half-read.

The Followers and Content tables are handed to ``creators.audience``, which reads them with this
package's lower modules (errors, values, tables) and never imports this one.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from creators.audience import Audience, claims
from creators.audience import read_table as read_audience_table
from creators.studio import limits
from creators.studio.columns import FOLLOWER_FIELDS, OVERVIEW_FIELDS, kind_label, recognise
from creators.studio.daily import Daily, read_table
from creators.studio.errors import Refused, StudioError, display_name, shown
from creators.studio.files import ExportFile, expand
from creators.studio.tables import tables_of
from creators.studio.totals import MonthTotals, aggregate, negative_months


@dataclass(frozen=True)
class TableSummary:
    """One recognised table: what it is and the days it covers."""

    name: str
    kind: str
    first_day: datetime.date | None
    last_day: datetime.date | None
    days: int


@dataclass(frozen=True)
class StudioImport:
    months: tuple[MonthTotals, ...] = ()
    tables: tuple[TableSummary, ...] = ()
    notices: tuple[str, ...] = ()
    errors: tuple[StudioError, ...] = ()
    audience: Audience | None = None  # the Followers and Content files, if any

    @property
    def ok(self) -> bool:
        return not self.errors


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
    today = today or datetime.date.today()
    errors = limits.check_batch([(export.name, len(export.data)) for export in exports])
    if errors:
        return StudioImport(errors=tuple(errors))
    batch = expand(exports, today)
    errors, notices = batch.errors, batch.notices
    latest_day = today + datetime.timedelta(days=1)  # the export's time zone may be ahead
    stamps = [stamp for _file, stamp in batch.files if stamp]
    fallback = max(stamps) if stamps else today
    dailies: list[Daily] = []
    tables: list[TableSummary] = []
    found_audience = Audience(export_date or fallback)
    for export, stamp in batch.files:
        try:
            file_tables = tables_of(export)
        except Refused as refused:
            errors.extend(refused.errors)
            continue
        for table in file_tables:
            kinds, headers = recognise(table.header)
            if part := claims(headers):  # the audience's tables (creators.audience)
                try:
                    read_audience_table(table, headers, part, found_audience)
                except Refused as refused:
                    errors.extend(refused.errors)
                continue
            used = [kind for kind in kinds if kind.used]
            if not kinds:
                message = _("%(file)s: not a TikTok Studio export we know (columns: %(columns)s).")
                columns = ", ".join(shown(cell) for cell in table.header[:8] if cell is not None)
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
                    daily = read_table(
                        table, kind, headers, export_date or stamp or fallback, latest_day
                    )
                except Refused as refused:
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
    errors = negative_months(months, sources)
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
