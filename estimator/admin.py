"""The rate-card admin: where rates are changed, by cloning, editing the copy and activating it.

A card that has ever been active is frozen (estimates may have used it): its page is a read-only
view, its rows cannot be added, changed or deleted, and it cannot be deleted. Cloning and
activating are admin actions, logged in the admin history like any change.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as delete_after_confirmation
from django.db import models, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from estimator import calculations as calc
from estimator import recalculation
from estimator.models import (
    SHARE_KEYS,
    Country,
    DeliverableKey,
    DeliverableMultiplier,
    EligibilityRule,
    EngagementBand,
    ExchangeRate,
    IncompleteRateCard,
    Niche,
    Rate,
    RateCard,
    RateKey,
)
from estimator.presentation import format_money, format_percent

# The admin says whose it is (the browser tab and the header), not "Django administration".
admin.site.site_header = _("TikTok revenue planner — administration")
admin.site.site_title = _("TikTok revenue planner")
admin.site.index_title = _("Rates and accounts")

# What a rate is counted per, after its amount ("1,00 € / 1 000 vues qualifiées").
RATE_UNITS = {
    RateKey.RPM: _("1,000 qualified views"),
    RateKey.DIAMOND_VALUE: _("diamond"),
    RateKey.BRAND_CPM: _("1,000 median views"),
    RateKey.BRAND_FOLLOWER_RATE: _("1,000 followers"),
}


def rate_text(key: str, value: Decimal, currency: str) -> str:
    """A rate as people read it: "5 %", "150,00 €", "1,00 € / 1 000 vues qualifiées"."""
    if key in SHARE_KEYS or not currency:
        return format_percent(value)
    amount = format_money(value, currency)
    unit = RATE_UNITS.get(key)
    return f"{amount} / {unit}" if unit else amount


FROZEN_HELP = _(
    "This rate card has been active, so estimates may have used it: it can no longer be "
    "changed. To change rates, clone it with the action “Clone this rate card”, edit the copy, "
    "then activate the copy."
)

CLONED_MESSAGE = _(
    '“{source}” was cloned as <a href="{url}">{copy}</a>: edit the copy, then activate it.'
)


class LabelledRowFormSet(BaseInlineFormSet):
    """A table row's inputs have no <label> of their own (the column header is not one): each
    gets an aria-label with its column and row number, for screen readers and axe."""

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        number = "" if index is None else f" {index + 1}"
        for field in form.fields.values():
            if not field.widget.is_hidden:
                field.widget.attrs.setdefault("aria-label", f"{field.label}{number}")


class CardRowInline(admin.TabularInline):
    """A card's rows: editable on a draft card, read-only once the card is frozen."""

    formset = LabelledRowFormSet
    template = "admin/estimator/tabular.html"
    extra = 0
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})},
    }

    @staticmethod
    def _card_is_editable(card: RateCard | None) -> bool:
        return card is None or not card.is_frozen

    def has_add_permission(self, request: HttpRequest, obj: RateCard | None = None) -> bool:
        return self._card_is_editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: RateCard | None = None) -> bool:
        return self._card_is_editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: RateCard | None = None) -> bool:
        return self._card_is_editable(obj) and super().has_delete_permission(request, obj)


class RateInline(CardRowInline):
    model = Rate
    max_num = len(RateKey)
    fields = [
        "key",
        "in_words",
        "low",
        "expected",
        "high",
        "currency",
        "source",
        "checked_on",
        "confidence",
    ]
    readonly_fields = ["in_words"]

    def get_fields(self, request: HttpRequest, obj: RateCard | None = None) -> list[str]:
        fields = super().get_fields(request, obj)
        if obj is not None and obj.is_frozen:
            # Read-only: the values with their unit say it all; "0,050000" only confused.
            return [name for name in fields if name not in ("low", "expected", "high")]
        return fields

    @admin.display(description=_("low · expected · high"))
    def in_words(self, rate: Rate) -> str:
        if rate.pk is None or None in (rate.low, rate.expected, rate.high):
            return "—"
        return " · ".join(
            rate_text(rate.key, value, rate.currency)
            for value in (rate.low, rate.expected, rate.high)
        )


class CountryInline(CardRowInline):
    model = Country
    fields = [
        "code",
        "name_fr",
        "name_en",
        "currency",
        # Whether each country programme runs there (a flag named after the source).
        *(source.key for source in calc.SOURCES if source.country_programme),
        "shop_min_followers",
        "subscription_share_low",
        "subscription_share_expected",
        "subscription_share_high",
        "note",
        "source",
        "checked_on",
        "confidence",
    ]


class NicheInline(CardRowInline):
    model = Niche
    fields = [
        "slug",
        "label_fr",
        "label_en",
        "position",
        "rpm_multiplier",
        "brand_multiplier",
        "source",
        "checked_on",
        "confidence",
    ]


class EngagementBandInline(CardRowInline):
    model = EngagementBand
    fields = ["min_rate", "multiplier", "source", "checked_on", "confidence"]


class EligibilityRuleInline(CardRowInline):
    model = EligibilityRule
    max_num = len(calc.SOURCES)
    fields = [
        "source_key",
        "min_age",
        "min_followers",
        "min_views_30d",
        "min_posts_30d",
        "requires_personal_account",
        "requires_no_strike",
        "conditions",
        "source",
        "checked_on",
        "confidence",
    ]


class ExchangeRateInline(CardRowInline):
    model = ExchangeRate
    fields = ["from_currency", "to_currency", "rate", "source", "checked_on", "confidence"]


class DeliverableMultiplierInline(CardRowInline):
    model = DeliverableMultiplier
    max_num = len(DeliverableKey)
    fields = ["key", "low", "expected", "high", "source", "checked_on", "confidence"]


def _row_count(model: type[models.Model]) -> Coalesce:
    rows = model.objects.filter(card=OuterRef("pk")).order_by().values("card")
    return Coalesce(Subquery(rows.annotate(count=Count("pk")).values("count")), 0)


CARD_ACTION_LOCATIONS = [admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM]


@admin.register(RateCard)
class RateCardAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "effective_from",
        "active",
        "frozen",
        "rate_count",
        "country_count",
        "copy_of",
        "created_at",
    ]
    list_filter = ["is_active"]
    list_select_related = ["cloned_from"]
    search_fields = ["name", "notes"]
    date_hierarchy = "effective_from"
    fieldsets = [
        (None, {"fields": ["name", "effective_from", "notes"]}),
        (
            _("Status"),
            {"fields": ["status", "is_active", "activated_at", "cloned_from", "created_at"]},
        ),
    ]
    readonly_fields = ["status", "is_active", "activated_at", "cloned_from", "created_at"]
    inlines = [
        RateInline,
        CountryInline,
        NicheInline,
        EngagementBandInline,
        EligibilityRuleInline,
        ExchangeRateInline,
        DeliverableMultiplierInline,
    ]
    actions = ["clone_card", "activate_card", "recalculate_profiles", "delete_selected"]

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[RateCard]:
        # Subqueries, not joins: counting two child tables through joins would multiply rows.
        return (
            super()
            .get_queryset(request)
            .annotate(rate_count=_row_count(Rate), country_count=_row_count(Country))
        )

    # --- Columns and read-only fields ----------------------------------------------------------

    @admin.display(boolean=True, description=_("active"), ordering="is_active")
    def active(self, card: RateCard) -> bool:
        return card.is_active

    @admin.display(boolean=True, description=_("frozen"), ordering="activated_at")
    def frozen(self, card: RateCard) -> bool:
        return card.is_frozen

    @admin.display(description=_("rates"), ordering="rate_count")
    def rate_count(self, card: RateCard) -> str:
        return f"{card.rate_count} / {len(RateKey)}"

    @admin.display(description=_("copy of"), ordering="cloned_from")
    def copy_of(self, card: RateCard) -> str:
        return str(card.cloned_from) if card.cloned_from else "—"

    @admin.display(description=_("countries"), ordering="country_count")
    def country_count(self, card: RateCard) -> int:
        return card.country_count

    @admin.display(description=_("status"))
    def status(self, card: RateCard) -> str:
        if card.pk is None:
            return _("Draft: saved inactive; activate it from the list once it is complete.")
        if card.is_active:
            return _("Active: the estimator uses this card. It is frozen.")
        if card.is_frozen:
            return _("Frozen: this card was active before; it can be activated again.")
        return _("Draft: editable until it is activated.")

    # --- Frozen cards --------------------------------------------------------------------------

    def has_change_permission(self, request: HttpRequest, obj: RateCard | None = None) -> bool:
        if obj is not None and obj.is_frozen:
            return False  # the change page still opens, as a read-only view
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: RateCard | None = None) -> bool:
        if obj is not None and (obj.is_frozen or obj.is_active):
            return False
        return super().has_delete_permission(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.is_frozen:
            self.message_user(request, FROZEN_HELP, messages.INFO)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- Actions -------------------------------------------------------------------------------

    @admin.action(
        permissions=["add"],
        description=_("Clone this rate card"),
        description_plural=_("Clone selected rate card"),
        location=CARD_ACTION_LOCATIONS,
    )
    def clone_card(self, request: HttpRequest, queryset: models.QuerySet[RateCard]) -> None:
        cards = list(queryset[:2])
        if len(cards) != 1:
            self.message_user(request, _("Select exactly one rate card to clone."), messages.ERROR)
            return
        source = cards[0]
        copy = source.clone()
        cloned_from = _("Cloned from “%(card)s” (#%(id)s).") % {"card": source, "id": source.pk}
        self.log_addition(request, copy, cloned_from)
        url = reverse("admin:estimator_ratecard_change", args=[copy.pk])
        self.message_user(
            request,
            format_html(CLONED_MESSAGE, source=source, url=url, copy=copy),
            messages.SUCCESS,
        )

    @admin.action(
        permissions=["change"],
        description=_("Activate this rate card"),
        description_plural=_("Activate selected rate card"),
        location=CARD_ACTION_LOCATIONS,
    )
    def activate_card(self, request: HttpRequest, queryset: models.QuerySet[RateCard]) -> None:
        cards = list(queryset[:2])
        if len(cards) != 1:
            self.message_user(
                request, _("Select exactly one rate card to activate."), messages.ERROR
            )
            return
        card = cards[0]
        if card.is_active:
            self.message_user(request, _("“%(card)s” is already active.") % {"card": card})
            return
        with transaction.atomic():
            replaced = list(RateCard.objects.active())
            try:
                card.activate()  # the model judges whether the card is complete
            except IncompleteRateCard as error:
                self.message_user(
                    request,
                    _("“%(card)s” was not activated: %(problems)s.")
                    % {"card": card, "problems": "; ".join(error.messages)},
                    messages.ERROR,
                )
                return
            self.log_change(request, card, _("Activated."))
            for previous in replaced:
                self.log_change(
                    request,
                    previous,
                    _("Deactivated: replaced by “%(card)s” (#%(id)s).")
                    % {"card": card, "id": card.pk},
                )
        self.message_user(
            request,
            _(
                "“%(card)s” is now the active rate card: new estimates use it. Stored months "
                "keep their estimates until recalculated: use the action “Recalculate every "
                "profile with this card”."
            )
            % {"card": card},
            messages.SUCCESS,
        )

    @admin.action(
        permissions=["change"],
        description=_("Recalculate every profile with this card"),
        description_plural=_("Recalculate every profile with the selected card"),
        location=CARD_ACTION_LOCATIONS,
    )
    def recalculate_profiles(self, request: HttpRequest, queryset: models.QuerySet[RateCard]):
        cards = list(queryset[:2])
        if len(cards) != 1 or not cards[0].is_active:
            self.message_user(
                request,
                _("Select the active rate card: stored months are recalculated with it."),
                messages.ERROR,
            )
            return
        url = recalculation.start(cards[0], request.user)  # the months' app does the work
        self.message_user(
            request,
            format_html(
                _(
                    "Every stored month will be recalculated with “{card}” in the background: "
                    '<a href="{url}">follow its progress</a>.'
                ),
                card=cards[0],
                url=url,
            ),
            messages.SUCCESS,
        )

    @admin.action(permissions=["delete"], description=_("Delete selected %(verbose_name_plural)s"))
    def delete_selected(self, request: HttpRequest, queryset: models.QuerySet[RateCard]):
        # The site-wide action only asks has_delete_permission() without an object.
        if any(card.is_frozen or card.is_active for card in queryset):
            self.message_user(
                request,
                _("Rate cards that have been active cannot be deleted: estimates may use them."),
                messages.ERROR,
            )
            return None
        return delete_after_confirmation(self, request, queryset)


from estimator import admin_observed  # noqa: E402, F401  (the observed rates page)
