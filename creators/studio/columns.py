"""Recognising a table by its header set, and the stats its columns carry.

A table is recognised by the headers it has, case-insensitively and byte-order mark stripped,
whatever its file's name; the business layout's extra columns are ignored. Viewers and Content
exports are recognised and left aside; a table no kind recognises is reported, never guessed.
The follower "difference" column is ignored: it is really the difference to the *next* day,
and a month keeps the last known follower count anyway.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

# The stats an export carries, as MonthlyStat field names.
OVERVIEW_FIELDS = ("video_views", "profile_views", "likes", "comments", "shares")
FOLLOWER_FIELDS = ("followers",)
FIELDS = ("followers", *OVERVIEW_FIELDS)
SUMMED_FIELDS = OVERVIEW_FIELDS  # summed over the month; followers: the last known value


@dataclass(frozen=True)
class Kind:
    key: str
    signature: frozenset[str]  # enough to say "this is that file"
    columns: Mapping[str, str]  # required header -> field (or "date")
    used: bool  # whether its data is imported


KINDS = (
    Kind(
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
    Kind(
        "followers",
        frozenset({"date", "followers"}),
        {"date": "date", "followers": "followers"},
        used=True,
    ),
    Kind("viewers", frozenset({"total viewers"}), {}, used=False),
    Kind("content", frozenset({"video link"}), {}, used=False),
)


def normalise_header(cell: Any) -> str:
    text = "" if cell is None else str(cell)
    return " ".join(text.replace("\ufeff", "").split()).casefold()


def recognise(header: Sequence[Any]) -> tuple[list[Kind], dict[str, int]]:
    """The kinds a header makes a table, and each normalised header's first column."""
    headers: dict[str, int] = {}
    for index, cell in enumerate(header):
        headers.setdefault(normalise_header(cell), index)
    kinds = [kind for kind in KINDS if kind.signature <= headers.keys()]
    return kinds, headers


def kind_label(key: str) -> str:
    return {
        "overview": _("Overview (daily views, likes, comments, shares)"),
        "followers": _("Follower history (daily followers)"),
        "viewers": _("Viewers"),
        "content": _("Content (per video)"),
    }[key]


def field_label(name: str) -> str:
    return {
        "followers": _("followers"),
        "video_views": _("video views"),
        "profile_views": _("profile views"),
        "likes": _("likes"),
        "comments": _("comments"),
        "shares": _("shares"),
    }[name]
