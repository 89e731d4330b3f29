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

from creators import activation, tiktok_views
from creators.account_forms import AccountDeleteForm, AccountSettingsForm, SignupForm
from creators.models import (
    AccountSettings,
    AudienceSnapshot,
    CreatorProfile,
    DigestSubscription,
    MediaKit,
    MediaKitPhoto,
    MonthlyStat,
    TikTokConnection,
    TikTokDailySnapshot,
    TikTokVideo,
    TikTokVideoSnapshot,
)


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password1", "password2")
def signup(request: HttpRequest) -> HttpResponse:
    """The same answer whether or not the email has an account: a mail says what comes next.

    A new account waits, inactive, for its owner to open the link mailed to it; the owner of an
    existing account is told so by mail (or, not yet confirmed, gets the link again).
    """
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        user = form.save(commit=False)  # the password is hashed either way: the same time
        existing = form.existing_account()
        if existing is None:
            user.is_active = False
            user.save()
            activation.send_activation(request, user)
        elif existing.is_active:
            activation.send_existing_account(request, existing)
        else:
            activation.send_activation(request, existing)
        return redirect("signup_sent")
    return render(request, "creators/account/signup.html", {"form": form})


@require_safe
def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "creators/account/signup_sent.html")


@require_http_methods(["GET", "POST"])
def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """GET shows a button, POST activates: mail scanners that open links activate nothing."""
    user = activation.user_for(uidb64, token)
    if user is None:
        return render(request, "creators/account/signup_confirm.html", {"valid": False})
    if request.method == "POST":
        user.is_active = True
        user.save(update_fields=["is_active"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account is ready."))
        return redirect("dashboard")
    return render(request, "creators/account/signup_confirm.html", {"valid": True})


@login_required
@require_safe
def account(request: HttpRequest) -> HttpResponse:
    settings_row = AccountSettings.objects.filter(user=request.user).first()
    form = AccountSettingsForm(instance=settings_row)
    digest_on = DigestSubscription.objects.filter(user=request.user).exists()
    return render(
        request,
        "creators/account/overview.html",
        {"settings_form": form, "digest_on": digest_on},
    )


@login_required
@require_POST
def account_settings(request: HttpRequest) -> HttpResponse:
    """The account's choices; for now whether its figures count in the observed rates."""
    settings_row, _created = AccountSettings.objects.get_or_create(user=request.user)
    form = AccountSettingsForm(request.POST, instance=settings_row)
    form.save()  # a checkbox alone cannot be invalid
    if form.instance.share_observed_rates:
        messages.success(request, _("Thank you: your figures now count in the observed rates."))
    else:
        messages.success(request, _("Your figures no longer count in the observed rates."))
    return redirect("account")


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
        # Profiles and their months go with the user (on_delete=CASCADE); TikTok tokens are
        # revoked at TikTok first.
        tiktok_views.disconnect_all(CreatorProfile.objects.owned_by(request.user))
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
    tiktok = tiktok_data(user)
    kits = {
        kit.pop("profile_id"): kit for kit in MediaKit.objects.filter(profile__owner=user).values()
    }
    photos = set(
        MediaKitPhoto.objects.filter(profile__owner=user).values_list("profile_id", flat=True)
    )
    audiences = defaultdict(list)
    for snapshot in (
        AudienceSnapshot.objects.filter(profile__owner=user).order_by("export_date").values()
    ):
        audiences[snapshot.pop("profile_id")].append(snapshot)
    choices = AccountSettings.objects.filter(user=user).values("share_observed_rates").first()
    digest = DigestSubscription.objects.filter(user=user).values("language").first()
    return {
        "user": {
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "share_observed_rates": bool(choices and choices["share_observed_rates"]),
            "monthly_digest": digest,
        },
        "profiles": [
            {
                **profile,
                "months": months_by_profile[profile["id"]],
                "tiktok": tiktok[profile["id"]],
                # The photo itself is not in the file (an image): whether there is one is.
                "media_kit": {**kits[profile["id"]], "photo": profile["id"] in photos}
                if profile["id"] in kits
                else None,
                "audience": audiences[profile["id"]],
            }
            for profile in profiles
        ],
    }


def tiktok_data(user) -> dict[int, dict]:
    """Per profile, what TikTok's API gave us (four queries); the tokens are not exported."""
    data: dict[int, dict] = defaultdict(lambda: {"connection": None, "daily": [], "videos": []})
    for connection in TikTokConnection.objects.filter(profile__owner=user).values(
        "profile_id", "open_id", "scope", "status", "connected_at", "last_synced_at"
    ):
        data[connection.pop("profile_id")]["connection"] = connection
    for day in (
        TikTokDailySnapshot.objects.filter(profile__owner=user)
        .order_by("date")
        .values(
            "profile_id", "date", "follower_count", "following_count", "likes_count", "video_count"
        )
    ):
        data[day.pop("profile_id")]["daily"].append(day)
    snapshots = defaultdict(list)
    for snapshot in (
        TikTokVideoSnapshot.objects.filter(video__profile__owner=user)
        .order_by("date")
        .values("video_id", "date", "view_count", "like_count", "comment_count", "share_count")
    ):
        snapshots[snapshot.pop("video_id")].append(snapshot)
    for video in TikTokVideo.objects.filter(profile__owner=user).values(
        "id", "profile_id", "video_id", "created_at", "duration", "title", "last_seen"
    ):
        profile_id = video.pop("profile_id")
        video["days"] = snapshots[video.pop("id")]
        data[profile_id]["videos"].append(video)
    return data
