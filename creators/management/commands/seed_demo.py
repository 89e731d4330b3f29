"""``manage.py seed_demo``: a demo account with two creator profiles and 18 months each.

Development only (refused when DEBUG is off): the password is published in the README.
Running it again resets the account to the same state: same profiles, same numbers (the
random generator is seeded per profile), the months ending with the month before today.
"""

from __future__ import annotations

import argparse
import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from config.months import add_months
from creators.estimates import refresh_estimates
from creators.models import AccountSettings, CreatorProfile, MonthlyStat, Origin
from estimator.snapshot import NoActiveRateCard, load_active_rates

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo-planner-2026"  # noqa: S105 -- published on purpose; DEBUG only
MONTHS = 18


def previous_month(today: datetime.date) -> datetime.date:
    return add_months(today.replace(day=1), -1)


def _month_argument(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a month like 2026-10, not {value!r}") from None


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


@dataclass(frozen=True)
class DemoProfile:
    handle: str
    display_name: str
    country: str
    niche: str
    account_type: str
    birth_year: int | None
    birth_date: datetime.date | None
    first_followers: int
    last_followers: int
    months: Callable[[random.Random, list[int]], list[dict]]


def _engagement(rng: random.Random, views: int, low: float, high: float) -> dict[str, int]:
    """Likes, comments and shares giving an engagement rate between ``low`` and ``high``."""
    interactions = views * rng.uniform(low, high)
    return {
        "likes": round(interactions * 0.86),
        "comments": round(interactions * 0.05),
        "shares": round(interactions * 0.09),
    }


def _lea_months(rng: random.Random, followers: list[int]) -> list[dict]:
    """A finance creator growing fast: long educational videos, Creator Rewards from ~10 000."""
    months = []
    for index, count in enumerate(followers):
        videos = rng.randint(12, 20)
        long_videos = round(videos * rng.uniform(0.45, 0.65))
        views = round(videos * count * rng.uniform(0.55, 0.95))
        long_views = min(views, round(views * long_videos / videos * rng.uniform(0.95, 1.2)))
        qualified = round(long_views * rng.uniform(0.6, 0.85))
        sessions = rng.randint(0, 2)
        sponsored = 1 if index >= 10 and index % 2 == 0 else 0
        month = {
            "followers": count,
            "video_views": views,
            "long_video_views": long_views,
            "qualified_views": qualified,
            "videos_posted": videos,
            "long_videos_posted": long_videos,
            "profile_views": round(views * rng.uniform(0.02, 0.04)),
            **_engagement(rng, views, 0.055, 0.085),
            "live_sessions": sessions,
            "diamonds": sessions * rng.randint(300, 1_200),
            "subscribers": 0 if index < 6 else rng.randint(2, 4 + index),
            "sponsored_posts": sponsored,
        }
        # She types what she was paid in the last eight months only.
        if index >= MONTHS - 8:
            if count >= 10_000 and views >= 100_000:
                month["actual_creator_rewards"] = _money(qualified / 1000 * rng.uniform(0.8, 1.1))
            if sponsored:
                month["actual_brand_partnerships"] = _money(rng.choice([250, 300, 350, 400]))
            if month["diamonds"]:
                month["actual_live_gifts"] = _money(month["diamonds"] * 0.005 * 0.86)
        months.append(month)
    return months


def _maxime_months(rng: random.Random, followers: list[int]) -> list[dict]:
    """A food business account growing slowly, living off LIVE gifts and a couple of deals."""
    months = []
    sponsored_months = {MONTHS - 9, MONTHS - 3}
    for index, count in enumerate(followers):
        videos = rng.randint(8, 14)
        long_videos = round(videos * rng.uniform(0.2, 0.4))
        views = round(videos * count * rng.uniform(0.3, 0.55))
        long_views = round(views * long_videos / videos * rng.uniform(0.9, 1.1))
        sessions = rng.randint(6, 10)
        diamonds = sessions * rng.randint(2_000, 6_000)
        sponsored = 1 if index in sponsored_months else 0
        month = {
            "followers": count,
            "video_views": views,
            "long_video_views": min(views, long_views),
            "qualified_views": round(min(views, long_views) * rng.uniform(0.5, 0.7)),
            "videos_posted": videos,
            "long_videos_posted": long_videos,
            "profile_views": round(views * rng.uniform(0.015, 0.03)),
            **_engagement(rng, views, 0.032, 0.058),
            "live_sessions": sessions,
            "diamonds": diamonds,
            "subscribers": 25 + 2 * index + rng.randint(0, 4),
            "sponsored_posts": sponsored,
        }
        if index >= MONTHS - 10:
            month["actual_live_gifts"] = _money(diamonds * 0.005 * 1.40)
        if sponsored:
            month["actual_brand_partnerships"] = _money(rng.choice([350, 450, 500]))
        months.append(month)
    return months


PROFILES = (
    DemoProfile(
        handle="lea.finance",
        display_name="Léa · finances perso",
        country="FR",
        niche="finance",
        account_type="personal",
        birth_year=1997,
        birth_date=None,
        first_followers=6_000,
        last_followers=14_000,
        months=_lea_months,
    ),
    DemoProfile(
        handle="maxime.cuisine",
        display_name="Maxime en cuisine",
        country="CA",
        niche="food",
        account_type="business",
        birth_year=None,
        birth_date=datetime.date(1991, 4, 12),
        first_followers=18_000,
        last_followers=23_000,
        months=_maxime_months,
    ),
)


# ``--observed``: consenting creators for the admin's observed rates, per cell
# (country, niche, creators, centre of their RPM in the country's currency). FR × beauty has 9:
# the page hides it.
OBSERVED_CELLS = (
    ("FR", "general", 25, 0.60),
    ("FR", "finance", 14, 0.95),
    ("CA", "general", 12, 0.80),
    ("FR", "beauty", 9, 0.55),
)
OBSERVED_MONTHS = 6
OBSERVED_PREFIX = "observed-"


def observed_stats(
    profile: CreatorProfile, rng: random.Random, rpm: float, last_month: datetime.date
) -> list[MonthlyStat]:
    """Six months of Creator Rewards and LIVE gifts typed in, at about ``rpm``."""
    stats = []
    for index in range(OBSERVED_MONTHS):
        qualified = rng.randint(80_000, 400_000)
        diamonds = rng.randint(2_000, 20_000)
        values = {
            "followers": rng.randint(12_000, 80_000),
            "video_views": qualified * 2,
            "long_video_views": round(qualified * 1.3),
            "qualified_views": qualified,
            "diamonds": diamonds,
            "actual_creator_rewards": _money(qualified / 1000 * rpm * rng.uniform(0.9, 1.1)),
            "actual_live_gifts": _money(diamonds * 0.005 * rng.uniform(0.8, 0.9)),
        }
        stats.append(
            MonthlyStat(
                profile=profile,
                month=add_months(last_month, index - OBSERVED_MONTHS + 1),
                origins=dict.fromkeys(values, Origin.TYPED.value),
                **values,
            )
        )
    return stats


def seed_observed(last_month: datetime.date, rates) -> int:
    """(Re)create the consenting creators: accounts that cannot log in, one profile each."""
    user_model = get_user_model()
    user_model.objects.filter(username__startswith=OBSERVED_PREFIX).delete()
    number = 0
    for country, niche, count, centre in OBSERVED_CELLS:
        for index in range(count):
            number += 1
            email = f"{OBSERVED_PREFIX}{number:02d}@example.com"
            user = user_model.objects.create_user(username=email, email=email, password=None)
            AccountSettings.objects.create(user=user, share_observed_rates=True)
            profile = CreatorProfile.objects.create(
                owner=user, handle=f"observed_{number:02d}", country=country, niche=niche
            )
            rng = random.Random(f"seed_demo:observed:{number}")  # noqa: S311 -- demo data
            rpm = centre * (0.8 + 0.4 * index / max(count - 1, 1))
            stats = MonthlyStat.objects.bulk_create(observed_stats(profile, rng, rpm, last_month))
            refresh_estimates(profile, stats, rates)
    return number


def follower_curve(rng: random.Random, first: int, last: int, count: int) -> list[int]:
    """Steady compound growth from ``first`` to ``last``, a little noisy, never going down."""
    growth = (last / first) ** (1 / (count - 1))
    curve = []
    for index in range(count):
        noise = 1 if index in (0, count - 1) else rng.uniform(0.985, 1.015)
        value = round(first * growth**index * noise)
        curve.append(max(value, curve[-1] + 20) if curve else value)
    return curve


def demo_stats(
    spec: DemoProfile, profile: CreatorProfile, last_month: datetime.date
) -> list[MonthlyStat]:
    """The profile's months, unsaved: the same numbers every time for the same spec."""
    rng = random.Random(f"seed_demo:{spec.handle}")  # noqa: S311 -- demo data, not security
    followers = follower_curve(rng, spec.first_followers, spec.last_followers, MONTHS)
    first_month = add_months(last_month, -(MONTHS - 1))
    stats = []
    for index, values in enumerate(spec.months(rng, followers)):
        stats.append(
            MonthlyStat(
                profile=profile,
                month=add_months(first_month, index),
                origins=dict.fromkeys(values, Origin.TYPED.value),
                **values,
            )
        )
    return stats


class Command(BaseCommand):
    help = (
        f"Create or reset the demo account ({DEMO_EMAIL}, password {DEMO_PASSWORD}) with two "
        f"creator profiles and {MONTHS} months of stats each. Refused when DEBUG is off."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--last-month",
            type=_month_argument,
            default=None,
            help="Last month of the demo data, YYYY-MM (default: the month before today).",
        )
        parser.add_argument(
            "--observed",
            action="store_true",
            help="Also (re)create 60 consenting creators (observed-NN@example.com, no "
            "password) for the admin's observed rates.",
        )

    def handle(
        self, *args, last_month: datetime.date | None = None, observed: bool = False, **options
    ) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DEBUG on (DJANGO_DEBUG=true): it creates an account "
                "whose password is public."
            )
        try:
            rates = load_active_rates()
        except NoActiveRateCard as error:
            raise CommandError(f"{error} Run `manage.py migrate` first.") from None
        last_month = last_month or previous_month(timezone.localdate())

        with transaction.atomic():
            user = self._reset_user()
            for spec in PROFILES:
                profile = CreatorProfile.objects.create(
                    owner=user,
                    handle=spec.handle,
                    display_name=spec.display_name,
                    country=spec.country,
                    niche=spec.niche,
                    account_type=spec.account_type,
                    birth_year=spec.birth_year,
                    birth_date=spec.birth_date,
                )
                stats = MonthlyStat.objects.bulk_create(demo_stats(spec, profile, last_month))
                refresh_estimates(profile, stats, rates)
            if observed:
                count = seed_observed(last_month, rates)
                self.stdout.write(f"{count} consenting creators for the observed rates.")

        first_month = add_months(last_month, -(MONTHS - 1))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo account ready: {DEMO_EMAIL} / {DEMO_PASSWORD} — "
                f"{len(PROFILES)} profiles, {first_month:%Y-%m} to {last_month:%Y-%m}, "
                f"estimated with rate card “{rates.card_name}”."
            )
        )

    def _reset_user(self):
        """The demo user with the documented password and no profile (they are recreated)."""
        user_model = get_user_model()
        user = user_model.objects.filter(username=DEMO_EMAIL).first()
        if user is None:
            user = user_model(username=DEMO_EMAIL)
        user.email = DEMO_EMAIL
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        CreatorProfile.objects.filter(owner=user).delete()
        return user
