"""Creator profiles and monthly stats: every object is fetched through its owner (others: 404)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.months import add_months, next_month
from creators import learning, overview, tiktok_views
from creators.estimates import refresh_estimates
from creators.forms import MonthlyStatForm, ProfileForm
from creators.models import CreatorProfile, MonthlyStat
from creators.pages import Dashboard, ProfilePage
from estimator.planner_page import default_goal, plan_context
from estimator.presentation import card_text
from estimator.snapshot import load_active_rates


def _owned_profile(request: HttpRequest, pk: int) -> CreatorProfile:
    return get_object_or_404(CreatorProfile.objects.owned_by(request.user), pk=pk)


def _owned_month(request: HttpRequest, pk: int, month: str) -> MonthlyStat:
    first_day = datetime.date.fromisoformat(f"{month}-01")
    return get_object_or_404(
        MonthlyStat.objects.owned_by(request.user).select_related("profile"),
        profile_id=pk,
        month=first_day,
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    dashboard = Dashboard(request.user, load_active_rates(), timezone.localdate())
    context = {"entries": dashboard.entries, "today": dashboard.today}
    return TemplateResponse(request, "creators/dashboard.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile_create(request: HttpRequest) -> HttpResponse:
    rates = load_active_rates()
    form = ProfileForm(request.POST or None, owner=request.user, rates=rates)
    if request.method == "POST" and form.is_valid():
        profile = form.save(commit=False)
        profile.owner = request.user
        profile.save()
        messages.success(request, _("Profile created: add your first month."))
        return redirect("profile_detail", pk=profile.pk)
    return TemplateResponse(request, "creators/profile_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _owned_profile(request, pk)
    rates = load_active_rates()
    form = ProfileForm(
        request.POST or None,
        instance=profile,
        owner=request.user,
        rates=rates,
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            profile = form.save()
            refresh_estimates(profile, profile.months.all(), rates)
        messages.success(request, _("Profile saved."))
        return redirect("profile_detail", pk=profile.pk)
    return TemplateResponse(
        request, "creators/profile_form.html", {"form": form, "profile": profile}
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_delete(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _owned_profile(request, pk)
    if request.method == "POST":
        tiktok_views.disconnect_all([profile])  # revoked at TikTok, not only deleted here
        profile.delete()
        messages.success(request, _("Profile deleted."))
        return redirect("dashboard")
    return TemplateResponse(request, "creators/profile_delete.html", {"profile": profile})


def _profile_context(
    request: HttpRequest, profile_pk: int, form=None, notice: str = "", open_form=False
) -> dict:
    """What the profile page shows, each part computed only when the template draws it
    (``ProfilePage``). The month form is open when it has errors (``form``), when
    ``open_form`` (right after a month was added, for the next one) or when there is no month
    yet; otherwise a button brings it (htmx) or leads to its page."""
    rates = load_active_rates()
    profile = get_object_or_404(
        CreatorProfile.objects.owned_by(request.user).with_months_state(rates.card_id),
        pk=profile_pk,
    )
    period = request.GET.get("period", "12")
    page = ProfilePage(
        profile,
        rates,
        period=period if period in overview.PERIODS else "12",
        use_card=request.GET.get(learning.RATES_PARAMETER) == learning.CARD,
        today=timezone.localdate(),
    )
    if form is None and (open_form or not page.month_count):
        form = MonthlyStatForm(profile=profile, initial={"month": _next_month(page.stats)})
    return {**page.context(), "form": form, "notice": notice}


def _next_month(stats: list[MonthlyStat]) -> datetime.date:
    """The month the form proposes: the last complete one for a first month (the month that just
    started has almost no figures yet), else the one after the latest."""
    this_month = timezone.localdate().replace(day=1)
    if not stats:
        return add_months(this_month, -1)  # the last complete month
    return min(next_month(stats[-1].month), this_month)


@login_required
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = _profile_context(request, pk)
    return TemplateResponse(request, "creators/profile_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def month_create(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _owned_profile(request, pk)
    if request.method == "POST":
        form = MonthlyStatForm(request.POST, profile=profile)
    else:
        latest = MonthlyStat.objects.for_profile(profile).chronological().only("month").last()
        form = MonthlyStatForm(
            profile=profile, initial={"month": _next_month([latest] if latest else [])}
        )
    if request.method == "POST" and form.is_valid():
        stat = form.save_with_estimate(load_active_rates())
        if stat is not None:
            notice = _("%(month)s added.") % {"month": date_format(stat.month, "YEAR_MONTH_FORMAT")}
            return _after_save(request, profile, notice, open_form=True)
    if request.htmx and request.method == "POST":
        return _profile_body(request, profile, form=form)
    context = {"form": form, "profile": profile}
    if request.htmx:
        # Opened from the profile page's button: the keyboard's focus goes to the form it brought.
        form.fields["month"].widget.attrs["autofocus"] = True
        return TemplateResponse(request, "creators/month_form.html#month_form", context)
    return TemplateResponse(request, "creators/month_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def month_edit(request: HttpRequest, pk: int, month: str) -> HttpResponse:
    stat = _owned_month(request, pk, month)
    profile = stat.profile
    form = MonthlyStatForm(request.POST or None, instance=stat, profile=profile)
    if request.method == "POST" and form.is_valid():
        saved = form.save_with_estimate(load_active_rates())
        if saved is not None:
            notice = _("%(month)s saved.") % {
                "month": date_format(saved.month, "YEAR_MONTH_FORMAT")
            }
            return _after_save(request, profile, notice)
    if request.htmx and request.method == "POST":
        return _profile_body(request, profile, form=form)
    context = {"form": form, "profile": profile, "stat": stat}
    if request.htmx:
        return TemplateResponse(request, "creators/month_form.html#month_form", context)
    return TemplateResponse(request, "creators/month_form.html", context)


@login_required
@require_POST
def month_delete(request: HttpRequest, pk: int, month: str) -> HttpResponse:
    stat = _owned_month(request, pk, month)
    stat.delete()
    return _after_save(
        request,
        stat.profile,
        _("%(month)s deleted.") % {"month": date_format(stat.month, "YEAR_MONTH_FORMAT")},
    )


@login_required
@require_POST
def profile_recalculate(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _owned_profile(request, pk)
    rates = load_active_rates()
    with transaction.atomic():
        stats = list(MonthlyStat.objects.for_profile(profile).select_for_update())
        refresh_estimates(profile, stats, rates)
    messages.success(
        request,
        _("Estimates recalculated with the rate card “%(name)s”.")
        % {"name": card_text(rates.card_name)},
    )
    return redirect("profile_detail", pk=profile.pk)


def _profile_body(request: HttpRequest, profile: CreatorProfile, **kwargs) -> HttpResponse:
    context = _profile_context(request, profile.pk, **kwargs)
    return TemplateResponse(request, "creators/profile_detail.html#profile_body", context)


def _after_save(
    request: HttpRequest, profile: CreatorProfile, notice: str, open_form: bool = False
) -> HttpResponse:
    """In place with htmx (progress, charts and table all change); a redirect without."""
    if request.htmx:
        return _profile_body(request, profile, notice=notice, open_form=open_form)
    messages.success(request, notice)
    return redirect(reverse("profile_detail", args=[profile.pk]) + "#months")


@login_required
@require_safe
def profile_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The goal planner from the profile's latest month, with months at the recent pace."""
    profile = _owned_profile(request, pk)
    stats = list(MonthlyStat.objects.for_profile(profile).chronological())
    if not stats:
        messages.info(request, _("Add a month first: the planner starts from your latest figures."))
        return redirect(reverse("profile_detail", args=[profile.pk]) + "#months")
    card = load_active_rates()
    own_rates = learning.own_rates_for(profile, stats, card, request.GET.get("rates"))
    rates = own_rates.rates  # the card's, in the profile's currency, when nothing is learnt
    data = request.GET.copy()
    if not data.get("goal"):
        # The goal field shows the goal planned for, not an empty box.
        data["goal"] = default_goal()
    for name, value in overview.plan_query(profile, stats[-1], rates).items():
        data[name] = value
    context = plan_context(data, rates)
    overview.add_months_at_pace(context, stats, rates, timezone.localdate())
    context.update({"profile": profile, "latest": stats[-1], "own_rates": own_rates})
    template = "estimator/plan.html#plan" if request.htmx else "estimator/plan.html"
    return TemplateResponse(request, template, context)
