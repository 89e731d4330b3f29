"""The audience and the recent videos in TikTok Studio's Followers and Content exports.

Kept apart from ``creators.studio`` (the daily tables) and hooked into its reading: a table is
claimed here by its header set, case-insensitively, like every Studio file:

- ``FollowerGender.csv``: ``Gender,Distribution`` (Female / Male / Other);
- ``FollowerTopTerritories.csv``: ``Top territories,Distribution`` (ISO codes, then Others);
- ``FollowerActivity.csv``: ``Date,Hour,Active followers`` (hourly, yearless dates);
- ``Content.csv``: ``Time,Video title,Video link,Post time,Total likes,…,Total views``.

Distributions may be fractions (0.62) or percentages (62 % or "62%"); they are stored as
fractions. The distributions carry no date: the snapshot is dated by the export date. Bad cells
are reported with their file, line, column and value, and nothing is written.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from creators.studio.errors import MAX_ERRORS, CellError, Refused, StudioError, shown
from creators.studio.tables import Table
from creators.studio.values import MAX_COUNT, infer_years, is_count, parse_count, parse_date

GENDER = "gender"
TERRITORIES = "territories"
ACTIVITY = "activity"
CONTENT = "content"

# Header sets that say "this is that file" (normalised like studio's headers).
SIGNATURES = {
    GENDER: frozenset({"gender", "distribution"}),
    TERRITORIES: frozenset({"top territories", "distribution"}),
    ACTIVITY: frozenset({"date", "hour", "active followers"}),
    CONTENT: frozenset(
        {
            "video title",
            "video link",
            "post time",
            "total likes",
            "total comments",
            "total shares",
            "total views",
        }
    ),
}
GENDERS = {
    "female": "female",
    "femme": "female",
    "femmes": "female",
    "women": "female",
    "male": "male",
    "homme": "male",
    "hommes": "male",
    "men": "male",
    "other": "other",
    "others": "other",
    "autre": "other",
    "autres": "other",
}
OTHERS = {"others", "other", "autres", "autre"}
MAX_VIDEOS = 50
_TERRITORY = re.compile(r"^[A-Za-z]{2}$")
_PERCENT = re.compile(r"^(\d+(?:[.,]\d+)?)\s*%$")
_FRACTION = re.compile(r"^\d+(?:[.,]\d+)?$")
# A share may be off by rounding: Studio's percentages are rounded to whole units.
_TOLERANCE = Decimal("0.05")


@dataclass(frozen=True)
class Video:
    title: str
    link: str  # an https://www.tiktok.com/… link, or "" when the export's was not one
    posted: datetime.date | None
    views: int | None
    likes: int | None
    comments: int | None
    shares: int | None

    @property
    def engagement_rate(self) -> Decimal | None:
        """(likes + comments + shares) / views, in percent; None when a term is unknown."""
        terms = (self.likes, self.comments, self.shares)
        if not self.views or any(term is None for term in terms):
            return None
        return Decimal(sum(terms)) * 100 / Decimal(self.views)


@dataclass
class Audience:
    """What one upload says about the audience, on ``export_date``; parts may be absent."""

    export_date: datetime.date
    gender: list[tuple[str, Decimal]] | None = None
    territories: list[tuple[str, Decimal]] | None = None
    activity: list[int | None] | None = None  # 24 hourly averages of active followers
    videos: list[Video] | None = None
    files: list[tuple[str, str]] = field(default_factory=list)  # (file, part)

    @property
    def parts(self) -> list[str]:
        return [
            part
            for part in (GENDER, TERRITORIES, ACTIVITY, CONTENT)
            if getattr(self, _attribute(part)) is not None
        ]


def _attribute(part: str) -> str:
    return "videos" if part == CONTENT else part


def claims(headers: Mapping[str, int]) -> str | None:
    """The audience part a table's (normalised) headers make it, or None."""
    for part, signature in SIGNATURES.items():
        if signature <= headers.keys():
            return part
    return None


def part_label(part: str) -> str:
    return {
        GENDER: _("Followers' gender"),
        TERRITORIES: _("Followers' top countries"),
        ACTIVITY: _("Followers' active hours"),
        CONTENT: _("Recent videos"),
    }[part]


# --- Cells --------------------------------------------------------------------------------


def parse_share(cell: Any) -> tuple[Decimal, bool]:
    """A distribution cell: (value, written as a percentage). Raises CellError."""
    text = shown(cell).strip().replace("\u00a0", " ")
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        text = str(cell)
    match = _PERCENT.match(text)
    if match:
        return Decimal(match.group(1).replace(",", ".")), True
    if _FRACTION.match(text):
        try:
            return Decimal(text.replace(",", ".")), False
        except InvalidOperation:
            pass
    raise CellError(_("not a share (write 0.62 or 62 %)."))


def _fractions(
    table: Table, rows: list[tuple[int, str, Any]], title: str
) -> list[tuple[str, Decimal]]:
    """(line, label, cell) into (label, fraction): all percentages or all fractions."""
    errors: list[StudioError] = []
    parsed = []
    for line, label, cell in rows:
        try:
            value, percent = parse_share(cell)
        except CellError as error:
            errors.append(StudioError(table.name, error.reason, line, title, str(cell)))
            continue
        parsed.append((line, label, value, percent, cell))
    if errors:
        raise Refused(*errors[:MAX_ERRORS])
    # "0.62" and "62" both occur: percentages when any is marked, or when any exceeds 1.
    as_percent = any(percent for *_rest, percent, _cell in parsed) or any(
        value > 1 for _line, _label, value, _percent, _cell in parsed
    )
    result = []
    for line, label, value, _percent, cell in parsed:
        fraction = value / 100 if as_percent else value
        if fraction > 1:
            errors.append(
                StudioError(table.name, _("a share cannot exceed 100 %."), line, title, str(cell))
            )
        result.append((label, fraction))
    if not errors and sum(fraction for _label, fraction in result) > 1 + _TOLERANCE:
        errors.append(StudioError(table.name, _("the shares add up to more than 100 %.")))
    if errors:
        raise Refused(*errors[:MAX_ERRORS])
    return result


def _cells(table: Table, headers: Mapping[str, int], names: Sequence[str]):
    """(line, cells padded to the header) for each row; short rows are reported."""
    width = max(headers[name] for name in names) + 1
    for line, cells in table.rows:
        if len(cells) < width:
            if not table.short_rows_allowed:
                raise Refused(table.short_line(line, cells))
            cells = [*cells, *([None] * (width - len(cells)))]
        yield line, cells


def _text(cell: Any) -> str:
    """A cell as printable text, whole (``shown`` cuts at 40 characters)."""
    text = "" if cell is None else str(cell)
    return "".join(char if char.isprintable() else " " for char in text).strip()


def _title(table: Table, headers: Mapping[str, int], name: str) -> str:
    return table.column_title(headers[name])


# --- Tables -------------------------------------------------------------------------------


def _read_gender(table, headers) -> list[tuple[str, Decimal]]:
    rows, errors = [], []
    title = _title(table, headers, "gender")
    for line, cells in _cells(table, headers, ("gender", "distribution")):
        label = shown(cells[headers["gender"]]).strip()
        key = GENDERS.get(label.casefold())
        if key is None:
            errors.append(
                StudioError(
                    table.name, _("unknown gender (Female, Male or Other)."), line, title, label
                )
            )
            continue
        rows.append((line, key, cells[headers["distribution"]]))
    if errors:
        raise Refused(*errors[:MAX_ERRORS])
    return _fractions(table, rows, _title(table, headers, "distribution"))


def _read_territories(table, headers) -> list[tuple[str, Decimal]]:
    rows, errors = [], []
    title = _title(table, headers, "top territories")
    for line, cells in _cells(table, headers, ("top territories", "distribution")):
        label = shown(cells[headers["top territories"]]).strip()
        if label.casefold() in OTHERS:
            code = "others"
        elif _TERRITORY.match(label):
            code = label.upper()
        else:
            errors.append(
                StudioError(table.name, _("not a two-letter country code."), line, title, label)
            )
            continue
        rows.append((line, code, cells[headers["distribution"]]))
    if errors:
        raise Refused(*errors[:MAX_ERRORS])
    return _fractions(table, rows, _title(table, headers, "distribution"))


def _read_activity(table, headers, export_date: datetime.date) -> list[int | None]:
    errors: list[StudioError] = []
    by_hour: dict[int, list[int]] = {}
    dates = []
    for line, cells in _cells(table, headers, ("date", "hour", "active followers")):
        try:
            dates.append(parse_date(cells[headers["date"]]))
            hour = parse_count(cells[headers["hour"]])
            if hour is None or not 0 <= hour <= 23:
                raise CellError(_("an hour is a number from 0 to 23."))
            active = parse_count(cells[headers["active followers"]])
            if active is not None and active < 0:
                raise CellError(_("a count of followers cannot be negative."))
        except CellError as error:
            errors.append(StudioError(table.name, error.reason, line))
            continue
        if active is not None:
            by_hour.setdefault(hour, []).append(active)
    if errors:
        raise Refused(*errors[:MAX_ERRORS])
    infer_years(dates, export_date)  # checks the dates, as for the daily tables
    return [
        round(sum(by_hour[hour]) / len(by_hour[hour])) if hour in by_hour else None
        for hour in range(24)
    ]


def _safe_link(text: str) -> str:
    """Only a TikTok https link is kept: the page links it for brands."""
    parts = urlsplit(text.strip())
    host = (parts.hostname or "").casefold()
    if parts.scheme == "https" and (host == "tiktok.com" or host.endswith(".tiktok.com")):
        return text.strip()
    return ""


def _read_content(table, headers, export_date: datetime.date) -> list[Video]:
    errors: list[StudioError] = []
    rows = []
    dates = []
    counts = ("total views", "total likes", "total comments", "total shares")
    for line, cells in _cells(table, headers, ("video title", "video link", *counts)):
        values = {}
        for name in counts:
            try:
                values[name] = parse_count(cells[headers[name]])
                if values[name] is not None and values[name] < 0:
                    raise CellError(_("a total cannot be negative."))
            except CellError as error:
                errors.append(
                    StudioError(
                        table.name,
                        error.reason,
                        line,
                        _title(table, headers, name),
                        shown(cells[headers[name]]),
                    )
                )
        posted_cell = cells[headers["post time"]]
        try:
            dates.append(parse_date(posted_cell) if posted_cell not in ("", None) else None)
        except CellError:
            dates.append(None)  # the post time is shown when known; it never stops the import
        rows.append((line, cells, values))
        if len(rows) > MAX_VIDEOS:
            errors.append(
                StudioError(
                    table.name,
                    _("more than %(count)s videos: is this a Content export?")
                    % {"count": MAX_VIDEOS},
                )
            )
            break
    if errors:
        raise Refused(*errors[:MAX_ERRORS])
    known = [date for date in dates if date is not None]
    years = iter(infer_years(known, export_date)) if known else iter(())
    videos = []
    for (_line, cells, values), date in zip(rows, dates, strict=True):
        videos.append(
            Video(
                title=_text(cells[headers["video title"]])[:150],
                link=_safe_link(_text(cells[headers["video link"]])[:300]),
                posted=next(years) if date is not None else None,
                views=values["total views"],
                likes=values["total likes"],
                comments=values["total comments"],
                shares=values["total shares"],
            )
        )
    return videos


def read_table(table: Table, headers: Mapping[str, int], part: str, audience: Audience) -> None:
    """Read one claimed table into ``audience``; raises Refused on a bad cell."""
    if not table.rows:
        raise Refused(StudioError(table.name, _("this file has a header but no rows.")))
    if part == GENDER:
        audience.gender = _read_gender(table, headers)
    elif part == TERRITORIES:
        audience.territories = _read_territories(table, headers)
    elif part == ACTIVITY:
        audience.activity = _read_activity(table, headers, audience.export_date)
    else:
        audience.videos = _read_content(table, headers, audience.export_date)
    audience.files.append((table.name, part))


# --- To and from plain JSON (the session, and the stored snapshot) ------------------------


def shares_to_json(shares: list[tuple[str, Decimal]] | None) -> list[list[str]] | None:
    return None if shares is None else [[label, str(value)] for label, value in shares]


def shares_from_json(data: Any) -> list[tuple[str, Decimal]] | None:
    if data is None:
        return None
    if not isinstance(data, list) or len(data) > 50:
        raise ValueError("shares: expected a short list")
    result = []
    for item in data:
        label, value = item
        if not isinstance(label, str) or len(label) > 10:
            raise ValueError("shares: bad label")
        share = Decimal(value)
        if not 0 <= share <= 1:
            raise ValueError("shares: out of range")
        result.append((label, share))
    return result


def videos_to_json(videos: list[Video] | None) -> list[dict[str, Any]] | None:
    if videos is None:
        return None
    return [
        {
            "title": video.title,
            "link": video.link,
            "posted": video.posted.isoformat() if video.posted else None,
            "views": video.views,
            "likes": video.likes,
            "comments": video.comments,
            "shares": video.shares,
        }
        for video in videos
    ]


def _count(value: Any) -> int | None:
    if value is None:
        return None
    if not is_count(value, 0, MAX_COUNT):
        raise ValueError("count out of range")
    return value


def videos_from_json(data: Any) -> list[Video] | None:
    if data is None:
        return None
    if not isinstance(data, list) or len(data) > MAX_VIDEOS:
        raise ValueError("videos: expected a short list")
    return [
        Video(
            title=str(item["title"])[:150],
            link=_safe_link(str(item["link"])),
            posted=datetime.date.fromisoformat(item["posted"]) if item["posted"] else None,
            views=_count(item["views"]),
            likes=_count(item["likes"]),
            comments=_count(item["comments"]),
            shares=_count(item["shares"]),
        )
        for item in data
    ]


def activity_from_json(data: Any) -> list[int | None] | None:
    if data is None:
        return None
    if not isinstance(data, list) or len(data) != 24:
        raise ValueError("activity: 24 hours expected")
    return [_count(value) for value in data]


def to_json(audience: Audience | None) -> dict[str, Any] | None:
    if audience is None:
        return None
    return {
        "export_date": audience.export_date.isoformat(),
        "gender": shares_to_json(audience.gender),
        "territories": shares_to_json(audience.territories),
        "activity": audience.activity,
        "videos": videos_to_json(audience.videos),
        "files": [[name, part] for name, part in audience.files],
    }


def from_json(data: Any) -> Audience | None:
    """Back from the session, every value checked again: raises ValueError when not as written."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ValueError("audience: expected an object")
    files = []
    for name, part in data.get("files") or ():
        if part not in SIGNATURES or not isinstance(name, str) or len(name) > 300:
            raise ValueError("audience: bad file")
        files.append((name, part))
    return Audience(
        export_date=datetime.date.fromisoformat(data["export_date"]),
        gender=shares_from_json(data.get("gender")),
        territories=shares_from_json(data.get("territories")),
        activity=activity_from_json(data.get("activity")),
        videos=videos_from_json(data.get("videos")),
        files=files,
    )


# --- Against what a profile stores (preview), and written (confirm) -----------------------


def _stored_values(audience: Audience) -> dict[str, Any]:
    """The snapshot's columns as stored (only the parts this upload carries)."""
    data = to_json(audience) or {}
    return {_attribute(part): data[_attribute(part)] for part in audience.parts}


def plan(profile, audience: Audience | None) -> list[tuple[str, str]]:
    """(part, "new" | "changed" | "unchanged") for each part of the upload; one query."""
    from creators.models import AudienceSnapshot

    if audience is None:
        return []
    stored = (
        AudienceSnapshot.objects.filter(profile=profile, export_date=audience.export_date).first()
        if profile.pk
        else None
    )
    result = []
    for column, value in _stored_values(audience).items():
        part = CONTENT if column == "videos" else column
        old = getattr(stored, column) if stored is not None else None
        status = "new" if old is None else "unchanged" if old == value else "changed"
        result.append((part, status))
    return result


def apply(profile, audience: Audience | None) -> bool:
    """Store the upload's parts on the snapshot of its export date; True when anything changed."""
    from creators.models import AudienceSnapshot

    if audience is None:
        return False
    values = _stored_values(audience)
    snapshot, created = AudienceSnapshot.objects.select_for_update().get_or_create(
        profile=profile, export_date=audience.export_date, defaults=values
    )
    if created:
        return True
    changed = {
        column: value for column, value in values.items() if getattr(snapshot, column) != value
    }
    if not changed:
        return False
    for column, value in changed.items():
        setattr(snapshot, column, value)
    snapshot.save(update_fields=[*changed, "updated_at"])
    return True


@dataclass(frozen=True)
class KitAudience:
    """The latest stored value of each part, for the kit."""

    gender: list[tuple[str, Decimal]] | None
    gender_date: datetime.date | None
    territories: list[tuple[str, Decimal]] | None
    territories_date: datetime.date | None
    activity: list[int | None] | None
    activity_date: datetime.date | None
    videos: list[Video] | None
    videos_date: datetime.date | None


def latest(profile) -> KitAudience:
    """One query: the profile's snapshots, newest first; each part from the newest that has it."""
    found: dict[str, tuple[Any, datetime.date]] = {}
    for snapshot in profile.audience_snapshots.order_by("-export_date")[:24]:
        for column in ("gender", "territories", "activity", "videos"):
            value = getattr(snapshot, column)
            if column not in found and value is not None:
                found[column] = (value, snapshot.export_date)
    readers = {
        "gender": shares_from_json,
        "territories": shares_from_json,
        "activity": activity_from_json,
        "videos": videos_from_json,
    }
    values: dict[str, Any] = {}
    for column, reader in readers.items():
        value, date = found.get(column, (None, None))
        values[column] = reader(value) if value is not None else None
        values[f"{column}_date"] = date
    return KitAudience(**values)
