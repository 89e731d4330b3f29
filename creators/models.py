"""Creator profiles and their monthly stats.

A user may manage several profiles (an agent). Every query a user reaches starts from
``CreatorProfile.objects.owned_by(user)``: another user's objects are simply not found.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from creators import months
from estimator.choices import ACCOUNT_TYPES, NICHES

HANDLE = RegexValidator(
    r"^[A-Za-z0-9._]{2,24}$",
    _("2 to 24 letters, digits, dots or underscores, without the @."),
)
COUNTRY_CURRENCIES = {"FR": "EUR", "BE": "EUR", "DE": "EUR", "CA": "CAD", "US": "USD"}


class CreatorProfileQuerySet(models.QuerySet):
    def owned_by(self, user) -> CreatorProfileQuerySet:
        return self.filter(owner=user) if user.is_authenticated else self.none()


class CreatorProfile(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="creator_profiles"
    )
    handle = models.CharField(_("TikTok handle"), max_length=24, validators=[HANDLE])
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    country = models.CharField(_("country"), max_length=2, default="FR")
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"),
        null=True,
        blank=True,
        help_text=_("If you prefer not to give the full date."),
    )
    niche = models.CharField(_("niche"), max_length=40, choices=NICHES, default="general")
    account_type = models.CharField(
        _("account type"), max_length=10, choices=ACCOUNT_TYPES, default="personal"
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        help_text=_("Empty: the country's currency."),
    )
    # The public media kit: enabled while it has a token; revoking it makes the link 404 at once.
    media_kit_token = models.CharField(
        _("media kit link"), max_length=64, null=True, blank=True, unique=True, editable=False
    )
    media_kit_contact = models.CharField(
        _("contact shown on the media kit"),
        max_length=200,
        blank=True,
        help_text=_("An email or a link for brands. Nothing is shown when empty."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CreatorProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("creator profile")
        verbose_name_plural = _("creator profiles")
        ordering = ["handle"]
        constraints = [
            models.UniqueConstraint(
                "owner", Lower("handle"), name="one_handle_per_owner_case_insensitive"
            )
        ]

    def __str__(self) -> str:
        return f"@{self.handle}"

    def enable_media_kit(self) -> None:
        """A fresh unguessable link (the previous one, if any, stops working)."""
        self.media_kit_token = secrets.token_urlsafe(24)

    def disable_media_kit(self) -> None:
        self.media_kit_token = None

    @property
    def label(self) -> str:
        return self.display_name or f"@{self.handle}"

    def age_in(self, month: datetime.date) -> int | None:
        """Age at the end of ``month``; with only a birth year, the lower bound."""
        month_end = months.month_end(month)
        if self.birth_date is not None:
            before_birthday = (month_end.month, month_end.day) < (
                self.birth_date.month,
                self.birth_date.day,
            )
            return month_end.year - self.birth_date.year - before_birthday
        if self.birth_year is not None:
            return month_end.year - self.birth_year - (0 if month_end.month == 12 else 1)
        return None


class MonthlyStatQuerySet(models.QuerySet):
    def for_profile(self, profile: CreatorProfile) -> MonthlyStatQuerySet:
        return self.filter(profile=profile)

    def owned_by(self, user) -> MonthlyStatQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(profile__owner=user)

    def chronological(self) -> MonthlyStatQuerySet:
        return self.order_by("month")


# The stats a creator tracks each month (docs/domain.md), in display order: (field name, label).
COUNT_FIELDS = (
    ("followers", _("Followers at month end")),
    ("video_views", _("Video views")),
    ("long_video_views", _("Views on videos over 1 minute")),
    ("qualified_views", _("Qualified views")),
    ("videos_posted", _("Videos posted")),
    ("long_videos_posted", _("Videos over 1 minute posted")),
    ("profile_views", _("Profile views")),
    ("likes", _("Likes")),
    ("comments", _("Comments")),
    ("shares", _("Shares")),
    ("live_sessions", _("LIVE sessions")),
    ("diamonds", _("Diamonds")),
    ("subscribers", _("Paying subscribers")),
    ("sponsored_posts", _("Sponsored videos")),
)
# Actual revenue per source, typed by the creator: actual_<source key>.
REVENUE_FIELDS = (
    ("actual_creator_rewards", _("Creator Rewards received")),
    ("actual_live_gifts", _("LIVE gifts received")),
    ("actual_subscriptions", _("Subscriptions received")),
    ("actual_brand_partnerships", _("Brand partnerships received")),
    ("actual_affiliate", _("Affiliate commissions received")),
    ("actual_tiktok_shop", _("TikTok Shop commissions received")),
    ("actual_own_products", _("Own products margin received")),
    ("actual_ugc", _("UGC videos received")),
)


class Origin(models.TextChoices):
    TYPED = "typed", _("typed")
    IMPORTED = "imported", _("imported")


def _count_field(label):
    return models.PositiveBigIntegerField(label, null=True, blank=True)


def _money_field(label):
    return models.DecimalField(
        label,
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )


class MonthlyStat(models.Model):
    profile = models.ForeignKey(CreatorProfile, on_delete=models.CASCADE, related_name="months")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    followers = _count_field(COUNT_FIELDS[0][1])
    video_views = _count_field(COUNT_FIELDS[1][1])
    long_video_views = _count_field(COUNT_FIELDS[2][1])
    qualified_views = _count_field(COUNT_FIELDS[3][1])
    videos_posted = _count_field(COUNT_FIELDS[4][1])
    long_videos_posted = _count_field(COUNT_FIELDS[5][1])
    profile_views = _count_field(COUNT_FIELDS[6][1])
    likes = _count_field(COUNT_FIELDS[7][1])
    comments = _count_field(COUNT_FIELDS[8][1])
    shares = _count_field(COUNT_FIELDS[9][1])
    live_sessions = _count_field(COUNT_FIELDS[10][1])
    diamonds = _count_field(COUNT_FIELDS[11][1])
    subscribers = _count_field(COUNT_FIELDS[12][1])
    sponsored_posts = _count_field(COUNT_FIELDS[13][1])
    actual_creator_rewards = _money_field(REVENUE_FIELDS[0][1])
    actual_live_gifts = _money_field(REVENUE_FIELDS[1][1])
    actual_subscriptions = _money_field(REVENUE_FIELDS[2][1])
    actual_brand_partnerships = _money_field(REVENUE_FIELDS[3][1])
    actual_affiliate = _money_field(REVENUE_FIELDS[4][1])
    actual_tiktok_shop = _money_field(REVENUE_FIELDS[5][1])
    actual_own_products = _money_field(REVENUE_FIELDS[6][1])
    actual_ugc = _money_field(REVENUE_FIELDS[7][1])
    origins = models.JSONField(
        _("where each value came from"),
        default=dict,
        blank=True,
        help_text=_("Field name → typed or imported."),
    )
    # The estimate of this month, stored with the rate card that produced it.
    estimate = models.JSONField(_("estimate"), null=True, blank=True, editable=False)
    estimated_total = models.DecimalField(
        _("estimated total"), max_digits=14, decimal_places=2, null=True, editable=False
    )
    rate_card = models.ForeignKey(
        "estimator.RateCard",
        verbose_name=_("rate card"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped by every write, so an edit made from a stale form is detected (see the form).
    revision = models.PositiveIntegerField(default=0, editable=False)

    objects = MonthlyStatQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly stat")
        verbose_name_plural = _("monthly stats")
        ordering = ["profile", "month"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "month"], name="one_stat_per_month"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 0}) | Q(**{f"{name}__isnull": True}),
                    name=f"monthly_{name}_non_negative",
                )
                for name, _label in REVENUE_FIELDS
            ],
        ]

    def __str__(self) -> str:
        return f"{self.profile} {self.month:%Y-%m}"

    def clean(self) -> None:
        # Not a database constraint: on SQLite it would need a Django SQL function, and the
        # database file must stay checkable by plain sqlite3 (backups, integrity_check).
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("A month is stored as its first day.")})

    @property
    def engagement_rate(self):
        """(likes + comments + shares) / views × 100, or None without views."""
        from decimal import Decimal

        if not self.video_views:
            return None
        interactions = (self.likes or 0) + (self.comments or 0) + (self.shares or 0)
        return (Decimal(interactions) * 100 / Decimal(self.video_views)).quantize(Decimal("0.01"))

    @property
    def actual_total(self):
        values = [getattr(self, name) for name, _label in REVENUE_FIELDS]
        known = [value for value in values if value is not None]
        return sum(known) if known else None
