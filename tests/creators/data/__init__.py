"""Sample TikTok Studio files for tests, and small builders of broken or generated ones."""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from pathlib import Path

from creators.studio.files import ExportFile
from creators.studio.totals import MonthTotals

DATA = Path(__file__).parent / "tiktok"
EXPORT_DATE = datetime.date(2026, 10, 21)
FR_EXPORT_DATE = datetime.date(2026, 1, 20)
OVERVIEW_HEADER = "Date,Video Views,Profile Views,Likes,Comments,Shares"
FOLLOWER_HEADER = "Date,Followers,Difference in followers from previous day"

# Each sample set: its files, the export date to give (None: from the zip's name), expectations.
SAMPLE_SETS = {
    "csv": (["Overview.csv", "FollowerHistory.csv"], EXPORT_DATE, "expected_monthly.json"),
    "zip": (
        ["Overview_1792540800.zip", "Followers_sample_creator.zip"],
        None,
        "expected_monthly.json",
    ),
    "xlsx": (
        ["xlsx/Overview.xlsx", "xlsx/FollowerHistory.xlsx"],
        EXPORT_DATE,
        "expected_monthly.json",
    ),
    "fr": (
        ["fr/Overview.csv", "fr/FollowerHistory.csv"],
        FR_EXPORT_DATE,
        "fr/expected_monthly.json",
    ),
}


def sample(name: str) -> ExportFile:
    path = DATA / name
    return ExportFile(path.name, path.read_bytes())


def expected_months(name: str) -> dict[str, dict[str, int]]:
    return json.loads((DATA / name).read_text())["months"]


def as_expected(month: MonthTotals) -> dict[str, int]:
    """A month in the shape of expected_monthly.json."""
    values = month.values
    return {
        "views": values["video_views"],
        "followers": values["followers"],
        "likes": values["likes"],
        "comments": values["comments"],
        "shares": values["shares"],
        "days": month.days,
    }


def csv_file(name: str, header: str, *lines: str, bom: bool = True) -> ExportFile:
    text = "\n".join([header, *lines]) + "\n"
    return ExportFile(name, ("\ufeff" if bom else "").encode() + text.encode())


def zip_file(name: str, members: dict[str, bytes], *, compress: bool = True) -> ExportFile:
    buffer = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return ExportFile(name, buffer.getvalue())


def daily_pair(
    first: datetime.date, days: int, *, dated=lambda day: f"{day:%B} {day.day}"
) -> tuple[ExportFile, ExportFile]:
    """An Overview and a FollowerHistory CSV of ``days`` days from ``first``: known numbers.

    Day n (from 0) has n+1 video views, 2 profile views, 3 likes, 1 comment, 0 shares and
    1000+n followers.
    """
    overview, followers = [], []
    for index in range(days):
        day = first + datetime.timedelta(days=index)
        overview.append(f"{dated(day)},{index + 1},2,3,1,0")
        followers.append(f"{dated(day)},{1000 + index},1")
    return (
        csv_file("Overview.csv", OVERVIEW_HEADER, *overview),
        csv_file("FollowerHistory.csv", FOLLOWER_HEADER, *followers),
    )


def month_key(month: MonthTotals) -> str:
    return f"{month.month:%Y-%m}"
