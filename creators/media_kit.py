"""What the public media kit shows, computed once for the page and its PDF (same content).

Figures come from the creator's stored months (the one estimate path: the same breakdown as
the profile page), the latest imported audience and videos, and the active rate card's price
list, with the creator's own prices in place of the suggested ones.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from creators import audience, learning, overview
from creators.estimates import currency_of, estimate_month
from creators.models import CreatorProfile, MediaKit, MediaKitPhoto, MonthlyStat, PriceDisplay
from estimator.choices import niche_label
from estimator.price_list import grouped, own_rows, price_rows
from estimator.snapshot import load_active_rates

BEST_VIDEOS = 5
# Bar lengths of the SVG charts, in percent of the chart's width (the largest share is 100).
BAR_SCALE = Decimal(100)


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal  # a fraction 0..1 (shares) or a count (active followers)
    width: Decimal  # percent of the chart's width, for the SVG
    shown: str  # the value as the table shows it
    offset: int = 0  # a column's x in the activity chart (hour × 10)

    @property
    def top(self) -> Decimal:
        return BAR_SCALE - self.width


@dataclass(frozen=True)
class VideoStats:
    count: int
    average_views: Decimal | None
    median_views: Decimal | None
    engagement_rate: Decimal | None  # over all listed videos, percent
    best: list[audience.Video]


def _share_bars(shares: list[tuple[str, Decimal]] | None, labels: dict[str, str]) -> list[Bar]:
    if not shares:
        return []
    largest = max(value for _label, value in shares) or Decimal(1)
    return [
        Bar(
            labels.get(label, label),
            value,
            (value * BAR_SCALE / largest).quantize(Decimal("0.1")),
            f"{(value * 100).quantize(Decimal('1'))} %",
        )
        for label, value in shares
    ]


def _activity_bars(hours: list[int | None] | None) -> list[Bar]:
    if not hours or not any(hours):
        return []
    largest = max(value or 0 for value in hours) or 1
    return [
        Bar(
            f"{hour:02d}h",
            Decimal(value),
            (Decimal(value) * BAR_SCALE / largest).quantize(Decimal("0.1")),
            str(value),
            offset=hour * 10,
        )
        for hour, value in enumerate(hours)
        if value is not None
    ]


def video_stats(videos: list[audience.Video] | None) -> VideoStats | None:
    if not videos:
        return None
    views = [video.views for video in videos if video.views is not None]
    engaged = [video for video in videos if video.engagement_rate is not None]
    interactions = sum(video.likes + video.comments + video.shares for video in engaged)
    engaged_views = sum(video.views for video in engaged)
    return VideoStats(
        count=len(videos),
        average_views=(Decimal(sum(views)) / len(views)).quantize(Decimal(1)) if views else None,
        median_views=Decimal(statistics.median(views)).quantize(Decimal(1)) if views else None,
        engagement_rate=(
            (Decimal(interactions) * 100 / engaged_views).quantize(Decimal("0.01"))
            if engaged_views
            else None
        ),
        best=sorted(
            (video for video in videos if video.views is not None),
            key=lambda video: video.views,
            reverse=True,
        )[:BEST_VIDEOS],
    )


def kit_of(profile: CreatorProfile) -> MediaKit:
    try:
        return profile.kit
    except MediaKit.DoesNotExist:
        return MediaKit(profile=profile)


def photo_of(profile: CreatorProfile) -> MediaKitPhoto | None:
    return MediaKitPhoto.objects.filter(profile=profile).defer("data").first()


def kit_context(profile: CreatorProfile, labels: dict[str, str]) -> dict[str, Any]:
    """Everything the kit template shows; call it inside the kit's language."""
    kit = kit_of(profile)
    stats = list(MonthlyStat.objects.for_profile(profile).chronological())
    found = audience.latest(profile)
    activity = _activity_bars(found.activity)
    rates = load_active_rates()
    niche = rates.niches.get(profile.niche)
    context: dict[str, Any] = {
        "profile": profile,
        "niche": niche_label(niche) if niche is not None else profile.niche,
        "kit": kit,
        "photo": photo_of(profile),
        "latest": stats[-1] if stats else None,
        "audience": found,
        "gender_bars": _share_bars(found.gender, labels),
        "territory_bars": _share_bars(found.territories, {"others": labels["others"]}),
        "activity_bars": activity,
        "peak_hour": max(activity, key=lambda bar: bar.value) if activity else None,
        "videos": video_stats(found.videos),
        "price_groups": [],
    }
    own = {key: Decimal(value) for key, value in (kit.own_prices or {}).items()}
    hidden = kit.price_display == PriceDisplay.HIDDEN
    if not stats:
        if not hidden:
            context["price_groups"] = grouped(own_rows(own, currency_of(profile, rates)))
        return context
    latest = stats[-1]
    breakdown = estimate_month(profile, latest, rates)
    context.update(
        {
            "row": overview.month_rows(stats, rates)[0],
            "followers_growth_3m": overview.growth(
                latest.followers, stats[-4].followers if len(stats) >= 4 else None
            ),
        }
    )
    learnt = learning.media_kit_post_price(profile, stats, rates)
    if learnt is not None:
        context["own_post_price_months"] = learnt[1]
    if not hidden:
        context["price_groups"] = grouped(
            price_rows(
                breakdown,
                rates,
                currency_of(profile, rates),
                own,
                post_price=learnt[0] if learnt else None,
            )
        )
    return context
