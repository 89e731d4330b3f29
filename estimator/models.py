"""Rate cards: every number the estimator uses, versioned, sourced and dated.

A rate card is a version. Exactly one is active. A card that has ever been active is frozen
(estimates may have used it): admins change rates by cloning it, editing the copy and
activating the copy. Activation stores a snapshot of the card's values, which is what the
estimator loads (one query) and what a stored estimate can always be traced back to.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from estimator import calculations as calc
from estimator.choices import DEFAULT_NICHE, PRIMARY_COUNTRIES, country_name, niche_label
from estimator.snapshot_format import build_snapshot, rates_from_snapshot

NON_NEGATIVE = MinValueValidator(Decimal(0))
CURRENCY_CODE = RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 code, e.g. EUR."))
COUNTRY_CODE = RegexValidator(r"^[A-Z]{2}$", _("Use a two-letter ISO 3166 code, e.g. FR."))


# The revenue sources of the registry, as choices: a new source is a new choice (makemigrations).
SOURCE_CHOICES = [(source.key, _(source.label)) for source in calc.SOURCES]


class RateKey(models.TextChoices):
    RPM = "rpm", _("Creator Rewards RPM (per 1,000 qualified views)")
    QUALIFIED_SHARE = "qualified_share", _("Qualified share of views on videos over 1 minute")
    DIAMOND_VALUE = "diamond_value", _("Value of one diamond")
    BRAND_CPM = "brand_cpm", _("Brand deal CPM (per 1,000 median views)")
    BRAND_FOLLOWER_RATE = "brand_follower_rate", _("Brand deal rate per 1,000 followers")
    SHOP_COMMISSION = "shop_commission", _("TikTok Shop commission")
    AFFILIATE_COMMISSION = "affiliate_commission", _("Affiliate commission")
    UGC_PRICE = "ugc_price", _("UGC price per video")


# Rates that are fractions of something: they must stay within 0..1.
SHARE_KEYS = frozenset(
    {RateKey.QUALIFIED_SHARE, RateKey.SHOP_COMMISSION, RateKey.AFFILIATE_COMMISSION}
)


class Confidence(models.IntegerChoices):
    LOW = 1, _("low")
    MEDIUM = 2, _("medium")
    HIGH = 3, _("high")


class IncompleteRateCard(ValidationError):
    """Raised by :meth:`RateCard.activate`; ``messages`` lists what the card is missing."""


class RateCardQuerySet(models.QuerySet):
    def active(self) -> RateCardQuerySet:
        return self.filter(is_active=True)


class RateCard(models.Model):
    name = models.CharField(_("name"), max_length=120)
    effective_from = models.DateField(_("effective from"), default=timezone.localdate)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=False, editable=False)
    activated_at = models.DateTimeField(_("first activated at"), null=True, editable=False)
    cloned_from = models.ForeignKey(
        "self",
        verbose_name=_("cloned from"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="clones",
    )
    snapshot = models.JSONField(_("snapshot of the values"), null=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RateCardQuerySet.as_manager()

    class Meta:
        verbose_name = _("rate card")
        verbose_name_plural = _("rate cards")
        ordering = ["-effective_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_rate_card"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from:%Y-%m-%d})"

    @property
    def is_frozen(self) -> bool:
        """Once active, a card may have produced estimates: it is never edited again."""
        return self.activated_at is not None

    @transaction.atomic
    def clone(self, name: str | None = None) -> RateCard:
        copy = RateCard.objects.create(
            name=name or _("Copy of %(name)s") % {"name": self.name},
            effective_from=timezone.localdate(),
            notes=self.notes,
            cloned_from=self,
        )
        for relation in CHILD_RELATIONS:
            model = getattr(self, relation).model
            rows = list(getattr(self, relation).all())
            for row in rows:
                row.pk = None
                row.card = copy
            model.objects.bulk_create(rows)
        return copy

    def activation_problems(self) -> list[str]:
        """Why the estimator could not work with this card; empty when it can be activated."""
        return self._problems(self._snapshot_to_activate())

    def _snapshot_to_activate(self) -> dict:
        if self.is_frozen and self.snapshot is not None:
            # A card activated before keeps the snapshot its past estimates were made with.
            return self.snapshot
        return build_snapshot(self)

    def _problems(self, snapshot: dict) -> list[str]:
        # A frozen card is judged on its stored snapshot, what the estimator would read again.
        rows = [] if self.is_frozen else _invalid_rows(self)
        rates = rates_from_snapshot(self.pk or 0, self.name, self.effective_from, snapshot)
        return rows + _missing_parts(rates)

    @transaction.atomic
    def draft_from_observed(self, proposals, month, name: str) -> RateCard:
        """An inactive clone whose rates take the observed p10 / median / p90 of ``proposals``
        (``estimator.observed.Proposal``), each with its provenance; for review, never active."""
        copy = self.clone(name=name)
        places = Decimal("0.000001")
        for proposal in proposals:
            observed = proposal.observed
            copy.rates.filter(key=proposal.key).update(
                low=observed.p10.quantize(places),
                expected=observed.median.quantize(places),
                high=observed.p90.quantize(places),
                currency=proposal.currency or "",
                source=proposal.provenance_text(month),
                checked_on=timezone.localdate(),
                confidence=Confidence.MEDIUM,
            )
        return copy

    @transaction.atomic
    def activate(self) -> None:
        """Make this the card every new estimate uses.

        Raises :class:`IncompleteRateCard`, listing what is missing, and changes nothing when
        the estimator could not work with the card: a rate, a primary country, a niche's
        multipliers, an eligibility rule or an exchange rate missing, or an invalid row.
        """
        snapshot = self._snapshot_to_activate()
        problems = self._problems(snapshot)
        if problems:
            raise IncompleteRateCard(problems)
        self.snapshot = snapshot
        RateCard.objects.filter(is_active=True).exclude(pk=self.pk).update(is_active=False)
        self.is_active = True
        if self.activated_at is None:
            self.activated_at = timezone.now()
        self.save(update_fields=["snapshot", "is_active", "activated_at"])


class ObservedRates(RateCard):
    """The admin's page of observed rates (a proxy: no table of its own)."""

    class Meta:
        proxy = True
        verbose_name = _("observed rates")
        verbose_name_plural = _("observed rates")


def _invalid_rows(card: RateCard) -> list[str]:
    """Rows that fail their model's validation (they may have been created outside the admin)."""
    problems = []
    for relation in CHILD_RELATIONS:
        for row in getattr(card, relation).all():
            try:
                # Uniqueness and check constraints are enforced by the database itself.
                row.full_clean(exclude=["card"], validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                problems.append(f"{row._meta.verbose_name} “{row}”: {' '.join(error.messages)}")
    return problems


def _missing_conversions(rates: calc.Rates) -> list[str]:
    pairs = {
        (rate.currency, country.currency)
        for rate in rates.rates.values()
        if rate.currency
        for country in rates.countries.values()
    }
    missing = []
    for from_currency, to_currency in sorted(pairs):
        try:
            calc.convert(Decimal(1), from_currency, to_currency, rates)
        except calc.MissingExchangeRate:
            missing.append(f"{from_currency} → {to_currency}")
    return missing


def _missing_parts(rates: calc.Rates) -> list[str]:
    """What the estimator needs from a card and this one lacks, one line per kind."""
    problems = []
    missing_rates = [str(key.label) for key in RateKey if key.value not in rates.rates]
    if missing_rates:
        problems.append(_("missing rates: %(rates)s") % {"rates": ", ".join(missing_rates)})
    missing_countries = [code for code in PRIMARY_COUNTRIES if code not in rates.countries]
    if missing_countries:
        problems.append(_("missing countries: %(codes)s") % {"codes": ", ".join(missing_countries)})
    # The forms offer the card's own niches; the default one is what an unknown niche falls
    # back to (a profile's niche that a later card dropped), so the card must have it.
    if DEFAULT_NICHE not in rates.niches:
        problems.append(_("missing niches: %(slugs)s") % {"slugs": DEFAULT_NICHE})
    if not any(band.min_rate == 0 for band in rates.engagement_bands):
        problems.append(_("no engagement band starts at an engagement rate of 0"))
    # A gated source without its rule would be open to everyone (calc.Source.gated).
    missing_rules = [
        str(_(source.label))
        for source in calc.SOURCES
        if source.gated and source.key not in rates.eligibility
    ]
    if missing_rules:
        problems.append(
            _("missing eligibility rules: %(sources)s") % {"sources": ", ".join(missing_rules)}
        )
    missing_deliverables = [
        str(key.label) for key in DeliverableKey if key.value not in rates.deliverables
    ]
    if missing_deliverables:
        problems.append(
            _("missing deliverable multipliers: %(keys)s")
            % {"keys": ", ".join(missing_deliverables)}
        )
    missing_conversions = _missing_conversions(rates)
    if missing_conversions:
        problems.append(
            _("missing exchange rates: %(pairs)s") % {"pairs": ", ".join(missing_conversions)}
        )
    return [str(problem) for problem in problems]


class Sourced(models.Model):
    """Where a value comes from: shown, least certain first, in "Assumptions and sources"."""

    source = models.TextField(_("source"), help_text=_("URL(s) or a short description."))
    checked_on = models.DateField(_("checked on"))
    confidence = models.PositiveSmallIntegerField(
        _("confidence"), choices=Confidence.choices, default=Confidence.MEDIUM
    )

    class Meta:
        abstract = True


def _range_fields(decimal_places: int = 6):
    return [
        models.DecimalField(
            label, max_digits=16, decimal_places=decimal_places, validators=[NON_NEGATIVE]
        )
        for label in (_("low"), _("expected"), _("high"))
    ]


def _check_range(instance, *, share: bool) -> None:
    low, expected, high = instance.low, instance.expected, instance.high
    if None in (low, expected, high):
        return
    if not low <= expected <= high:
        raise ValidationError(_("Low must not exceed expected, nor expected exceed high."))
    if share and high > 1:
        raise ValidationError(_("A share is a fraction between 0 and 1 (0.15 for 15 %)."))


def _range_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(low__gte=0) & Q(low__lte=F("expected")) & Q(expected__lte=F("high")),
            name=f"{prefix}_ordered_non_negative",
        )
    ]


class Rate(Sourced):
    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="rates")
    key = models.CharField(_("rate"), max_length=40, choices=RateKey.choices)
    low, expected, high = _range_fields()
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[CURRENCY_CODE],
        help_text=_("Empty for a ratio; otherwise the currency the amounts are in."),
    )

    class Meta:
        verbose_name = _("rate")
        verbose_name_plural = _("rates")
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["card", "key"], name="one_rate_per_key_per_card"),
            *_range_constraints("rate"),
        ]

    def __str__(self) -> str:
        return self.get_key_display()

    def clean(self) -> None:
        _check_range(self, share=self.key in SHARE_KEYS)
        if self.key in SHARE_KEYS and self.currency:
            raise ValidationError({"currency": _("A share has no currency.")})
        if self.key not in SHARE_KEYS and not self.currency:
            raise ValidationError({"currency": _("An amount needs its currency.")})


class Country(Sourced):
    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="countries")
    code = models.CharField(_("country code"), max_length=2, validators=[COUNTRY_CODE])
    # The interface has two languages: each name is typed here, where the country is added
    # (the message catalogue cannot know a country an admin adds).
    name_fr = models.CharField(_("name in French"), max_length=80)
    name_en = models.CharField(_("name in English"), max_length=80)
    currency = models.CharField(_("currency"), max_length=3, validators=[CURRENCY_CODE])
    creator_rewards = models.BooleanField(_("Creator Rewards runs here"), default=False)
    tiktok_shop = models.BooleanField(_("TikTok Shop runs here"), default=False)
    shop_min_followers = models.PositiveIntegerField(
        _("TikTok Shop follower threshold"),
        null=True,
        blank=True,
        help_text=_("Empty: the TikTok Shop eligibility rule applies."),
    )
    subscription_share_low, subscription_share_expected, subscription_share_high = [
        models.DecimalField(
            label,
            max_digits=6,
            decimal_places=4,
            validators=[NON_NEGATIVE, MaxValueValidator(Decimal(1))],
        )
        for label in (
            _("subscription share, low"),
            _("subscription share, expected"),
            _("subscription share, high"),
        )
    ]
    note = models.TextField(_("note shown to creators"), blank=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["card", "code"], name="one_country_per_code_per_card"),
            models.CheckConstraint(
                condition=Q(subscription_share_low__gte=0)
                & Q(subscription_share_low__lte=F("subscription_share_expected"))
                & Q(subscription_share_expected__lte=F("subscription_share_high"))
                & Q(subscription_share_high__lte=1),
                name="country_subscription_share_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {country_name(self)}"

    def clean(self) -> None:
        shares = (
            self.subscription_share_low,
            self.subscription_share_expected,
            self.subscription_share_high,
        )
        if None not in shares and not shares[0] <= shares[1] <= shares[2]:
            raise ValidationError(_("Subscription shares must read low ≤ expected ≤ high."))


class Niche(Sourced):
    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="niches")
    slug = models.SlugField(_("slug"), max_length=40)
    label_fr = models.CharField(_("label in French"), max_length=80)
    label_en = models.CharField(_("label in English"), max_length=80)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Where the forms list it (smallest first).")
    )
    rpm_multiplier = models.DecimalField(
        _("RPM multiplier"), max_digits=6, decimal_places=3, validators=[NON_NEGATIVE]
    )
    brand_multiplier = models.DecimalField(
        _("brand deal multiplier"), max_digits=6, decimal_places=3, validators=[NON_NEGATIVE]
    )

    class Meta:
        verbose_name = _("niche")
        verbose_name_plural = _("niches")
        ordering = ["position", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["card", "slug"], name="one_niche_per_slug_per_card"),
            models.CheckConstraint(
                condition=Q(rpm_multiplier__gte=0) & Q(brand_multiplier__gte=0),
                name="niche_multipliers_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slug} — {niche_label(self)}"


class EngagementBand(Sourced):
    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="engagement_bands")
    min_rate = models.DecimalField(
        _("from engagement rate (%)"),
        max_digits=6,
        decimal_places=2,
        validators=[NON_NEGATIVE, MaxValueValidator(Decimal(100))],
    )
    multiplier = models.DecimalField(
        _("multiplier"), max_digits=6, decimal_places=3, validators=[NON_NEGATIVE]
    )

    class Meta:
        verbose_name = _("engagement band")
        verbose_name_plural = _("engagement bands")
        ordering = ["min_rate"]
        constraints = [
            models.UniqueConstraint(fields=["card", "min_rate"], name="one_band_per_rate_per_card"),
            models.CheckConstraint(
                condition=Q(min_rate__gte=0) & Q(min_rate__lte=100) & Q(multiplier__gte=0),
                name="engagement_band_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"≥ {self.min_rate} % × {self.multiplier}"


class EligibilityRule(Sourced):
    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="eligibility_rules")
    source_key = models.CharField(_("revenue source"), max_length=40, choices=SOURCE_CHOICES)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    min_followers = models.PositiveIntegerField(_("minimum followers"), null=True, blank=True)
    min_views_30d = models.PositiveIntegerField(
        _("minimum views in the last 30 days"), null=True, blank=True
    )
    min_posts_30d = models.PositiveIntegerField(
        _("minimum posts in the last 30 days"), null=True, blank=True
    )
    requires_personal_account = models.BooleanField(_("personal account only"), default=False)
    requires_no_strike = models.BooleanField(_("no strike"), default=False)
    conditions = models.TextField(_("other conditions (shown to creators)"), blank=True)

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["source_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["card", "source_key"], name="one_rule_per_source_per_card"
            )
        ]

    def __str__(self) -> str:
        return self.get_source_key_display()


class ExchangeRate(Sourced):
    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="exchange_rates")
    from_currency = models.CharField(_("from"), max_length=3, validators=[CURRENCY_CODE])
    to_currency = models.CharField(_("to"), max_length=3, validators=[CURRENCY_CODE])
    rate = models.DecimalField(
        _("rate"), max_digits=16, decimal_places=6, validators=[MinValueValidator(Decimal("1e-6"))]
    )

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["from_currency", "to_currency"]
        constraints = [
            models.UniqueConstraint(
                fields=["card", "from_currency", "to_currency"], name="one_pair_per_card"
            ),
            models.CheckConstraint(condition=Q(rate__gt=0), name="exchange_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"1 {self.from_currency} = {self.rate} {self.to_currency}"

    def clean(self) -> None:
        if self.from_currency and self.from_currency == self.to_currency:
            raise ValidationError(_("An exchange rate converts between two different currencies."))


class DeliverableKey(models.TextChoices):
    """The price-list lines priced by a multiplier (estimator.deliverables.MULTIPLIER_KEYS)."""

    INTEGRATED_MENTION = "integrated_mention", _("Integrated mention (inside another video)")
    STORY = "story", _("Story")
    LIVE_MENTION = "live_mention", _("LIVE mention")
    USAGE_RIGHTS_30D = "usage_rights_30d", _("Usage rights for paid ads, 30 days")
    USAGE_RIGHTS_90D = "usage_rights_90d", _("Usage rights for paid ads, 90 days")
    EXCLUSIVITY_MONTH = "exclusivity_month", _("Category exclusivity, per month")
    RAW_FOOTAGE = "raw_footage", _("Raw footage")
    LINK_IN_BIO_WEEK = "link_in_bio_week", _("Link in bio, per week")
    BUNDLE_3 = "bundle_3", _("Bundle of 3 videos (per-video multiplier)")
    BUNDLE_5 = "bundle_5", _("Bundle of 5 videos (per-video multiplier)")


BUNDLE_DELIVERABLES = frozenset({DeliverableKey.BUNDLE_3, DeliverableKey.BUNDLE_5})


class DeliverableMultiplier(Sourced):
    """A price-list line as a multiple of the suggested price of one dedicated sponsored video."""

    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="deliverables")
    key = models.CharField(_("deliverable"), max_length=40, choices=DeliverableKey.choices)
    low, expected, high = [
        models.DecimalField(label, max_digits=6, decimal_places=3, validators=[NON_NEGATIVE])
        for label in (_("low"), _("expected"), _("high"))
    ]

    class Meta:
        verbose_name = _("deliverable multiplier")
        verbose_name_plural = _("deliverable multipliers")
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(
                fields=["card", "key"], name="one_deliverable_per_key_per_card"
            ),
            *_range_constraints("deliverable"),
        ]

    def __str__(self) -> str:
        return self.get_key_display()

    def clean(self) -> None:
        _check_range(self, share=False)
        if self.key in BUNDLE_DELIVERABLES and self.high is not None and self.high > 1:
            raise ValidationError(
                _("A bundle's per-video multiplier is a discount: at most 1 (0.90 for 10 % off).")
            )


CHILD_RELATIONS = (
    "rates",
    "countries",
    "niches",
    "engagement_bands",
    "eligibility_rules",
    "exchange_rates",
    "deliverables",
)
