"""Small helpers to make users, profiles and months in tests."""

from __future__ import annotations

import datetime
import itertools

from django.contrib.auth import get_user_model

from creators.models import CreatorProfile, MonthlyStat
from creators.months import add_months

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
