"""Monthly stats derived from daily TikTok snapshots (issue 19, acceptance 3).

40 videos over two months (September and October 2026), connected on 10 September:

- A: 10 videos posted in August (5 of 90 s, 5 of 30 s): 10 000 views each when first seen
  (10 Sept), 15 000 on 30 Sept, 18 000 on 31 Oct. One 90 s video is deleted in October.
- B: 10 videos posted on 5 Sept, before connecting (4 of 75 s, 6 of 45 s): 20 000 / 30 000 /
  35 000.
- C: 10 videos posted on 20 Sept (5 of 120 s, 5 of 20 s): 5 000 (20 Sept) / 8 000 / 10 000.
- D: 10 videos posted on 10 Oct (5 of 61 s, 5 of exactly 60 s): 4 000 (15 Oct) / 7 000.

September (partial: A only counts from 10 Sept): A 10 × 5 000 + B 10 × 30 000 + C 10 × 8 000
= 430 000 views; over one minute: A 5 × 5 000 + B 4 × 30 000 + C 5 × 8 000 = 185 000.
October: A 9 × 3 000 (the deleted one adds nothing and subtracts nothing) + B 10 × 5 000 +
C 10 × 2 000 + D 10 × 7 000 = 167 000; over one minute: A 4 × 3 000 + B 4 × 5 000 +
C 5 × 2 000 + D 5 × 7 000 (60 s is not over one minute) = 77 000.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from creators import tiktok_client as client
from creators.estimates import estimate_month
from creators.models import MonthlyStat, TikTokConnection
from creators.tiktok_sync import derive_months, store_snapshot
from estimator.snapshot import load_active_rates
from tests.creators.factories import make_month, make_profile

pytestmark = pytest.mark.django_db

SEPT, OCT = datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)


def at(day: str) -> int:
    moment = datetime.datetime.fromisoformat(f"{day}T12:00:00+02:00")
    return int(moment.timestamp())


def catalogue():
    """(id, posted, duration, {day: views}) of the 40 videos."""
    videos = []
    for index in range(10):
        videos.append(
            (f"a{index}", at("2026-08-10"), 90 if index < 5 else 30,
             {"2026-09-10": 10_000, "2026-09-30": 15_000, "2026-10-31": 18_000})
        )  # fmt: skip
    for index in range(10):
        videos.append(
            (f"b{index}", at("2026-09-05"), 75 if index < 4 else 45,
             {"2026-09-10": 20_000, "2026-09-30": 30_000, "2026-10-31": 35_000})
        )  # fmt: skip
    for index in range(10):
        videos.append(
            (f"c{index}", at("2026-09-20"), 120 if index < 5 else 20,
             {"2026-09-20": 5_000, "2026-09-30": 8_000, "2026-10-31": 10_000})
        )  # fmt: skip
    for index in range(10):
        videos.append(
            (f"d{index}", at("2026-10-10"), 61 if index < 5 else 60,
             {"2026-10-15": 4_000, "2026-10-31": 7_000})
        )  # fmt: skip
    return videos


FOLLOWERS = {"2026-09-10": 10_500, "2026-09-20": 10_800, "2026-09-30": 11_000,
             "2026-10-15": 11_900, "2026-10-31": 12_500}  # fmt: skip
DELETED = "a0"  # a 90 s video of group A, gone from the list after 30 September


def connect(profile) -> TikTokConnection:
    connection = TikTokConnection(profile=profile, open_id="x")
    now = timezone.now()
    connection.store_tokens(
        client.Tokens("act.1", "rft.1", now + datetime.timedelta(days=1),
                      now + datetime.timedelta(days=365), "x", "video.list")
    )  # fmt: skip
    connection.save()
    return connection


def take_all_snapshots(connection) -> None:
    for day in sorted(FOLLOWERS):
        videos = []
        for video_id, posted, duration, views in catalogue():
            if day not in views or (video_id == DELETED and day > "2026-09-30"):
                continue
            count = views[day]
            videos.append(
                client.Video(video_id, posted, duration, "", count, count // 10, count // 100,
                             count // 1000)
            )  # fmt: skip
        user = client.UserStats("x", "", FOLLOWERS[day], 80, 0, len(videos))
        store_snapshot(connection, datetime.date.fromisoformat(day), user, videos)


@pytest.fixture
def profile():
    return make_profile(country="FR", niche="general")


def test_two_months_of_snapshots_give_exact_monthly_stats(profile):
    take_all_snapshots(connect(profile))

    derive_months(profile, [SEPT, OCT])

    september = MonthlyStat.objects.get(profile=profile, month=SEPT)
    october = MonthlyStat.objects.get(profile=profile, month=OCT)
    assert (september.video_views, september.long_video_views) == (430_000, 185_000)
    assert (october.video_views, october.long_video_views) == (167_000, 77_000)
    assert (september.videos_posted, september.long_videos_posted) == (20, 9)
    assert (october.videos_posted, october.long_videos_posted) == (10, 5)
    assert (september.followers, october.followers) == (11_000, 12_500)
    # Likes, comments, shares gained follow the same per-video rule (a tenth, a hundredth, a
    # thousandth of the views here).
    assert (october.likes, october.comments, october.shares) == (16_700, 1_670, 167)
    assert september.tiktok_partial is True
    assert october.tiktok_partial is False


def test_every_derived_field_remembers_it_came_from_tiktok(profile):
    take_all_snapshots(connect(profile))
    derive_months(profile, [OCT])
    october = MonthlyStat.objects.get(profile=profile, month=OCT)
    for field in ("followers", "video_views", "long_video_views", "videos_posted",
                  "long_videos_posted", "likes", "comments", "shares"):  # fmt: skip
        assert october.origins[field] == "tiktok", field


def test_a_value_the_creator_typed_wins(profile):
    make_month(profile, 2026, 10, video_views=99_999, diamonds=500,
               origins={"video_views": "typed", "diamonds": "typed"})  # fmt: skip
    take_all_snapshots(connect(profile))

    derive_months(profile, [OCT])

    october = MonthlyStat.objects.get(profile=profile, month=OCT)
    assert october.video_views == 99_999
    assert october.origins["video_views"] == "typed"
    assert october.diamonds == 500
    assert october.long_video_views == 77_000


def test_the_month_is_estimated_with_its_long_video_views(profile):
    take_all_snapshots(connect(profile))

    derive_months(profile, [OCT])

    october = MonthlyStat.objects.get(profile=profile, month=OCT)
    rates = load_active_rates()
    expected = estimate_month(profile, october, rates)
    rewards = (
        expected.source("creator_rewards")
        if hasattr(expected, "source")
        else next(source for source in expected.sources if source.key == "creator_rewards")
    )
    assert rewards.amounts.expected > 0
    assert october.estimate["sources"]["creator_rewards"]["expected"] == str(
        rewards.amounts.expected
    )
    assert october.rate_card_id == rates.card_id


def test_deriving_again_changes_nothing(profile):
    take_all_snapshots(connect(profile))
    derive_months(profile, [SEPT, OCT])
    revisions = list(MonthlyStat.objects.order_by("month").values_list("revision", flat=True))

    assert derive_months(profile, [SEPT, OCT]) == []
    assert list(MonthlyStat.objects.order_by("month").values_list("revision", flat=True)) == (
        revisions
    )


def test_a_month_after_a_month_without_snapshots_is_partial_too(profile):
    connection = connect(profile)
    user = client.UserStats("x", "", 10_000, 80, 0, 1)
    old = client.Video("v1", at("2026-08-10"), 90, "", 1_000, 0, 0, 0)
    store_snapshot(connection, datetime.date(2026, 9, 30), user, [old])
    later = client.Video("v1", at("2026-08-10"), 90, "", 5_000, 0, 0, 0)
    store_snapshot(connection, datetime.date(2026, 11, 10), user, [later])  # October missed
    latest = client.Video("v1", at("2026-08-10"), 90, "", 6_000, 0, 0, 0)
    store_snapshot(connection, datetime.date(2026, 11, 30), user, [latest])

    derive_months(profile, [datetime.date(2026, 11, 1)])

    november = MonthlyStat.objects.get(profile=profile, month=datetime.date(2026, 11, 1))
    assert november.tiktok_partial is True
    assert november.video_views == 1_000  # only what was seen within November
