"""Months read from TikTok Studio files, against what a profile already stores.

``plan_import`` says, per month and field, what an import would do (the preview);
``apply_import`` does it, in one transaction and a bulk write, with each written month's
estimate recomputed. The rules:

- the fields an export carries (followers, video views, profile views, likes, comments,
  shares) are set and marked "imported" in ``origins``; the fields it does not carry are never
  touched, so whatever the creator typed there stays;
- ``origins["_days"]`` keeps, per imported field, the number of days its value covers: a
  partial month never overwrites an imported value that covered more days, nor a typed value
  (typed for the whole month), unless the creator ticks that month to replace it;
- the creator can leave any month out;
- importing the same files twice changes nothing.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from creators import audience
from creators.estimates import apply_estimate
from creators.models import CreatorProfile, MonthlyStat, Origin
from creators.studio import limits
from creators.studio.columns import FIELDS, kind_label
from creators.studio.files import ExportFile
from creators.studio.reading import StudioImport, read_exports
from creators.studio.totals import MonthTotals, months_from_json, months_to_json
from estimator import calculations as calc

IMPORTED_FIELDS = FIELDS
DAYS_KEY = "_days"  # in MonthlyStat.origins: imported field -> days its value covers

NEW = "new"  # nothing stored for this field (or this month)
CHANGED = "changed"
UNCHANGED = "unchanged"
KEPT = "kept"  # the stored imported value covers more days than this partial month
KEPT_TYPED = "kept_typed"  # a typed value, for the whole month: a partial month keeps it
# A partial month over a fuller stored month adds nothing either (likes of 18 days next to the
# views of 31 would make a false engagement rate), unless the creator chooses it.
LEFT_OUT = "left_out"


@dataclass(frozen=True)
class FieldPlan:
    name: str
    old: int | None
    new: int
    status: str
    old_origin: str | None
    stored_days: int | None
    days: int

    @property
    def writes(self) -> bool:
        return self.status in {NEW, CHANGED}


@dataclass(frozen=True)
class MonthPlan:
    totals: MonthTotals
    exists: bool
    fields: tuple[FieldPlan, ...]

    @property
    def month(self) -> datetime.date:
        return self.totals.month

    @property
    def writes(self) -> bool:
        return any(field.writes for field in self.fields)

    @property
    def keeps_fuller(self) -> bool:
        """A fuller stored value is kept: the creator may tick the month to replace it."""
        return any(field.status in {KEPT, KEPT_TYPED, LEFT_OUT} for field in self.fields)

    @property
    def changes(self) -> int:
        return sum(1 for field in self.fields if field.writes)

    def field(self, name: str) -> FieldPlan | None:
        return next((field for field in self.fields if field.name == name), None)

    @property
    def cells(self) -> list[FieldPlan | None]:
        """One per imported field, in table order (None: the export has no value for it)."""
        return [self.field(name) for name in IMPORTED_FIELDS]


@dataclass(frozen=True)
class ImportPlan:
    months: tuple[MonthPlan, ...]

    @property
    def written(self) -> tuple[MonthPlan, ...]:
        return tuple(month for month in self.months if month.writes)

    @property
    def has_changes(self) -> bool:
        return bool(self.written)

    @property
    def has_choices(self) -> bool:
        """Something to confirm: months to write, or fuller months the creator may replace."""
        return self.has_changes or any(month.keeps_fuller for month in self.months)


def _stored_days(stat: MonthlyStat | None, name: str) -> int | None:
    if stat is None or (stat.origins or {}).get(name) != Origin.IMPORTED:
        return None
    days = (stat.origins or {}).get(DAYS_KEY, {})
    value = days.get(name) if isinstance(days, dict) else None
    return value if isinstance(value, int) else None


def _fuller(stat: MonthlyStat | None, totals: MonthTotals) -> bool:
    """The stored month holds more of the month than this partial one: a typed value (typed
    for the whole month) or an imported one covering more days."""
    if stat is None or not totals.partial:
        return False
    for name in IMPORTED_FIELDS:
        if getattr(stat, name) is None:
            continue
        stored_days = _stored_days(stat, name)
        if stored_days is None or stored_days > totals.field_days.get(name, totals.days):
            return True
    return False


def _field_plan(
    stat: MonthlyStat | None,
    totals: MonthTotals,
    name: str,
    replace: bool = False,
    fuller: bool = False,
) -> FieldPlan:
    new = totals.values[name]
    days = totals.field_days.get(name, totals.days)
    old = getattr(stat, name) if stat is not None else None
    origin = (stat.origins or {}).get(name) if stat is not None else None
    stored_days = _stored_days(stat, name)
    if old is None:
        status = LEFT_OUT if fuller and not replace else NEW
    elif old == new:
        status = UNCHANGED
    elif replace:
        status = CHANGED
    elif stored_days is not None and stored_days > days:
        status = KEPT
    elif stored_days is None and fuller:
        status = KEPT_TYPED
    else:
        status = CHANGED
    return FieldPlan(name, old, new, status, origin, stored_days, days)


def _plan(
    existing: dict[datetime.date, MonthlyStat],
    months: Iterable[MonthTotals],
    replace: Collection[datetime.date] = (),
) -> ImportPlan:
    plans = []
    for totals in sorted(months, key=lambda totals: totals.month):
        stat = existing.get(totals.month)
        fuller = _fuller(stat, totals)
        fields = tuple(
            _field_plan(stat, totals, name, totals.month in replace, fuller)
            for name in IMPORTED_FIELDS
            if name in totals.values
        )
        plans.append(MonthPlan(totals, stat is not None, fields))
    return ImportPlan(tuple(plans))


def _stored(profile: CreatorProfile, months: Sequence[MonthTotals], *, lock: bool = False):
    if profile.pk is None:
        return {}
    stats = MonthlyStat.objects.for_profile(profile).filter(
        month__in=[totals.month for totals in months]
    )
    if lock:
        stats = stats.select_for_update()
    return {stat.month: stat for stat in stats}


def plan_import(
    profile: CreatorProfile,
    months: Sequence[MonthTotals],
    replace: Collection[datetime.date] = (),
) -> ImportPlan:
    """What importing ``months`` would change (one query; none for an unsaved profile).
    ``replace``: partial months the creator chose to write over fuller stored values."""
    return _plan(_stored(profile, months), months, replace)


def apply_import(
    profile: CreatorProfile,
    months: Sequence[MonthTotals],
    rates: calc.Rates,
    replace: Collection[datetime.date] = (),
) -> ImportPlan:
    """Write the plan, all of it or nothing; the plan is made again under lock, then returned."""
    with transaction.atomic():
        existing = _stored(profile, months, lock=True)
        plan = _plan(existing, months, replace)
        now = timezone.now()
        created, updated = [], []
        for month_plan in plan.written:
            stat = existing.get(month_plan.month) or MonthlyStat(
                profile=profile, month=month_plan.month, origins={}
            )
            origins = dict(stat.origins or {})
            days = dict(origins.get(DAYS_KEY) or {})
            for field in month_plan.fields:
                if field.writes:
                    setattr(stat, field.name, field.new)
                    origins[field.name] = Origin.IMPORTED.value
                    days[field.name] = field.days
                elif field.status == UNCHANGED and field.stored_days is not None:
                    days[field.name] = max(field.stored_days, field.days)
            origins[DAYS_KEY] = days
            stat.origins = origins
            stat.updated_at = now
            if stat.pk:
                stat.revision += 1  # a month form opened before the import is now stale
            apply_estimate(profile, stat, rates)
            (updated if stat.pk else created).append(stat)
        MonthlyStat.objects.bulk_create(created)
        MonthlyStat.objects.bulk_update(
            updated,
            [
                *IMPORTED_FIELDS,
                "origins",
                "estimate",
                "estimated_total",
                "rate_card",
                "updated_at",
                "revision",
            ],
        )
    return plan


# --- The import waiting for confirmation, kept in the session -----------------------------

SESSION_KEY = "studio_import"


@dataclass(frozen=True)
class Pending:
    """What the preview showed: the months to write, the tables read, notices; one token."""

    profile_id: int
    token: str
    months: tuple[MonthTotals, ...]
    tables: tuple[dict[str, Any], ...]
    notices: tuple[str, ...]
    audience: audience.Audience | None = None  # the Followers and Content files


def read_uploads(files: Sequence, export_date: datetime.date | None) -> StudioImport:
    """Uploaded files (Django's UploadedFile), sizes checked before anything is read."""
    errors = limits.check_batch([(upload.name, upload.size) for upload in files])
    if errors:
        return StudioImport(errors=tuple(errors))
    exports = [ExportFile(upload.name, upload.read()) for upload in files]
    return read_exports(exports, export_date, today=timezone.localdate())


def remember(session, profile: CreatorProfile, result: StudioImport) -> None:
    """Keep what was read for the confirmation: small plain JSON, checked again when read."""
    session[SESSION_KEY] = {
        "profile": profile.pk,
        "token": secrets.token_urlsafe(16),
        "months": months_to_json(result.months),
        "tables": [
            {
                "name": table.name,
                "kind": table.kind,
                "first_day": table.first_day.isoformat() if table.first_day else None,
                "last_day": table.last_day.isoformat() if table.last_day else None,
                "days": table.days,
            }
            for table in result.tables
        ],
        "notices": [str(notice) for notice in result.notices],
        "audience": audience.to_json(result.audience),
    }


def recall(session, profile: CreatorProfile) -> Pending | None:
    """The pending import of ``profile``, checked again; None when absent or not as written."""
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict) or data.get("profile") != profile.pk:
        return None
    try:
        months = months_from_json(data.get("months"))
        tables = tuple(_checked_table(table) for table in data.get("tables") or ())
        notices = tuple(_checked_text(notice) for notice in data.get("notices") or ())
        token = _checked_text(data.get("token"))
        found_audience = audience.from_json(data.get("audience"))
    except (ValueError, TypeError, KeyError, ArithmeticError):
        return None
    if not months and found_audience is None:
        return None
    return Pending(profile.pk, token, months, tables, notices, found_audience)


def forget(session) -> None:
    session.pop(SESSION_KEY, None)


def _checked_text(value: Any) -> str:
    if not isinstance(value, str) or len(value) > 500:
        raise ValueError("text expected")
    return value


def _checked_table(table: Any) -> dict[str, Any]:
    if not isinstance(table, dict) or table.get("kind") not in {"overview", "followers"}:
        raise ValueError("table expected")
    first, last = table.get("first_day"), table.get("last_day")
    return {
        "name": _checked_text(table.get("name")),
        "kind": table["kind"],
        "kind_label": kind_label(table["kind"]),
        "first_day": datetime.date.fromisoformat(first) if first else None,
        "last_day": datetime.date.fromisoformat(last) if last else None,
        "days": int(table.get("days") or 0),
    }
