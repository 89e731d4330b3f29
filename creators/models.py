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
from django.db import connections, models
from django.db.models import F, IntegerField, Q, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config import months
from estimator import calculations as calc
from estimator.choices import ACCOUNT_TYPES, DEFAULT_NICHE

HANDLE = RegexValidator(
    r"^[A-Za-z0-9._]{2,24}$",
    _("2 to 24 letters, digits, dots or underscores, without the @."),
)
# The first month a TikTok stat can belong to (as the Studio reader's dates in zip names).
EARLIEST_MONTH = datetime.date(2016, 1, 1)


def trackable_month(month: datetime.date, today: datetime.date) -> bool:
    """A real month that can have stats: from EARLIEST_MONTH to the current one."""
    return EARLIEST_MONTH <= month <= today


class CreatorProfileQuerySet(models.QuerySet):
    def owned_by(self, user) -> CreatorProfileQuerySet:
        return self.filter(owner=user) if user.is_authenticated else self.none()

    def sharing_observed_rates(self) -> CreatorProfileQuerySet:
        """Profiles whose owner lets their figures count in the admins' observed rates."""
        return self.filter(owner__planner_settings__share_observed_rates=True)

    def with_months_state(self, card_id: int | None) -> CreatorProfileQuerySet:
        """Adds what changes whenever one of the profile's months is written, without loading
        a month: their number, how many are estimated with the card ``card_id``, and
        ``months_written``: the sum of their ids (a month deleted and another added: new ids
        only grow), of their ``writes`` (every write bumps one) and their last write. The
        profile page and the dashboard key their cached parts on it. Plain SQL: the same
        with the ORM's subqueries took longer to build than the rest of the page's queries."""
        quote = connections[self.db].ops.quote_name
        months = quote(MonthlyStat._meta.db_table)
        of_profile = (
            f"FROM {months} WHERE {months}.profile_id = {quote(self.model._meta.db_table)}.id"
        )
        written = " || ',' || ".join(
            f"CAST({aggregate} AS TEXT)"
            for aggregate in ("SUM(id)", "SUM(writes)", "MAX(updated_at)")
        )
        return self.annotate(
            months_count=RawSQL(f"SELECT COUNT(*) {of_profile}", (), IntegerField()),  # noqa: S611
            # Counted among the profile's months: a WHERE on rate_card_id would let the database
            # walk the card's index, every month of every creator (seconds at 10 000 creators).
            months_on_card=RawSQL(  # noqa: S611 -- only names of ours; the card id is a parameter
                f"SELECT COUNT(CASE WHEN rate_card_id = %s THEN 1 END) {of_profile}",
                (card_id,),
                IntegerField(),
            ),
            months_written=RawSQL(f"SELECT {written} {of_profile}", (), TextField()),  # noqa: S611
        )


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
    # The rate card's niches (checked by the profile form): no choices frozen here.
    niche = models.CharField(_("niche"), max_length=40, default=DEFAULT_NICHE)
    account_type = models.CharField(
        _("account type"), max_length=10, choices=ACCOUNT_TYPES, default="personal"
    )
    subscription_price = models.DecimalField(
        _("monthly subscription price"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "What a paying subscriber pays per month: without it, subscribers earn nothing."
        ),
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
    media_kit_own_price = models.BooleanField(
        _("show my own price per sponsored video"),
        default=False,
        help_text=_(
            "With at least 3 months where you typed your sponsored videos and what they paid, "
            "the media kit shows the price you actually got instead of the market estimate."
        ),
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

    def update(self, **kwargs) -> int:
        """Every write of a month counts in ``writes`` and sets its time of writing, bulk
        updates and scripts included: the profile page, which keys its cached parts on them
        (``with_months_state``), draws them anew."""
        kwargs.setdefault("writes", F("writes") + 1)
        kwargs.setdefault("updated_at", timezone.now())
        return super().update(**kwargs)


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
COUNT_LABELS = dict(COUNT_FIELDS)
# Actual revenue per source, typed by the creator: one field per source of the registry
# (actual_<source key>), in its order: (field name, label).
REVENUE_FIELDS = tuple((source.actual_field, _(source.actual_label)) for source in calc.SOURCES)


class Origin(models.TextChoices):
    TYPED = "typed", _("typed")
    IMPORTED = "imported", _("imported")
    TIKTOK = "tiktok", _("from TikTok")


def _count_field(name):
    return models.PositiveBigIntegerField(COUNT_LABELS[name], null=True, blank=True)


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
    followers = _count_field("followers")
    video_views = _count_field("video_views")
    long_video_views = _count_field("long_video_views")
    qualified_views = _count_field("qualified_views")
    videos_posted = _count_field("videos_posted")
    long_videos_posted = _count_field("long_videos_posted")
    profile_views = _count_field("profile_views")
    likes = _count_field("likes")
    comments = _count_field("comments")
    shares = _count_field("shares")
    live_sessions = _count_field("live_sessions")
    diamonds = _count_field("diamonds")
    subscribers = _count_field("subscribers")
    sponsored_posts = _count_field("sponsored_posts")
    # actual_<source key>: what each revenue source paid, added below from the registry.
    origins = models.JSONField(
        _("where each value came from"),
        default=dict,
        blank=True,
        help_text=_("Field name → typed or imported."),
    )
    # The estimate of this month, stored with the rate card that produced it.
    estimate = models.JSONField(_("estimate"), null=True, blank=True, editable=False)
    # Wide enough for any product of the inputs the forms accept (counts up to 10^12 times
    # prices up to 10^9): an absurd month is stored and shown, never a crash when read back.
    estimated_total = models.DecimalField(
        _("estimated total"), max_digits=24, decimal_places=2, null=True, editable=False
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
    # Bumped when the figures are written (the month form, an import, the TikTok sync), so an
    # edit made from a form opened before is detected (see the form). A new estimate of the
    # same figures (a recalculation) leaves it: the creator's open form stays valid.
    revision = models.PositiveIntegerField(default=0, editable=False)
    # Bumped by every write, estimates included (save(), update(), bulk_update() and the batch
    # recalculation's SQL): the profile page's cached parts are keyed on it.
    writes = models.PositiveIntegerField(default=0, editable=False)

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

    def save(self, *args, **kwargs) -> None:
        # Every write counts (see ``writes``), added in SQL: a copy loaded before another write
        # (a bulk update, a second server) still counts one more, never writes its old count.
        if self._state.adding:
            self.writes += 1
        else:
            self.writes = F("writes") + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "writes", "updated_at"}
        super().save(*args, **kwargs)
        if not isinstance(self.writes, int):
            del self.writes  # read again from the database when next asked for

    def clean(self) -> None:
        # Not a database constraint: on SQLite it would need a Django SQL function, and the
        # database file must stay checkable by plain sqlite3 (backups, integrity_check).
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("A month is stored as its first day.")})

    @property
    def engagement_rate(self):
        """(likes + comments + shares) / views × 100; None without views, or without any of
        likes, comments and shares (a missing one of the three counts as 0)."""
        from decimal import Decimal

        if not self.video_views:
            return None
        if self.likes is None and self.comments is None and self.shares is None:
            return None  # unknown, not 0 %: no engagement penalty on brand deals
        interactions = (self.likes or 0) + (self.comments or 0) + (self.shares or 0)
        return (Decimal(interactions) * 100 / Decimal(self.video_views)).quantize(Decimal("0.01"))

    @property
    def tiktok_partial(self) -> bool:
        """Derived from TikTok in the month of connection: the month is incomplete."""
        return bool((self.origins or {}).get("_tiktok_partial"))

    @property
    def is_partial(self) -> bool:
        """Incomplete: imported over fewer days than the month has, or TikTok's first month.
        Growth and pace are never computed from such a month."""
        return self.tiktok_partial or self.partial_days is not None

    @property
    def partial_days(self) -> int | None:
        """The days an imported value covers when it is less than the whole month (the fewest
        of the month's imported fields); None for a complete or typed month."""
        origins = self.origins or {}
        days = origins.get("_days")
        if not isinstance(days, dict):
            return None
        covered = [
            count
            for name, count in days.items()
            if origins.get(name) == Origin.IMPORTED and isinstance(count, int)
        ]
        if not covered or not self.month:
            return None
        return min(covered) if min(covered) < months.month_end(self.month).day else None

    @property
    def actual_total(self):
        values = [getattr(self, name) for name, _label in REVENUE_FIELDS]
        known = [value for value in values if value is not None]
        return sum(known) if known else None


# What each revenue source actually paid: one field per source of the registry, added here so
# a new source needs no line in this model, only `makemigrations`.
for _name, _label in REVENUE_FIELDS:
    MonthlyStat.add_to_class(_name, _money_field(_label))
del _name, _label


# --- The media kit's own content ------------------------------------------------------------


class PriceDisplay(models.TextChoices):
    RANGE = "range", _("A range (low – high)")
    FROM = "from", _("“From” the low price")
    HIDDEN = "hidden", _("No prices")


class MediaKit(models.Model):
    """What the creator chose to show brands. The public link stays on the profile's token."""

    profile = models.OneToOneField(
        CreatorProfile, on_delete=models.CASCADE, related_name="kit", primary_key=True
    )
    language = models.CharField(
        _("language of the kit"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="fr",
        help_text=_("Brands see the kit in this language, whatever their browser's."),
    )
    bio = models.TextField(_("short bio"), max_length=400, blank=True)
    languages = models.CharField(
        _("languages you create in"), max_length=100, blank=True, help_text=_("e.g. French")
    )
    links = models.TextField(
        _("links"),
        blank=True,
        help_text=_("Up to 5 https:// links, one per line (Instagram, YouTube, a website…)."),
    )
    price_display = models.CharField(
        _("prices shown"), max_length=10, choices=PriceDisplay.choices, default=PriceDisplay.RANGE
    )
    # deliverable key -> the creator's own price as a decimal string; replaces the suggestion.
    own_prices = models.JSONField(_("your own prices"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("media kit")
        verbose_name_plural = _("media kits")

    def __str__(self) -> str:
        return str(self.profile)

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class MediaKitPhoto(models.Model):
    """The kit's photo, re-encoded without metadata and kept in the database, so every app
    server can serve it; its digest names it (a new photo is a new URL, cached for a year)."""

    profile = models.OneToOneField(
        CreatorProfile, on_delete=models.CASCADE, related_name="kit_photo", primary_key=True
    )
    data = models.BinaryField(_("image"))
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("media kit photo")
        verbose_name_plural = _("media kit photos")

    def __str__(self) -> str:
        return f"{self.profile} ({self.width}×{self.height})"


class AudienceSnapshot(models.Model):
    """The audience on an export date, from TikTok Studio's Followers and Content files.

    Each part is None when that file was not imported; the kit shows, per part, the latest one.
    """

    profile = models.ForeignKey(
        CreatorProfile, on_delete=models.CASCADE, related_name="audience_snapshots"
    )
    export_date = models.DateField(_("export date"))
    gender = models.JSONField(null=True, blank=True)  # [[female|male|other, "0.62"], …]
    territories = models.JSONField(null=True, blank=True)  # [["FR", "0.71"], …, ["others", …]]
    activity = models.JSONField(null=True, blank=True)  # 24 hourly averages of active followers
    videos = models.JSONField(null=True, blank=True)  # recent videos, as creators.audience
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("audience snapshot")
        verbose_name_plural = _("audience snapshots")
        ordering = ["-export_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "export_date"], name="one_audience_snapshot_per_export_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile} {self.export_date:%Y-%m-%d}"


class AccountSettings(models.Model):
    """An account's choices; an account without a row has every default (nothing shared)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="planner_settings"
    )
    share_observed_rates = models.BooleanField(
        _("count my figures in the observed rates"),
        default=False,
        help_text=_(
            "The rates learnt from your actual revenue (RPM, value per diamond, price per "
            "sponsored video…) then count, with those of at least nine other creators, in the "
            "ranges the admins read to set the rates everyone sees. No one sees your own "
            "figures; withdrawing removes them from every later computation."
        ),
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("account settings")
        verbose_name_plural = _("account settings")

    def __str__(self) -> str:
        return str(self.user)


class Recalculation(models.Model):
    """Every stored month recalculated with one rate card, in batches on the task queue.

    Progress is what the batches finished; a batch is done or not (one transaction), so a worker
    killed mid-way leaves only whole batches to do again, and ``manage.py run_worker`` enqueues
    them again when a worker starts. Recalculating a profile twice gives the same result.
    """

    card = models.ForeignKey(
        "estimator.RateCard",
        verbose_name=_("rate card"),
        on_delete=models.PROTECT,
        related_name="recalculations",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    planned_at = models.DateTimeField(_("split into batches at"), null=True)
    finished_at = models.DateTimeField(_("finished at"), null=True)
    total_months = models.PositiveIntegerField(_("months to recalculate"), default=0)
    done_months = models.PositiveIntegerField(_("months recalculated"), default=0)
    failed_profiles = models.PositiveIntegerField(_("profiles that failed"), default=0)

    class Meta:
        verbose_name = _("recalculation")
        verbose_name_plural = _("recalculations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return _("Recalculation #%(id)s with “%(card)s”") % {"id": self.pk, "card": self.card}


class RecalculationBatch(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        RUNNING = "running", _("running")
        DONE = "done", _("done")

    recalculation = models.ForeignKey(
        Recalculation, on_delete=models.CASCADE, related_name="batches"
    )
    profile_ids = models.JSONField()
    months = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    failed_profiles = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["recalculation", "id"]
        indexes = [models.Index(fields=["recalculation", "state"])]

    def __str__(self) -> str:
        return f"{self.recalculation_id}/{self.pk} ({self.state})"


class DigestSubscription(models.Model):
    """The monthly digest is opt-in: an account receives it while this row exists."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_subscription"
    )
    language = models.CharField(_("language"), max_length=10, default="fr")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.user)


# --- TikTok's official API ----------


class TokenCipher:
    """Fernet (AES-128-CBC + HMAC-SHA256) with the keys of ``TIKTOK_TOKEN_KEYS``: the first one
    encrypts, every one decrypts, so a key can be rotated. Without it, a key derived from
    ``DJANGO_SECRET_KEY`` (itself from the environment in production)."""

    @staticmethod
    def _fernet():
        import base64
        import hashlib

        from cryptography.fernet import Fernet, MultiFernet

        keys = list(settings.TIKTOK_TOKEN_KEYS)
        if not keys:
            digest = hashlib.sha256(f"tiktok-tokens:{settings.SECRET_KEY}".encode()).digest()
            keys = [base64.urlsafe_b64encode(digest).decode()]
        return MultiFernet([Fernet(key) for key in keys])

    @classmethod
    def encrypt(cls, value: str) -> str:
        return cls._fernet().encrypt(value.encode()).decode()

    @classmethod
    def decrypt(cls, value: str) -> str:
        return cls._fernet().decrypt(value.encode()).decode()


class TikTokConnection(models.Model):
    """A profile connected to TikTok through Login Kit: its tokens, encrypted at rest."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("connected")
        RECONNECT = "reconnect", _("reconnect TikTok")

    profile = models.OneToOneField(
        CreatorProfile, on_delete=models.CASCADE, related_name="tiktok_connection"
    )
    open_id = models.CharField(max_length=100)
    scope = models.CharField(max_length=300, blank=True)
    access_token_encrypted = models.TextField(editable=False)
    refresh_token_encrypted = models.TextField(editable=False)
    access_expires_at = models.DateTimeField()
    refresh_expires_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # The last error TikTok answered (its documented code), shown in plain words.
    last_error_code = models.CharField(max_length=60, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    connected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("TikTok connection")
        verbose_name_plural = _("TikTok connections")

    def __str__(self) -> str:
        return f"{self.profile} ↔ TikTok"

    @property
    def access_token(self) -> str:
        return TokenCipher.decrypt(self.access_token_encrypted)

    @access_token.setter
    def access_token(self, value: str) -> None:
        self.access_token_encrypted = TokenCipher.encrypt(value)

    @property
    def refresh_token(self) -> str:
        return TokenCipher.decrypt(self.refresh_token_encrypted)

    @refresh_token.setter
    def refresh_token(self, value: str) -> None:
        self.refresh_token_encrypted = TokenCipher.encrypt(value)

    def store_tokens(self, tokens) -> None:
        """Set (without saving) the tokens of a token answer (``tiktok_client.Tokens``)."""
        self.access_token = tokens.access_token
        self.refresh_token = tokens.refresh_token
        self.access_expires_at = tokens.access_expires_at
        self.refresh_expires_at = tokens.refresh_expires_at
        if tokens.open_id:
            self.open_id = tokens.open_id
        if tokens.scope:
            self.scope = tokens.scope

    @property
    def needs_reconnect(self) -> bool:
        return self.status == self.Status.RECONNECT


class TikTokDailySnapshot(models.Model):
    """The account's counters as /v2/user/info/ gave them, once a day."""

    profile = models.ForeignKey(
        CreatorProfile, on_delete=models.CASCADE, related_name="tiktok_snapshots"
    )
    date = models.DateField()
    follower_count = models.PositiveBigIntegerField(null=True)
    following_count = models.PositiveBigIntegerField(null=True)
    likes_count = models.PositiveBigIntegerField(null=True)
    video_count = models.PositiveBigIntegerField(null=True)
    taken_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["profile", "date"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "date"], name="one_tiktok_snapshot_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.profile} {self.date}"


class TikTokVideo(models.Model):
    """A public video seen through /v2/video/list/ (kept when it disappears: deleted)."""

    profile = models.ForeignKey(
        CreatorProfile, on_delete=models.CASCADE, related_name="tiktok_videos"
    )
    video_id = models.CharField(max_length=40)
    created_at = models.DateTimeField()
    duration = models.PositiveIntegerField(null=True)
    title = models.CharField(max_length=150, blank=True)
    last_seen = models.DateField()

    class Meta:
        ordering = ["profile", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "video_id"], name="one_tiktok_video_per_id")
        ]

    def __str__(self) -> str:
        return f"{self.profile} video {self.video_id}"

    @property
    def counts_for_creator_rewards(self) -> bool | None:
        """Over one minute (Creator Rewards counts views on videos longer than 1 min)."""
        return None if self.duration is None else self.duration > 60


class TikTokVideoSnapshot(models.Model):
    """A video's counters on one day."""

    video = models.ForeignKey(TikTokVideo, on_delete=models.CASCADE, related_name="snapshots")
    date = models.DateField()
    view_count = models.PositiveBigIntegerField(null=True)
    like_count = models.PositiveBigIntegerField(null=True)
    comment_count = models.PositiveBigIntegerField(null=True)
    share_count = models.PositiveBigIntegerField(null=True)

    class Meta:
        ordering = ["video", "date"]
        constraints = [
            models.UniqueConstraint(fields=["video", "date"], name="one_video_snapshot_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.video} {self.date}"


class MonthlyDigest(models.Model):
    """One per person and month: the row is written in the transaction that sends the mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="monthly_digests"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month reported."))
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "month"], name="one_digest_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.month:%Y-%m}"
