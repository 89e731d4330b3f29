"""The media kit: an opt-in public page, reachable only by its unguessable link while enabled.

The page, its photo and its PDF all start from the token: turning the kit off or renewing the
link makes every one of them answer 404 at once. The kit speaks the language the creator chose,
not the visitor's.
"""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from creators import media_kit, pdf
from creators.forms import MediaKitForm
from creators.media_kit_forms import KitForm
from creators.models import CreatorProfile, MediaKitPhoto

PHOTO_MAX_AGE = 7 * 24 * 3600  # the URL changes with the photo (its digest)


@login_required
@require_http_methods(["GET", "POST"])
def media_kit_settings(request: HttpRequest, pk: int) -> HttpResponse:
    profile = get_object_or_404(CreatorProfile.objects.owned_by(request.user), pk=pk)
    kit = media_kit.kit_of(profile)
    form = MediaKitForm(request.POST or None, instance=profile)
    kit_form = KitForm(request.POST or None, request.FILES or None, instance=kit)
    if request.method == "POST" and form.is_valid() and kit_form.is_valid():
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
        with transaction.atomic():
            profile.save(
                update_fields=["media_kit_token", "media_kit_contact", "media_kit_own_price"]
            )
            kit_form.save()
            _save_photo(profile, kit_form)
        return redirect("media_kit_settings", pk=profile.pk)
    return TemplateResponse(
        request,
        "creators/media_kit_settings.html",
        {
            "profile": profile,
            "form": form,
            "kit_form": kit_form,
            "photo": media_kit.photo_of(profile),
        },
    )


def _save_photo(profile: CreatorProfile, kit_form: KitForm) -> None:
    photo = kit_form.cleaned_data.get("photo")
    if photo is not None:
        MediaKitPhoto.objects.update_or_create(
            profile=profile,
            defaults={
                "data": photo.data,
                "content_type": photo.content_type,
                "width": photo.width,
                "height": photo.height,
                "digest": photo.digest,
            },
        )
    elif kit_form.cleaned_data.get("remove_photo"):
        MediaKitPhoto.objects.filter(profile=profile).delete()


def _public_profile(token: str) -> CreatorProfile:
    return get_object_or_404(CreatorProfile.objects.select_related("kit"), media_kit_token=token)


def _labels() -> dict[str, str]:
    return {
        "female": _("Women"),
        "male": _("Men"),
        "other": _("Other"),
        "others": _("Other countries"),
    }


def _render_kit(request: HttpRequest, profile: CreatorProfile, *, for_pdf: bool) -> str:
    context = media_kit.kit_context(profile, _labels())
    token = profile.media_kit_token
    context["kit_url"] = request.build_absolute_uri(reverse("media_kit", args=[token]))
    context["pdf_url"] = reverse("media_kit_pdf", args=[token])
    context["for_pdf"] = for_pdf
    photo = context["photo"]
    if photo is not None:
        path = reverse("media_kit_photo", args=[token, photo.digest])
        context["photo_url"] = request.build_absolute_uri(path)
        if for_pdf:  # the PDF fetches nothing: the photo goes inline
            data = MediaKitPhoto.objects.values_list("data", flat=True).get(pk=photo.pk)
            encoded = base64.b64encode(bytes(data)).decode("ascii")
            context["photo_src"] = f"data:{photo.content_type};base64,{encoded}"
        else:
            context["photo_src"] = path
    return render_to_string("creators/media_kit.html", context, request=request)


def _private(response: HttpResponse, language: str) -> HttpResponse:
    # A private link: keep it out of search engines and of other sites' referrers.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Content-Language"] = language
    return response


@require_safe
@never_cache
def media_kit_page(request: HttpRequest, token: str) -> HttpResponse:
    profile = _public_profile(token)
    language = media_kit.kit_of(profile).language
    with translation.override(language):
        html = _render_kit(request, profile, for_pdf=False)
    return _private(HttpResponse(html), language)


@require_safe
@never_cache
def media_kit_pdf(request: HttpRequest, token: str) -> HttpResponse:
    profile = _public_profile(token)
    language = media_kit.kit_of(profile).language
    with translation.override(language):
        html = _render_kit(request, profile, for_pdf=True)
    response = HttpResponse(pdf.html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        False, f"{profile.handle}-media-kit.pdf"
    )
    return _private(response, language)


@require_safe
def media_kit_photo(request: HttpRequest, token: str, digest: str) -> HttpResponse:
    profile = _public_profile(token)
    photo = get_object_or_404(MediaKitPhoto, profile=profile, digest=digest)
    etag = f'"{photo.digest}"'
    headers = {
        "Cache-Control": f"private, max-age={PHOTO_MAX_AGE}, immutable",
        "ETag": etag,
        "X-Robots-Tag": "noindex, nofollow",
    }
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(bytes(photo.data), content_type=photo.content_type)
    for name, value in headers.items():
        response[name] = value
    return response
