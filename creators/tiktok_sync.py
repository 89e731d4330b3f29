"""Daily snapshots through TikTok's API, and the monthly stats derived from them.

The snapshot of a day stores the account's counters (/v2/user/info/) and every public video's
counters (/v2/video/list/, every page). A month's figures come from those snapshots:

- followers: the last snapshot of the month;
- views, likes, comments, shares gained: the sum over videos of each video's increase, from its
  last snapshot before the month (0 for a video posted in the month, the first snapshot of the
  month otherwise: in the month of connection, or after a month without any snapshot, and the
  month is then marked partial) to its last snapshot in the month. A video that disappeared
  (deleted, made private) keeps what it gained while it was seen: nothing is subtracted, and a
  counter that went down counts as no gain;
- views on videos over one minute: the same, for videos with ``duration`` > 60 s;
- videos posted and videos over one minute posted: from ``create_time`` and ``duration``.

Each written field is marked "from TikTok" in the month's ``origins``; a value the creator typed
is never overwritten. The month's estimate is then recalculated with the public recalculation
function (``creators.estimates.refresh_estimates``), like every other write.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.months import add_months, month_end
from creators import tiktok_client as client
from creators.estimates import refresh_estimates
from creators.models import (
    MonthlyStat,
    Origin,
    TikTokConnection,
    TikTokDailySnapshot,
    TikTokVideo,
    TikTokVideoSnapshot,
)
from creators.tiktok_client import TikTokError

LONG_VIDEO_SECONDS = 60
PARTIAL_KEY = "_tiktok_partial"  # in MonthlyStat.origins: the month of connection, incomplete
DERIVED_FIELDS = (
    "followers",
    "video_views",
    "long_video_views",
    "videos_posted",
    "long_videos_posted",
    "likes",
    "comments",
    "shares",
)
REFRESH_MARGIN = datetime.timedelta(minutes=10)

# TikTok's documented error codes, in plain words for the creator.
ERROR_MESSAGES = {
    "access_token_invalid": _("TikTok no longer accepts this connection: connect TikTok again."),
    "invalid_grant": _(
        "Your TikTok authorization has expired or was withdrawn: connect TikTok again."
    ),
    "scope_not_authorized": _(
        "TikTok did not give access to your statistics or your videos: connect again and allow "
        "every permission asked."
    ),
    "scope_permission_missed": _(
        "TikTok did not give access to your statistics or your videos: connect again and allow "
        "every permission asked."
    ),
    "rate_limit_exceeded": _("TikTok asked us to slow down: we will try again a little later."),
    "internal_error": _("TikTok had a problem on its side: we will try again later."),
    "server_error": _("TikTok had a problem on its side: we will try again later."),
    "network_error": _("TikTok could not be reached: we will try again later."),
    "invalid_params": _("TikTok refused the request. We will look into it."),
    "access_denied": _("You declined the connection on TikTok: nothing was connected."),
    "token_unreadable": _(
        "The stored TikTok access can no longer be read (the encryption key changed): connect "
        "TikTok again."
    ),
    "state_mismatch": _(
        "The answer from TikTok could not be checked (it may have expired): try again."
    ),
}


def error_message(code: str) -> str:
    if code in ERROR_MESSAGES:
        return str(ERROR_MESSAGES[code])
    return str(_("TikTok answered with an error (%(code)s).") % {"code": code})


# --- Tokens ----------


def mark_reconnect(connection: TikTokConnection, code: str) -> None:
    connection.status = TikTokConnection.Status.RECONNECT
    connection.last_error_code = code
    connection.last_error_at = timezone.now()
    connection.retry_at = None
    connection.save()


def refresh_tokens(connection: TikTokConnection, *, refused: bool = False) -> None:
    """New tokens with the refresh token. TikTok rotates refresh tokens, so two workers must not
    refresh at once: the row is locked, and tokens another worker renewed meanwhile are taken
    as they are. ``refused``: TikTok refused the current access token (refresh even if fresh)."""
    with transaction.atomic():
        locked = TikTokConnection.objects.select_for_update().get(pk=connection.pk)
        renewed = locked.access_token_encrypted != connection.access_token_encrypted
        still_fresh = locked.access_expires_at - REFRESH_MARGIN > timezone.now()
        if renewed or (still_fresh and not refused):
            connection.refresh_from_db()
            return
        if locked.refresh_expires_at <= timezone.now():
            raise TikTokError("invalid_grant", "refresh token expired")
        locked.store_tokens(client.refresh(locked.refresh_token))
        locked.save()
    connection.refresh_from_db()


def ensure_fresh(connection: TikTokConnection) -> None:
    if connection.access_expires_at - REFRESH_MARGIN <= timezone.now():
        refresh_tokens(connection)


# --- The daily snapshot ----------


def fetch(connection: TikTokConnection) -> tuple[client.UserStats, list[client.Video]]:
    """Everything of one snapshot; an access token TikTok refuses is refreshed once."""
    ensure_fresh(connection)
    try:
        return client.user_stats(connection.access_token), client.all_videos(
            connection.access_token
        )
    except TikTokError as error:
        if error.code != "access_token_invalid":
            raise
    refresh_tokens(connection, refused=True)
    return client.user_stats(connection.access_token), client.all_videos(connection.access_token)


@transaction.atomic
def store_snapshot(
    connection: TikTokConnection,
    day: datetime.date,
    user: client.UserStats,
    videos: Sequence[client.Video],
) -> None:
    profile = connection.profile
    TikTokDailySnapshot.objects.update_or_create(
        profile=profile,
        date=day,
        defaults={
            "follower_count": user.follower_count,
            "following_count": user.following_count,
            "likes_count": user.likes_count,
            "video_count": user.video_count,
        },
    )
    known = {video.video_id: video for video in TikTokVideo.objects.filter(profile=profile)}
    new, changed = [], []
    for video in videos:
        created_at = datetime.datetime.fromtimestamp(video.create_time, tz=datetime.UTC)
        stored = known.get(video.id)
        if stored is None:
            stored = TikTokVideo(profile=profile, video_id=video.id, last_seen=day)
            new.append(stored)
        elif (stored.created_at, stored.duration, stored.title) != (
            created_at,
            video.duration,
            video.title,
        ):
            changed.append(stored)  # rare: a title edited
        stored.created_at = created_at
        stored.duration = video.duration
        stored.title = video.title
        known[video.id] = stored
    TikTokVideo.objects.bulk_create(new)
    TikTokVideo.objects.bulk_update(changed, ["created_at", "duration", "title"])
    TikTokVideo.objects.filter(profile=profile, video_id__in=[video.id for video in videos]).update(
        last_seen=day
    )
    TikTokVideoSnapshot.objects.bulk_create(
        [
            TikTokVideoSnapshot(
                video=known[video.id],
                date=day,
                view_count=video.view_count,
                like_count=video.like_count,
                comment_count=video.comment_count,
                share_count=video.share_count,
            )
            for video in videos
        ],
        update_conflicts=True,
        unique_fields=["video", "date"],
        update_fields=["view_count", "like_count", "comment_count", "share_count"],
    )
    connection.last_synced_at = timezone.now()
    connection.last_error_code = ""
    connection.last_error_at = None
    connection.retry_at = None
    connection.save()


def take_snapshot(connection: TikTokConnection, day: datetime.date | None = None) -> None:
    """Fetch and store today's snapshot, then derive this month and the one before."""
    day = day or timezone.localdate()
    user, videos = fetch(connection)
    store_snapshot(connection, day, user, videos)
    this_month = day.replace(day=1)
    previous = add_months(this_month, -1)
    derive_months(connection.profile, [previous, this_month])


# --- Monthly figures from the snapshots ----------


@dataclass(frozen=True)
class Point:
    date: datetime.date
    views: int | None
    likes: int | None
    comments: int | None
    shares: int | None


@dataclass(frozen=True)
class VideoHistory:
    posted: datetime.date
    duration: int | None
    points: tuple[Point, ...]  # by date

    @property
    def is_long(self) -> bool:
        return self.duration is not None and self.duration > LONG_VIDEO_SECONDS


@dataclass(frozen=True)
class MonthFigures:
    month: datetime.date
    values: dict[str, int]
    partial: bool


def gained(history: VideoHistory, counter: str, month: datetime.date) -> int | None:
    """What ``counter`` of one video gained in ``month`` (None: nothing known)."""
    end_day = month_end(month)
    before = first_within = last_within = None
    for point in history.points:  # by date
        if point.date < month:
            before = point
        elif point.date <= end_day:
            first_within = first_within or point
            last_within = point
    if last_within is None or getattr(last_within, counter) is None:
        return None
    last = getattr(last_within, counter)
    if before is not None and getattr(before, counter) is not None:
        start = getattr(before, counter)
    elif history.posted >= month:
        start = 0  # posted this month: every view came this month
    else:
        start = getattr(first_within, counter) or 0  # first seen this month: partial
    return max(0, last - start)


def figures(
    month: datetime.date,
    followers_by_date: dict[datetime.date, int | None],
    videos: Iterable[VideoHistory],
) -> MonthFigures | None:
    """The month's derived stats, or None when no snapshot falls in it. Without a snapshot in
    the month before (the month of connection, or of a reconnection after a gap), the views of
    older videos only count from the first snapshot: the month is partial."""
    end_day = month_end(month)
    days = sorted(day for day in followers_by_date if month <= day <= end_day)
    if not days:
        return None
    values: dict[str, int] = {}
    followers = followers_by_date[days[-1]]
    if followers is not None:
        values["followers"] = followers
    totals: dict[str, int] = defaultdict(int)
    known: set[str] = set()
    posted = long_posted = 0
    for history in videos:
        if month <= history.posted <= end_day:
            posted += 1
            long_posted += history.is_long
        for counter, field in (
            ("views", "video_views"),
            ("likes", "likes"),
            ("comments", "comments"),
            ("shares", "shares"),
        ):
            gain = gained(history, counter, month)
            if gain is None:
                continue
            totals[field] += gain
            known.add(field)
            if counter == "views" and history.duration is not None:
                totals["long_video_views"] += gain if history.is_long else 0
                known.add("long_video_views")
    values.update({field: totals[field] for field in known})
    values["videos_posted"] = posted
    values["long_videos_posted"] = long_posted
    previous = add_months(month, -1)
    baseline = any(previous <= day < month for day in followers_by_date)
    return MonthFigures(month, values, partial=not baseline)


def _histories(profile, since: datetime.date, until: datetime.date) -> list[VideoHistory]:
    points: dict[int, list[Point]] = defaultdict(list)
    rows = (
        TikTokVideoSnapshot.objects.filter(video__profile=profile, date__gte=since, date__lte=until)
        .order_by("date")
        .values_list("video_id", "date", "view_count", "like_count", "comment_count", "share_count")
    )
    for video_id, *counters in rows.iterator(chunk_size=5000):
        points[video_id].append(Point(*counters))
    return [
        VideoHistory(
            posted=timezone.localtime(created_at).date(),
            duration=duration,
            points=tuple(points[pk]),
        )
        for pk, created_at, duration in TikTokVideo.objects.filter(profile=profile).values_list(
            "pk", "created_at", "duration"
        )
    ]


def write_month(stat: MonthlyStat, month_figures: MonthFigures) -> bool:
    """Set the derived values on ``stat`` unless the creator typed them; True when changed."""
    origins = dict(stat.origins or {})
    changed = stat.pk is None
    for field, value in month_figures.values.items():
        origin = origins.get(field)
        typed = origin == Origin.TYPED or (
            origin is None and stat.pk is not None and getattr(stat, field) is not None
        )
        if typed:
            continue  # a value the creator typed wins
        if getattr(stat, field) != value or origin != Origin.TIKTOK:
            setattr(stat, field, value)
            origins[field] = Origin.TIKTOK.value
            changed = True
    if month_figures.partial != bool(origins.get(PARTIAL_KEY)):
        changed = True
    if month_figures.partial:
        origins[PARTIAL_KEY] = True
    else:
        origins.pop(PARTIAL_KEY, None)
    stat.origins = origins
    return changed


def derive_months(profile, months: Iterable[datetime.date]) -> list[MonthlyStat]:
    """Write the months' figures from the snapshots, then recalculate their estimates."""
    from estimator.snapshot import load_active_rates

    months = sorted(set(months))
    if not months:
        return []
    since = add_months(months[0], -1)
    until = month_end(months[-1])
    followers = dict(
        TikTokDailySnapshot.objects.filter(
            profile=profile, date__gte=since, date__lte=until
        ).values_list("date", "follower_count")
    )
    histories = _histories(profile, since, until)
    written = []
    with transaction.atomic():
        stored = {
            stat.month: stat
            for stat in MonthlyStat.objects.for_profile(profile)
            .filter(month__in=months)
            .select_for_update()
        }
        for month in months:
            month_figures = figures(month, followers, histories)
            if month_figures is None:
                continue
            stat = stored.get(month) or MonthlyStat(profile=profile, month=month, origins={})
            if not write_month(stat, month_figures):
                continue
            if stat.pk:
                stat.revision += 1  # a month form opened before this write is now stale
            stat.save()
            written.append(stat)
        if written:
            refresh_estimates(profile, written, load_active_rates())
    return written


@dataclass(frozen=True)
class VideoRow:
    video: TikTokVideo
    views_this_month: int | None

    @property
    def counts_for_creator_rewards(self) -> bool | None:
        return self.video.counts_for_creator_rewards


def video_rows(profile, today: datetime.date, limit: int = 20) -> list[VideoRow]:
    """The most recent videos with their views gained this month (two queries)."""
    month = today.replace(day=1)
    since = add_months(month, -1)
    videos = list(TikTokVideo.objects.filter(profile=profile).order_by("-created_at")[:limit])
    points: dict[int, list[Point]] = defaultdict(list)
    for snapshot in TikTokVideoSnapshot.objects.filter(video__in=videos, date__gte=since).order_by(
        "date"
    ):
        points[snapshot.video_id].append(
            Point(snapshot.date, snapshot.view_count, None, None, None)
        )
    rows = []
    for video in videos:
        history = VideoHistory(
            posted=timezone.localtime(video.created_at).date(),
            duration=video.duration,
            points=tuple(points[video.pk]),
        )
        rows.append(VideoRow(video, gained(history, "views", month)))
    return rows
