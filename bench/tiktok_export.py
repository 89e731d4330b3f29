"""A year of TikTok Studio export, shaped like the real files (docs/domain.md).

Overview.csv and FollowerHistory.csv: UTF-8 byte-order mark, English dates without a year,
oldest first, the last day ``undefined`` (Studio lags), and the follower "difference" column
holding the difference to the *next* day, as real files do. Same numbers for the same seed.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path

OVERVIEW_HEADER = "Date,Video Views,Profile Views,Likes,Comments,Shares"
FOLLOWERS_HEADER = "Date,Followers,Difference in followers from previous day"
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def studio_date(day: datetime.date) -> str:
    """How Studio writes a day in English: "October 19", no year."""
    return f"{MONTH_NAMES[day.month - 1]} {day.day}"


def export_rows(
    export_date: datetime.date, days: int = 365, seed: str = "bench"
) -> tuple[list[str], list[str]]:
    """The CSV lines (headers included) of Overview and FollowerHistory: ``days`` rows ending
    two days before ``export_date``, the last one ``undefined``."""
    rng = random.Random(f"tiktok_export:{seed}")  # noqa: S311 -- fake data, not security
    last_day = export_date - datetime.timedelta(days=2)
    first_day = last_day - datetime.timedelta(days=days - 1)
    followers = [8_000]
    for _ in range(days - 1):
        followers.append(followers[-1] + rng.randint(-5, 60))
    overview = [OVERVIEW_HEADER]
    history = [FOLLOWERS_HEADER]
    for index in range(days):
        day = studio_date(first_day + datetime.timedelta(days=index))
        if index == days - 1:
            overview.append(f"{day},undefined,undefined,undefined,undefined,undefined")
            history.append(f"{day},undefined,undefined")
            continue
        views = rng.randint(2_000, 40_000)
        likes = round(views * rng.uniform(0.05, 0.09))
        overview.append(
            f"{day},{views},{round(views * rng.uniform(0.01, 0.03))},{likes},"
            f"{round(likes * rng.uniform(0.04, 0.08))},{round(likes * rng.uniform(0.03, 0.07))}"
        )
        following = followers[index + 1] if index + 1 < days - 1 else followers[index]
        history.append(f"{day},{followers[index]},{following - followers[index]}")
    return overview, history


def write_export(
    folder: Path, export_date: datetime.date, days: int = 365, seed: str = "bench"
) -> list[Path]:
    overview, history = export_rows(export_date, days, seed)
    paths = []
    for name, lines in (("Overview.csv", overview), ("FollowerHistory.csv", history)):
        path = folder / name
        path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
