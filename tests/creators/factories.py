"""Small helpers to make users, profiles and months in tests."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from config.months import add_months
from creators.models import AccountSettings, CreatorProfile, MonthlyStat

_counter = itertools.count(1)
PASSWORD = "a-long-test-password-123"


def make_user(email: str | None = None):
    email = email or f"user{next(_counter)}@example.com"
    return get_user_model().objects.create_user(username=email, email=email, password=PASSWORD)


def make_profile(owner=None, **fields) -> CreatorProfile:
    fields.setdefault("handle", f"creator{next(_counter)}")
    fields.setdefault("country", "FR")
    return CreatorProfile.objects.create(owner=owner or make_user(), **fields)


def make_month(profile: CreatorProfile, year: int, month: int, **fields) -> MonthlyStat:
    return MonthlyStat.objects.create(
        profile=profile, month=datetime.date(year, month, 1), **fields
    )


def make_history(profile: CreatorProfile, count: int, end=datetime.date(2026, 10, 1), **fields):
    """``count`` consecutive months ending at ``end``, followers growing by 500 a month."""
    start = add_months(end, -(count - 1))
    stats = [
        MonthlyStat(
            profile=profile,
            month=add_months(start, index),
            followers=5_000 + 500 * index,
            video_views=80_000 + 1_000 * index,
            videos_posted=8,
            likes=4_000,
            comments=300,
            shares=200,
            **fields,
        )
        for index in range(count)
    ]
    return MonthlyStat.objects.bulk_create(stats)


def make_earning_creator(
    rpm: Decimal,
    *,
    country: str = "FR",
    niche: str = "general",
    consent: bool = True,
    months: int = 4,
    end: datetime.date = datetime.date(2026, 11, 1),
    qualified_views: int = 100_000,
    rates=None,
) -> CreatorProfile:
    """A creator who typed ``months`` months of Creator Rewards earned at ``rpm`` (in its
    country's currency per 1 000 qualified views), the stored estimates made with ``rates``
    (the active card when None), and who shares its figures when ``consent``."""
    from creators.estimates import apply_estimate
    from estimator.snapshot import load_active_rates

    rates = rates or load_active_rates()
    user = make_user()
    AccountSettings.objects.create(user=user, share_observed_rates=consent)
    profile = make_profile(owner=user, country=country, niche=niche)
    stats = []
    for index in range(months):
        stat = MonthlyStat(
            profile=profile,
            month=add_months(end, -index),
            followers=20_000,
            video_views=qualified_views * 2,
            qualified_views=qualified_views,
            actual_creator_rewards=(rpm * qualified_views / 1000).quantize(Decimal("0.01")),
        )
        apply_estimate(profile, stat, rates)
        stats.append(stat)
    MonthlyStat.objects.bulk_create(stats)
    return profile


# 60 consenting creators, their own RPM spread around each cell's centre: FR × general (25),
# FR × finance (14), CA × general (12, paid in CAD) and FR × beauty (9: a hidden cell).
DEMO_CELLS = (
    ("FR", "general", 25, "0.60"),
    ("FR", "finance", 14, "0.90"),
    ("CA", "general", 12, "0.81"),
    ("FR", "beauty", 9, "0.50"),
)


def make_consenting_creators(rates=None) -> list[CreatorProfile]:
    profiles = []
    for country, niche, count, centre in DEMO_CELLS:
        for index in range(count):
            # centre × 0.80, 0.82, … : a spread of ± 20 % around the centre.
            rpm = Decimal(centre) * (Decimal("0.8") + Decimal("0.4") * index / max(count - 1, 1))
            profiles.append(make_earning_creator(rpm, country=country, niche=niche, rates=rates))
    return profiles


def partial_october_export() -> list[SimpleUploadedFile]:
    """A TikTok Studio export: September complete, October over its first 18 days only
    (9 470 followers on the 18th)."""
    days = [f"2026-09-{day:02d}" for day in range(1, 31)]
    days += [f"2026-10-{day:02d}" for day in range(1, 19)]
    overview = ["Date,Video Views,Profile Views,Likes,Comments,Shares"]
    overview += [f"{day},1000,10,50,5,5" for day in days]
    followers = ["Date,Followers,Difference in followers from previous day"]
    followers += [f"{day},{9000 + index * 10},10" for index, day in enumerate(days)]
    return [
        SimpleUploadedFile("Overview.csv", ("\n".join(overview) + "\n").encode()),
        SimpleUploadedFile("FollowerHistory.csv", ("\n".join(followers) + "\n").encode()),
    ]
