"""Account pages of our own: sign up, overview, delete everything, download everything.

Log in, log out and the password pages are Django's views with our templates (account_urls).
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from creators.account_forms import AccountDeleteForm, SignupForm
from creators.models import CreatorProfile, DigestSubscription, MonthlyStat


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password1", "password2")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        login(request, form.save(), backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account is ready."))
        return redirect("dashboard")
    return render(request, "creators/account/signup.html", {"form": form})


@login_required
@require_safe
def account(request: HttpRequest) -> HttpResponse:
    digest_on = DigestSubscription.objects.filter(user=request.user).exists()
    return render(request, "creators/account/overview.html", {"digest_on": digest_on})


@login_required
@require_POST
def account_digest(request: HttpRequest) -> HttpResponse:
    """Turn the monthly digest on or off (off by default); it is written in the page's language."""
    if request.POST.get("monthly_digest") == "on":
        DigestSubscription.objects.update_or_create(
            user=request.user, defaults={"language": get_language() or "fr"}
        )
        messages.success(
            request, _("You will receive the monthly digest on the 2nd of each month.")
        )
    else:
        DigestSubscription.objects.filter(user=request.user).delete()
        messages.success(request, _("The monthly digest is off."))
    return redirect("account")


@login_required
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        # Profiles and their months go with the user (on_delete=CASCADE).
        request.user.delete()
        logout(request)
        messages.success(request, _("Your account and all its data have been deleted."))
        return redirect("home")
    context = {
        "form": form,
        "profile_count": CreatorProfile.objects.owned_by(request.user).count(),
        "month_count": MonthlyStat.objects.owned_by(request.user).count(),
    }
    return render(request, "creators/account/delete.html", context)


@login_required
@require_safe
@never_cache
def account_export(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(
        account_data(request.user), json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    filename = f"tiktok-planner-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def account_data(user) -> dict:
    """Everything stored about ``user``, in two queries whatever the number of profiles.

    ``values()`` lists every column, so a field added later is exported without a change
    here; JsonResponse's encoder writes Decimals as strings and dates in ISO 8601.
    """
    months_by_profile = defaultdict(list)
    for month in MonthlyStat.objects.owned_by(user).order_by("profile", "month").values():
        months_by_profile[month["profile_id"]].append(month)
    profiles = CreatorProfile.objects.owned_by(user).order_by("handle", "pk").values()
    return {
        "user": {
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "profiles": [
            {**profile, "months": months_by_profile[profile["id"]]} for profile in profiles
        ],
    }
