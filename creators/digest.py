"""The monthly digest (opt-in): one email per person with last month's figures per profile.

``manage.py send_monthly_digests`` (run on the 2nd of each month by cron or a systemd timer)
enqueues one ``send_digest`` task per subscribed account. The task writes the person's
``MonthlyDigest`` row for that month and sends the mail in one transaction: the unique row makes
a second send for the same month and person impossible, and a failed send writes nothing, so
running the command again retries it.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from config.months import add_months, months_between
from creators.estimates import currency_of, estimate_month
from creators.models import (
    COUNT_FIELDS,
    CreatorProfile,
    DigestSubscription,
    MonthlyDigest,
    MonthlyStat,
)
from creators.overview import growth, profile_next_threshold
from creators.progress import Threshold
from estimator.presentation import format_count, format_decimal, format_money
from estimator.snapshot import load_active_rates

logger = logging.getLogger(__name__)

# What the estimate reads: when the creator left one of these empty, the digest asks for it.
ESTIMATE_FIELDS = (
    "followers",
    "video_views",
    "long_video_views",
    "qualified_views",
    "videos_posted",
    "diamonds",
    "subscribers",
    "sponsored_posts",
)
FIELD_LABELS = dict(COUNT_FIELDS)


def last_month(today: datetime.date) -> datetime.date:
    return add_months(today.replace(day=1), -1)


@dataclass(frozen=True)
class Figure:
    label: str
    value: str  # "—" when not typed: unknown is never zero
    growth: str  # "+3,2 %" against the month before, or empty


@dataclass(frozen=True)
class ProfileDigest:
    profile: CreatorProfile
    figures: list[Figure]
    estimate: str | None  # None: no figures for the month; "unknown" when nothing is priced
    next_threshold: Threshold | None
    missing: list[str]


def _growth(value) -> str:
    if value is None:
        return ""
    sign = "+" if value > 0 else ""
    return f"{sign}{format_decimal(value)} %"


def profile_digest(profile: CreatorProfile, month: datetime.date, rates) -> ProfileDigest:
    stats = list(MonthlyStat.objects.for_profile(profile).filter(month__lte=month))
    stat = stats[-1] if stats and stats[-1].month == month else None
    previous = stats[-2] if stat is not None and len(stats) > 1 else None
    # Growth only between two consecutive, complete months, as on the profile's month table.
    if previous is not None and (
        months_between(previous.month, stat.month) != 1 or previous.is_partial or stat.is_partial
    ):
        previous = None
    figures = []
    if stat is not None:
        for name in ("followers", "video_views", "videos_posted"):
            value = getattr(stat, name)
            before = getattr(previous, name) if previous is not None else None
            figures.append(
                Figure(
                    str(FIELD_LABELS[name]),
                    "—" if value is None else format_count(value),
                    _growth(growth(value, before)),
                )
            )
    # The one estimate path, with the active card: what the profile page shows.
    estimate = None
    if stat is not None:
        breakdown = estimate_month(profile, stat, rates)
        if breakdown.total_known:
            estimate = format_money(breakdown.total.expected, currency_of(profile, rates))
        else:  # unknown is never 0 €
            estimate = _("unknown until the figures below are typed")
    return ProfileDigest(
        profile=profile,
        figures=figures,
        estimate=estimate,
        next_threshold=profile_next_threshold(profile, stats, rates, month) if stats else None,
        missing=[
            str(FIELD_LABELS[name])
            for name in ESTIMATE_FIELDS
            if stat is not None and getattr(stat, name) is None
        ],
    )


def render_digest(user, month: datetime.date, language: str) -> tuple[str, str]:
    """The subject and the plain-text body of ``user``'s digest for ``month``."""
    rates = load_active_rates()
    with translation.override(language):
        profiles = [
            profile_digest(profile, month, rates)
            for profile in CreatorProfile.objects.owned_by(user).order_by("handle")
        ]
        month_name = date_format(month, "YEAR_MONTH_FORMAT")
        subject = _("Your TikTok month: %(month)s") % {"month": month_name}
        body = render_to_string(
            "creators/email/monthly_digest.txt",
            {"user": user, "month": month, "month_name": month_name, "profiles": profiles},
        )
    return subject, body


@task
def send_digest(user_id: int, month_iso: str) -> bool:
    """Send ``user_id``'s digest for the month; False when it was already sent."""
    month = datetime.date.fromisoformat(month_iso)
    subscription = DigestSubscription.objects.select_related("user").filter(user_id=user_id).first()
    if subscription is None:
        return False  # unsubscribed since it was enqueued
    user = subscription.user
    try:
        with transaction.atomic():
            MonthlyDigest.objects.create(user=user, month=month)
            subject, body = render_digest(user, month, subscription.language)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except IntegrityError:
        logger.info("Digest of %s for user #%s was already sent", month_iso, user_id)
        return False
    return True


def enqueue_digests(month: datetime.date) -> int:
    """One task per subscribed account that has not had this month's digest."""
    already = MonthlyDigest.objects.filter(month=month).values("user_id")
    user_ids = list(
        DigestSubscription.objects.exclude(user_id__in=already)
        .filter(user__is_active=True)
        .values_list("user_id", flat=True)
    )
    for user_id in user_ids:
        send_digest.enqueue(user_id, month.isoformat())
    return len(user_ids)


def today() -> datetime.date:
    return timezone.localdate()
