"""Connect a profile to TikTok (Login Kit for Web), disconnect it, and its panel on the profile.

Hidden (404, and no panel) unless TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET and
TIKTOK_REDIRECT_URI are set. The ``state`` sent to TikTok is random and kept in the session with
the profile it is for; the callback accepts only that state, once.
"""

from __future__ import annotations

import logging
import secrets

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from creators import tiktok_client, tiktok_sync
from creators.models import CreatorProfile, TikTokConnection
from creators.tasks import sync_tiktok_profile
from creators.tiktok_client import TikTokError

logger = logging.getLogger(__name__)
SESSION_KEY = "tiktok_oauth"


def _configured() -> None:
    if not tiktok_client.is_configured():
        raise Http404("TikTok is not configured")


def _owned_profile(request: HttpRequest, pk: int) -> CreatorProfile:
    return get_object_or_404(CreatorProfile.objects.owned_by(request.user), pk=pk)


def _back(profile_pk: int) -> HttpResponse:
    return redirect(reverse("profile_detail", args=[profile_pk]) + "#tiktok")


@login_required
@require_POST
def tiktok_connect(request: HttpRequest, pk: int) -> HttpResponse:
    """Off to TikTok's authorization page. A POST (with CSRF), so no other site can start a
    connection in the creator's name; the CSP's form-action allows TikTok's address for it."""
    _configured()
    profile = _owned_profile(request, pk)
    state = secrets.token_urlsafe(32)
    request.session[SESSION_KEY] = {
        "state": state,
        "profile": profile.pk,
        "language": translation.get_language(),  # the callback's address has no language
    }
    return redirect(tiktok_client.authorize_url(state))


@login_required
@require_safe
def tiktok_callback(request: HttpRequest) -> HttpResponse:
    """TikTok sends the creator back here with ``code`` and ``state`` (or ``error``)."""
    _configured()
    pending = request.session.pop(SESSION_KEY, None)
    if not isinstance(pending, dict) or not secrets.compare_digest(
        str(pending.get("state", "")), request.GET.get("state", "")
    ):
        messages.error(request, tiktok_sync.error_message("state_mismatch"))
        return redirect("dashboard")
    language = pending.get("language")
    if language in dict(settings.LANGUAGES):
        with translation.override(language):
            return _finish_connection(request, pending)
    return _finish_connection(request, pending)


def _finish_connection(request: HttpRequest, pending: dict) -> HttpResponse:
    profile = _owned_profile(request, pending.get("profile"))
    if request.GET.get("error") or not request.GET.get("code"):
        messages.error(request, tiktok_sync.error_message(request.GET.get("error", "")))
        return _back(profile.pk)
    try:
        tokens = tiktok_client.exchange_code(request.GET["code"])
    except TikTokError as error:
        messages.error(request, tiktok_sync.error_message(error.code))
        return _back(profile.pk)
    # A reconnection replaces the tokens: revoking the old ones would disconnect the app from
    # the TikTok account altogether (TikTok's revoke ends the whole authorization).
    connection = TikTokConnection.objects.filter(profile=profile).first() or TikTokConnection(
        profile=profile
    )
    connection.store_tokens(tokens)
    connection.status = TikTokConnection.Status.ACTIVE
    connection.last_error_code = ""
    connection.last_error_at = None
    connection.save()
    sync_tiktok_profile.enqueue(profile.pk)  # the first snapshot, now rather than tomorrow
    messages.success(request, _("TikTok is connected: your figures will be updated every day."))
    return _back(profile.pk)


def disconnect(connection: TikTokConnection) -> None:
    """Revoke the token at TikTok, then delete it here (even when TikTok cannot be reached:
    the creator asked for it to be gone)."""
    if tiktok_client.is_configured():
        try:
            tiktok_client.revoke(connection.access_token)
        except (TikTokError, InvalidToken) as error:
            logger.warning("TikTok revoke failed for profile %s: %s", connection.profile_id, error)
    connection.delete()


def disconnect_all(profiles) -> None:
    """Before profiles (or a whole account) are deleted: revoke their TikTok tokens."""
    for connection in TikTokConnection.objects.filter(profile__in=profiles):
        disconnect(connection)


@login_required
@require_POST
def tiktok_disconnect(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _owned_profile(request, pk)
    connection = get_object_or_404(TikTokConnection, profile=profile)
    disconnect(connection)
    messages.success(request, _("TikTok is disconnected: the access was revoked and deleted."))
    return _back(profile.pk)


def panel(profile: CreatorProfile) -> dict | None:
    """What the profile page's TikTok section shows (None: the feature is hidden)."""
    if not tiktok_client.is_configured():
        return None
    connection = TikTokConnection.objects.filter(profile=profile).first()
    if connection is None:
        return {"connection": None}
    return {
        "connection": connection,
        "error": tiktok_sync.error_message(connection.last_error_code)
        if connection.last_error_code
        else "",
        "videos": tiktok_sync.video_rows(profile, timezone.localdate()),
    }
