"""The admin's view of background recalculations: progress, failures, nothing to edit."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from creators.models import Recalculation, RecalculationBatch


@admin.register(Recalculation)
class RecalculationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at", "progress", "failed_profiles", "state"]
    list_select_related = ["card"]
    fields = [
        "card",
        "requested_by",
        "created_at",
        "state",
        "progress",
        "batches",
        "failed_profiles",
        "finished_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("progress"))
    def progress(self, run: Recalculation) -> str:
        if run.planned_at is None:
            return _("waiting for a worker")
        return _("%(done)s / %(total)s months") % {
            "done": run.done_months,
            "total": run.total_months,
        }

    @admin.display(description=_("batches done"))
    def batches(self, run: Recalculation) -> str:
        done = run.batches.filter(state=RecalculationBatch.State.DONE).count()
        return f"{done} / {run.batches.count()}"

    @admin.display(description=_("state"))
    def state(self, run: Recalculation) -> str:
        if run.finished_at is not None:
            return _("finished")
        if run.planned_at is None:
            return _("queued")
        return _("running")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
