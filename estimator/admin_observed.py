"""The admin's observed rates: what consenting creators actually earn, beside the active card,
the accuracy of each card's estimates, and "Draft a card from observed rates".

Only aggregates of at least ``observed.MIN_CREATORS`` distinct creators are shown.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from estimator import observed
from estimator.models import ObservedRates, RateCard
from estimator.presentation import SOURCE_LABELS, format_money, format_percent
from estimator.snapshot import load_active_rates

OWN_RATE_LABELS = {
    "rpm": gettext_lazy("RPM, per 1,000 qualified views"),
    "diamond_value": gettext_lazy("value of one diamond"),
    "price_per_post": gettext_lazy("price per sponsored video"),
    "affiliate_commission": gettext_lazy("affiliate commission"),
    "shop_commission": gettext_lazy("TikTok Shop commission"),
    "ugc_price": gettext_lazy("price per UGC video"),
}


def _value(key: str, currency: str | None, value: Decimal | None) -> str:
    if value is None:
        return "—"
    if currency is None:
        return format_percent(value)
    places = Decimal("0.0001") if key == "diamond_value" else Decimal("0.01")
    return format_money(value.quantize(places), currency, places=len(str(places)) - 2)


def _values(key: str, currency: str | None, low, expected, high) -> list[str]:
    return [_value(key, currency, value) for value in (low, expected, high)]


@admin.register(ObservedRates)
class ObservedRatesAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_urls(self):
        draft = path(
            "draft/",
            self.admin_site.admin_view(self.draft_view),
            name="estimator_observedrates_draft",
        )
        return [draft, *super().get_urls()]

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        rates = load_active_rates()
        today = timezone.localdate()
        figures = observed.collect(today, rates)
        table = observed.observed_cells(figures, rates)
        cards = dict(RateCard.objects.values_list("pk", "name"))
        cells = [
            {
                "cell": cell,
                "source": SOURCE_LABELS.get(cell.source, cell.source),
                "rate": OWN_RATE_LABELS[cell.key],
                "observed": _values(
                    cell.key,
                    cell.currency,
                    cell.observed.p10,
                    cell.observed.median,
                    cell.observed.p90,
                ),
                "card": _values(
                    cell.key, cell.currency, cell.card.low, cell.card.expected, cell.card.high
                )
                if cell.card
                else None,
            }
            for cell in table.cells
        ]
        proposals = [
            {
                "proposal": proposal,
                "rate": OWN_RATE_LABELS[proposal.key],
                "observed": _values(
                    proposal.key,
                    proposal.currency,
                    proposal.observed.p10,
                    proposal.observed.median,
                    proposal.observed.p90,
                ),
                "card": _values(
                    proposal.key,
                    proposal.currency,
                    rates.rates[proposal.key].low,
                    rates.rates[proposal.key].expected,
                    rates.rates[proposal.key].high,
                ),
            }
            for proposal in observed.proposals(figures, rates)
        ]
        accuracy = [
            {
                "card": cards.get(line.card_id, f"#{line.card_id}"),
                "source": SOURCE_LABELS.get(line.source, line.source),
                "error": format_percent(line.error.quantize(Decimal("0.1")) / 100),
                "line": line,
            }
            for line in observed.card_accuracy(figures)
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Observed rates"),
            "opts": self.model._meta,
            "cells": cells,
            "hidden": table.hidden,
            "proposals": proposals,
            "accuracy": accuracy,
            "min_creators": observed.MIN_CREATORS,
            "window_start": observed.window_start(today),
            "card_name": rates.card_name,
            "can_draft": request.user.has_perm("estimator.add_ratecard"),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/estimator/observed_rates.html", context)

    def draft_view(self, request: HttpRequest) -> HttpResponse:
        return _draft(self, request)


def _draft(model_admin: ObservedRatesAdmin, request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.has_perm("estimator.add_ratecard"):
        raise PermissionDenied
    back = reverse("admin:estimator_observedrates_changelist")
    rates = load_active_rates()
    today = timezone.localdate()
    proposals = observed.proposals(observed.collect(today, rates), rates)
    active = RateCard.objects.active().first()
    if not proposals or active is None:
        model_admin.message_user(
            request,
            _("No rate has enough observations yet: nothing to draft."),
            messages.WARNING,
        )
        return HttpResponseRedirect(back)
    name = _("Draft from observed rates, %(month)s") % {"month": f"{today:%Y-%m}"}
    copy = active.draft_from_observed(proposals, today, name)
    keys = ", ".join(proposal.key for proposal in proposals)
    model_admin.log_addition(
        request,
        copy,
        _("Drafted from observed rates (%(keys)s), cloned from “%(card)s” (#%(id)s).")
        % {"keys": keys, "card": active, "id": active.pk},
    )
    url = reverse("admin:estimator_ratecard_change", args=[copy.pk])
    model_admin.message_user(
        request,
        format_html(
            _('Drafted <a href="{url}">{copy}</a>, inactive: review it, then activate it.'),
            url=url,
            copy=copy,
        ),
        messages.SUCCESS,
    )
    return HttpResponseRedirect(url)
