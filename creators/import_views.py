"""Import from TikTok Studio (upload → preview → confirm) and export (CSV, XLSX) of a profile.

Every view fetches the profile through its owner first: another user gets a 404 whatever the
method, and nothing is read or written for them.
"""

from __future__ import annotations

import contextlib
import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from creators import audience, exporting, importing
from creators.models import CreatorProfile, MonthlyStat
from creators.studio import limits
from creators.studio.errors import StudioError
from estimator.snapshot import load_active_rates

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _owned_profile(request: HttpRequest, pk: int) -> CreatorProfile:
    return get_object_or_404(CreatorProfile.objects.owned_by(request.user), pk=pk)


def _get_only(request: HttpRequest) -> HttpResponse | None:
    """For views that answer GET: checked after the owner, so others get 404 on any method."""
    if request.method in {"GET", "HEAD"}:
        return None
    return HttpResponseNotAllowed(["GET", "HEAD"])


class UploadLimits(FileUploadHandler):
    """Stops keeping a file once it passes the per-file or per-upload size; reports it instead."""

    def __init__(self, request=None):
        super().__init__(request)
        self.errors: list[StudioError] = []
        self.file_bytes = 0
        self.total_bytes = 0
        self.total_reported = False

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.file_bytes = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.file_bytes += len(raw_data)
        self.total_bytes += len(raw_data)
        if self.file_bytes > limits.MAX_FILE_BYTES:
            self.errors.append(limits.file_too_large(self.file_name))
            raise SkipFile
        if self.total_bytes > limits.MAX_TOTAL_BYTES:
            if not self.total_reported:
                self.errors.append(limits.upload_too_large())
                self.total_reported = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers keep the file


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class StudioFilesField(forms.FileField):
    """Several files at once; an empty file passes here and is reported by the reader."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".zip,.csv,.xlsx"}))
        super().__init__(allow_empty_file=True, **kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, list) else [data]) if upload]
        if not uploads:
            return super().clean(None, initial)  # "choose at least one file"
        cleaned = []
        for upload in uploads:
            cleaned.append(super().clean(upload, initial))
        return cleaned


class ImportForm(forms.Form):
    files = StudioFilesField(
        label=gettext_lazy("TikTok Studio files"),
        help_text=gettext_lazy(
            "The zips of TikTok Studio → Analytics → Download data, or the CSV or Excel files "
            "inside them (Overview and FollowerHistory), several at once."
        ),
        error_messages={"required": gettext_lazy("Choose at least one file.")},
    )
    export_date = forms.DateField(
        label=gettext_lazy("Export date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy(
            "The day you downloaded the files: their dates have no year, we count back from "
            "this day. Empty: the date in the zip's name, else today."
        ),
    )

    def clean_export_date(self) -> datetime.date | None:
        export_date = self.cleaned_data.get("export_date")
        if export_date is not None and export_date > timezone.localdate():
            raise forms.ValidationError(_("The export date cannot be in the future."))
        return export_date


def _page(request: HttpRequest, profile: CreatorProfile, **context) -> TemplateResponse:
    context.setdefault("form", ImportForm())
    upload_limits = {"files": limits.MAX_FILES, "megabytes": limits.MAX_FILE_BYTES // limits.MB}
    return TemplateResponse(
        request, "creators/import.html", {"profile": profile, "limits": upload_limits, **context}
    )


# Uploads are limited in size before Django stores them, which means setting the upload
# handlers before the CSRF check reads the body: the view is exempt from the middleware and
# protected by the decorator instead (Django's documented way to change upload handlers).
@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    handler = UploadLimits(request)
    # AttributeError: the body was already read; the reader's size checks remain.
    with contextlib.suppress(AttributeError):
        request.upload_handlers.insert(0, handler)
    return _import_upload(request, pk, handler)


@csrf_protect
def _import_upload(request: HttpRequest, pk: int, handler: UploadLimits) -> HttpResponse:
    profile = _owned_profile(request, pk)
    if request.method != "POST":
        return _page(request, profile)
    form = ImportForm(request.POST, request.FILES)
    errors = list(handler.errors)
    valid = form.is_valid()
    if errors:
        form.errors.pop("files", None)  # refused for its size, not missing
    elif valid:
        result = importing.read_uploads(
            form.cleaned_data["files"], form.cleaned_data["export_date"]
        )
        if result.ok:
            importing.remember(request.session, profile, result)
            return redirect("profile_import_preview", pk=profile.pk)
        errors = list(result.errors)
    return _page(request, profile, form=form, errors=errors)


@login_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _owned_profile(request, pk)
    if refused := _get_only(request):
        return refused
    pending = importing.recall(request.session, profile)
    if pending is None:
        return _page(request, profile, nothing_pending=True)
    plan = importing.plan_import(profile, pending.months)
    audience_plan = [
        (audience.part_label(part), status)
        for part, status in audience.plan(profile, pending.audience)
    ]
    return _page(
        request,
        profile,
        pending=pending,
        plan=plan,
        fields=_field_labels(),
        audience_plan=audience_plan,
        has_changes=plan.has_choices or any(status != "unchanged" for _p, status in audience_plan),
    )


def _months_in(values: list[str]) -> set[datetime.date]:
    """The "YYYY-MM" values of a form, anything else ignored."""
    months = set()
    for value in values:
        try:
            months.add(datetime.datetime.strptime(value, "%Y-%m").date())
        except ValueError:
            continue
    return months


def _field_labels() -> list[str]:
    return [
        str(MonthlyStat._meta.get_field(name).verbose_name) for name in importing.IMPORTED_FIELDS
    ]


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _owned_profile(request, pk)
    pending = importing.recall(request.session, profile)
    token = request.POST.get("token", "")
    if pending is None or not constant_time_compare(token, pending.token):
        messages.error(request, _("This preview is no longer valid: choose your files again."))
        return redirect("profile_import", pk=profile.pk)
    months = pending.months
    if request.POST.get("choosing"):
        # The preview's form: only the months left ticked are written.
        chosen = _months_in(request.POST.getlist("months"))
        months = tuple(month for month in months if month.month in chosen)
    replace = _months_in(request.POST.getlist("replace"))
    with transaction.atomic():
        plan = importing.apply_import(profile, months, load_active_rates(), replace)
        audience_changed = audience.apply(profile, pending.audience)
    importing.forget(request.session)
    if audience_changed and not plan.has_changes:
        messages.success(request, _("Audience and recent videos imported from TikTok Studio."))
    elif plan.has_changes:
        count = len(plan.written)
        messages.success(
            request,
            ngettext(
                "%(count)s month imported from TikTok Studio.",
                "%(count)s months imported from TikTok Studio.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("Nothing to change: your table already holds these values."))
    return redirect(reverse("profile_detail", args=[profile.pk]) + "#months")


def _download(profile: CreatorProfile, content: bytes | str, content_type: str, suffix: str):
    response = HttpResponse(content, content_type=content_type)
    filename = f"{profile.handle}-tiktok-stats-{timezone.localdate():%Y-%m-%d}.{suffix}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # Someone's stats: never kept by a shared cache (a proxy) nor written to the browser's disk.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _owned_profile(request, pk)
    if refused := _get_only(request):
        return refused
    stats = MonthlyStat.objects.for_profile(profile).chronological()
    return _download(profile, exporting.csv_text(stats), "text/csv; charset=utf-8", "csv")


@login_required
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _owned_profile(request, pk)
    if refused := _get_only(request):
        return refused
    stats = MonthlyStat.objects.for_profile(profile).chronological()
    return _download(profile, exporting.xlsx_bytes(stats), XLSX_TYPE, "xlsx")
