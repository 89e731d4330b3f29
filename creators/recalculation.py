"""Recalculate every stored month with one rate card, in batches on the task queue.

``start()`` only writes one row and enqueues one task, so the admin's request never waits:
``plan_recalculation`` splits the profiles into batches and enqueues one ``recalculate_batch``
each. A batch recalculates its profiles with the one public path, ``refresh_estimates``, and
marks itself done in the same transaction, so it is done or not. A worker killed mid-batch
leaves that batch "running": ``resume()`` (run by ``manage.py run_worker`` as a worker starts)
enqueues every unfinished batch again; a batch already done is skipped, and one recalculated
twice ends identical.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from creators.estimates import apply_estimate
from creators.models import (
    CreatorProfile,
    MonthlyStat,
    Recalculation,
    RecalculationBatch,
)
from estimator import calculations as calc
from estimator.models import RateCard
from estimator.snapshot import rates_from_snapshot

logger = logging.getLogger(__name__)

# About 1 800 months (50 profiles × 36): a second or so of work, one transaction.
BATCH_PROFILES = 50

_rates_by_card: dict[int, calc.Rates] = {}


def card_rates(card_id: int) -> calc.Rates:
    """The rates of a card that has been activated (its snapshot never changes afterwards)."""
    rates = _rates_by_card.get(card_id)
    if rates is None:
        card = RateCard.objects.only("name", "effective_from", "snapshot").get(pk=card_id)
        if card.snapshot is None:
            raise ValueError(f"Rate card #{card_id} has never been activated.")
        rates = rates_from_snapshot(card.pk, card.name, card.effective_from, card.snapshot)
        _rates_by_card.clear()
        _rates_by_card[card_id] = rates
    return rates


def start(card: RateCard, user=None) -> Recalculation:
    """Ask for every profile to be recalculated with ``card``: one row and one task."""
    run = Recalculation.objects.create(card=card, requested_by=user)
    transaction.on_commit(lambda: plan_recalculation.enqueue(run.pk))
    return run


def start_from_admin(card: RateCard, user) -> str:
    """The rate-card admin's action (registered with ``estimator.recalculation``): start, and
    the address of the progress page."""
    return reverse("admin:creators_recalculation_change", args=[start(card, user).pk])


def _batches(sizes: Iterable[tuple[int, int]]) -> Iterable[tuple[list[int], int]]:
    ids: list[int] = []
    months = 0
    for profile_id, count in sizes:
        ids.append(profile_id)
        months += count
        if len(ids) == BATCH_PROFILES:
            yield ids, months
            ids, months = [], 0
    if ids:
        yield ids, months


@task
def plan_recalculation(run_id: int) -> None:
    with transaction.atomic():
        run = Recalculation.objects.select_for_update().get(pk=run_id)
        if run.planned_at is not None:
            return  # planned by an earlier copy of this task: resume() enqueues what is left
        sizes = (
            CreatorProfile.objects.annotate(count=Count("months"))
            .filter(count__gt=0)
            .order_by("pk")
            .values_list("pk", "count")
        )
        batches = [
            RecalculationBatch(recalculation=run, profile_ids=ids, months=months)
            for ids, months in _batches(sizes.iterator())
        ]
        RecalculationBatch.objects.bulk_create(batches, batch_size=500)
        run.total_months = sum(batch.months for batch in batches)
        run.planned_at = timezone.now()
        if not batches:
            run.finished_at = run.planned_at
        run.save(update_fields=["total_months", "planned_at", "finished_at"])
        transaction.on_commit(lambda: _enqueue_unfinished(run_id))


def _enqueue_unfinished(run_id: int) -> int:
    pending = list(
        RecalculationBatch.objects.filter(recalculation_id=run_id)
        .exclude(state=RecalculationBatch.State.DONE)
        .values_list("pk", flat=True)
    )
    for batch_id in pending:
        recalculate_batch.enqueue(batch_id)
    return len(pending)


@task
def recalculate_batch(batch_id: int) -> None:
    batch = RecalculationBatch.objects.select_related("recalculation").get(pk=batch_id)
    if batch.state == RecalculationBatch.State.DONE:
        return
    RecalculationBatch.objects.filter(pk=batch_id).exclude(
        state=RecalculationBatch.State.DONE
    ).update(
        state=RecalculationBatch.State.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    rates = card_rates(batch.recalculation.card_id)
    with transaction.atomic():
        # Two copies of a batch (one enqueued again while the first still ran) take turns; the
        # second finds it done.
        batch = RecalculationBatch.objects.select_for_update().get(pk=batch_id)
        if batch.state == RecalculationBatch.State.DONE:
            return
        months = failed = 0
        for profile in CreatorProfile.objects.filter(pk__in=batch.profile_ids).order_by("pk"):
            try:
                with transaction.atomic():
                    stats = MonthlyStat.objects.for_profile(profile).select_for_update()
                    months += len(refresh_estimates(profile, stats, rates))
            except Exception:
                failed += 1
                logger.exception("Recalculation of profile #%s failed", profile.pk)
        batch.state = RecalculationBatch.State.DONE
        batch.failed_profiles = failed
        batch.finished_at = timezone.now()
        batch.save(update_fields=["state", "failed_profiles", "finished_at"])
        Recalculation.objects.filter(pk=batch.recalculation_id).update(
            done_months=F("done_months") + months,
            failed_profiles=F("failed_profiles") + failed,
        )
    _finish_if_complete(batch.recalculation_id)


# What refresh_estimates() saves, written with one executemany: Django's bulk_update builds a
# CASE expression per row and field, two thirds of a batch's time (measured with cProfile).
SAVED_FIELDS = ("estimate", "estimated_total", "rate_card")
BUMPED_FIELDS = ("writes", "updated_at")


def refresh_estimates(profile: CreatorProfile, stats, rates: calc.Rates) -> list[MonthlyStat]:
    """``creators.estimates.refresh_estimates``, with a faster write of the same fields."""
    stats = list(stats)
    for stat in stats:
        apply_estimate(profile, stat, rates)
    fields = [MonthlyStat._meta.get_field(name) for name in SAVED_FIELDS]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    # Like every write of a month (MonthlyStatQuerySet.update): counted, and its time set. The
    # figures are unchanged, so the revision (an open month form's check) is left alone.
    writes, updated_at = (MonthlyStat._meta.get_field(name) for name in BUMPED_FIELDS)
    assignments += f", {quote(writes.column)} = {quote(writes.column)} + 1"
    assignments += f", {quote(updated_at.column)} = %s"
    written_at = updated_at.get_db_prep_save(timezone.now(), connection)
    sql = f"UPDATE {quote(MonthlyStat._meta.db_table)} SET {assignments} WHERE id = %s"  # noqa: S608
    rows = [
        [field.get_db_prep_save(getattr(stat, field.attname), connection) for field in fields]
        + [written_at, stat.pk]
        for stat in stats
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return stats


def _finish_if_complete(run_id: int) -> None:
    unfinished = RecalculationBatch.objects.filter(recalculation=OuterRef("pk")).exclude(
        state=RecalculationBatch.State.DONE
    )
    Recalculation.objects.filter(
        pk=run_id, planned_at__isnull=False, finished_at__isnull=True
    ).exclude(Exists(unfinished)).update(finished_at=timezone.now())


def resume() -> int:
    """Enqueue again what interrupted workers left: plans not made, batches not done."""
    count = 0
    for run in Recalculation.objects.filter(finished_at__isnull=True):
        if run.planned_at is None:
            plan_recalculation.enqueue(run.pk)
            count += 1
        else:
            count += _enqueue_unfinished(run.pk)
    return count
