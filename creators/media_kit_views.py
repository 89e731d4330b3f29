"""The media kit: an opt-in public page, reachable only by its unguessable link while enabled."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from creators import learning, overview
from creators.estimates import currency_of, estimate_month
from creators.forms import MediaKitForm
from creators.models import CreatorProfile, MonthlyStat
from estimator.presentation import format_amounts
from estimator.snapshot import load_active_rates


@login_required
@require_http_methods(["GET", "POST"])
def media_kit_settings(request: HttpRequest, pk: int) -> HttpResponse:
    profile = get_object_or_404(CreatorProfile.objects.owned_by(request.user), pk=pk)
    form = MediaKitForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        profile = form.save(commit=False)
        if action == "enable" or (action == "renew" and profile.media_kit_token):
            profile.enable_media_kit()
            messages.success(request, _("Your media kit is public at its new link."))
        elif action == "disable":
            profile.disable_media_kit()
            messages.success(request, _("Media kit turned off: its link no longer works."))
        else:
            messages.success(request, _("Media kit saved."))
        profile.save(update_fields=["media_kit_token", "media_kit_contact", "media_kit_own_price"])
        return redirect("media_kit_settings", pk=profile.pk)
    return TemplateResponse(
        request, "creators/media_kit_settings.html", {"profile": profile, "form": form}
    )


@require_safe
@never_cache
def media_kit(request: HttpRequest, token: str) -> HttpResponse:
    profile = get_object_or_404(CreatorProfile, media_kit_token=token)
    stats = list(MonthlyStat.objects.for_profile(profile).chronological())
    rates = load_active_rates()
    context = {"profile": profile, "latest": stats[-1] if stats else None}
    if stats:
        currency = currency_of(profile, rates)
        breakdown = estimate_month(profile, stats[-1], rates)
        context.update(
            {
                "row": overview.month_rows(stats, rates)[0],
                "post_price": format_amounts(breakdown.suggested_post_price, currency),
                "ugc_price": format_amounts(breakdown.suggested_ugc_price, currency),
                "own_post_price": learning.media_kit_price(profile, stats, rates),
                "followers_growth_3m": overview.growth(
                    stats[-1].followers, stats[-4].followers if len(stats) >= 4 else None
                ),
            }
        )
    response = TemplateResponse(request, "creators/media_kit.html", context)
    # A private link: keep it out of search engines and of other sites' referrers.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
