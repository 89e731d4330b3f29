"""Recalculating every stored month after an activation: batches on the queue, progress, resume.

Tasks run with the immediate backend here (conftest), or are held by the dummy backend where a
test plays the part of a worker that dies; tests/test_worker.py runs a real worker process.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from creators import recalculation
from creators.estimates import refresh_estimates
from creators.models import MonthlyStat, Recalculation, RecalculationBatch
from estimator import snapshot
from estimator.models import RateCard
from tests.creators.factories import make_history, make_profile

DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _forget_parsed_rate_cards(monkeypatch):
    # Card ids are reused once a test's transaction is rolled back.
    monkeypatch.setattr(snapshot, "_rates_by_card", {})
    monkeypatch.setattr(recalculation, "_rates_by_card", {})


@pytest.fixture
def profiles(db):
    old = RateCard.objects.get(is_active=True)
    made = []
    for index in range(7):
        profile = make_profile(handle=f"recalc{index}")
        stats = make_history(profile, 4 + index, long_video_views=60_000)
        refresh_estimates(profile, stats, snapshot.load_active_rates())
        made.append(profile)
    assert MonthlyStat.objects.exclude(rate_card=old).count() == 0
    return made


@pytest.fixture
def new_card(profiles) -> RateCard:
    """An activated card whose RPM is doubled: every stored total must change."""
    card = RateCard.objects.get(is_active=True).clone(name="Doubled RPM")
    rpm = card.rates.get(key="rpm")
    rpm.low, rpm.expected, rpm.high = rpm.low * 2, rpm.expected * 2, rpm.high * 2
    rpm.save()
    card.activate()
    return card


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(recalculation, "BATCH_PROFILES", 2)


def months_on(card: RateCard) -> int:
    return MonthlyStat.objects.filter(rate_card=card).count()


def test_the_admin_action_recalculates_every_month_in_batches(
    admin_client, new_card, small_batches, django_capture_on_commit_callbacks
):
    def rewards() -> dict[int, Decimal]:
        return {
            pk: Decimal(estimate["sources"]["creator_rewards"]["expected"])
            for pk, estimate in MonthlyStat.objects.values_list("pk", "estimate")
        }

    before = rewards()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:estimator_ratecard_changelist"),
            {"action": "recalculate_profiles", "_selected_action": [new_card.pk]},
        )
    assert response.status_code == 302
    run = Recalculation.objects.get()
    total = MonthlyStat.objects.count()
    assert (run.card, run.total_months, run.done_months, run.failed_profiles) == (
        new_card,
        total,
        total,
        0,
    )
    assert run.finished_at is not None
    assert run.batches.count() == 4  # 7 profiles, 2 per batch
    assert months_on(new_card) == total
    for pk, after in rewards().items():
        assert after > before[pk] > 0  # the doubled RPM, really used
    page = admin_client.get(
        reverse("admin:creators_recalculation_changelist"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert f"{total} / {total}" in page.text


def test_the_request_only_enqueues(admin_client, new_card, settings):
    settings.TASKS = DUMMY
    admin_client.post(
        reverse("admin:estimator_ratecard_changelist"),
        {"action": "recalculate_profiles", "_selected_action": [new_card.pk]},
    )
    run = Recalculation.objects.get()
    assert run.planned_at is None and not run.batches.exists()
    assert months_on(new_card) == 0
    page = admin_client.get(reverse("admin:creators_recalculation_changelist"))
    assert page.status_code == 200
    with translation.override("en"):
        url = reverse("admin:creators_recalculation_change", args=[run.pk])
    detail = admin_client.get(url)
    assert detail.status_code == 200
    assert "waiting for a worker" in detail.text  # not yet split into batches


def test_only_the_active_card_can_be_used(admin_client, new_card):
    old = RateCard.objects.exclude(pk=new_card.pk).get()
    admin_client.post(
        reverse("admin:estimator_ratecard_changelist"),
        {"action": "recalculate_profiles", "_selected_action": [old.pk]},
    )
    assert not Recalculation.objects.exists()


def test_activation_offers_the_recalculation(admin_client, profiles):
    copy = RateCard.objects.get(is_active=True).clone()
    with translation.override("en"):
        url = reverse("admin:estimator_ratecard_changelist")
    response = admin_client.post(
        url, {"action": "activate_card", "_selected_action": [copy.pk]}, follow=True
    )
    assert "Recalculate every profile with this card" in response.text


def test_a_worker_killed_mid_way_leaves_only_whole_batches_and_a_new_one_finishes(
    new_card, small_batches, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY  # nothing runs by itself: this test is the worker
    run = recalculation.start(new_card)
    with django_capture_on_commit_callbacks(execute=True):
        recalculation.plan_recalculation.call(run.pk)
    batches = list(run.batches.all())
    recalculation.recalculate_batch.call(batches[0].pk)
    # The worker died inside the second batch: its transaction rolled back, it stays "running".
    RecalculationBatch.objects.filter(pk=batches[1].pk).update(
        state=RecalculationBatch.State.RUNNING, attempts=1
    )
    run.refresh_from_db()
    assert 0 < run.done_months < run.total_months and run.finished_at is None

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    assert recalculation.resume() == len(batches) - 1  # what a new worker enqueues as it starts
    run.refresh_from_db()
    assert run.done_months == run.total_months == MonthlyStat.objects.count()
    assert run.finished_at is not None
    assert months_on(new_card) == run.total_months
    assert RecalculationBatch.objects.get(pk=batches[1].pk).attempts == 2
    assert recalculation.resume() == 0


def test_a_batch_saves_what_the_public_path_saves_and_twice_ends_identical(new_card, profiles):
    profile = profiles[3]

    def stored() -> list[dict]:
        """The months' values, without the marks of a write (bumped by every write)."""
        rows = MonthlyStat.objects.for_profile(profile).values()
        return [{k: v for k, v in row.items() if k not in WRITE_MARKS} for row in rows]

    def marks(name: str) -> list[int]:
        return list(MonthlyStat.objects.for_profile(profile).values_list(name, flat=True))

    def run_batch() -> Recalculation:
        run = Recalculation.objects.create(card=new_card)
        batch = RecalculationBatch.objects.create(recalculation=run, profile_ids=[profile.pk])
        recalculation.recalculate_batch.call(batch.pk)
        recalculation.recalculate_batch.call(batch.pk)  # a copy enqueued again: finds it done
        run.refresh_from_db()
        return run

    before = stored()
    writes_before, revisions_before = marks("writes"), marks("revision")
    assert {row["rate_card_id"] for row in before} != {new_card.pk}
    run = run_batch()
    # Each month written once, and counted so (the profile page notices it); its figures are
    # unchanged, so a month form opened before stays valid (same revision).
    assert marks("writes") == [writes + 1 for writes in writes_before]
    assert marks("revision") == revisions_before
    assert run.done_months == len(before)  # counted once
    by_batch = stored()
    assert {row["rate_card_id"] for row in by_batch} == {new_card.pk}
    assert by_batch != before
    # The profile page's "Recalculate" (creators.estimates.refresh_estimates) stores the same.
    refresh_estimates(profile, MonthlyStat.objects.for_profile(profile), snapshot_rates(new_card))
    assert stored() == by_batch
    run_batch()  # recalculated twice: identical
    assert stored() == by_batch


WRITE_MARKS = ("updated_at", "writes")


def snapshot_rates(card: RateCard):
    return snapshot.rates_from_snapshot(card.pk, card.name, card.effective_from, card.snapshot)


def test_a_failing_profile_is_counted_and_the_others_finish(
    new_card, profiles, monkeypatch, django_capture_on_commit_callbacks
):
    broken = profiles[2]
    real = recalculation.refresh_estimates

    def refresh(profile, stats, rates):
        if profile.pk == broken.pk:
            raise ValueError("corrupt month")
        return real(profile, stats, rates)

    monkeypatch.setattr(recalculation, "refresh_estimates", refresh)
    with django_capture_on_commit_callbacks(execute=True):
        run = recalculation.start(new_card)
    run.refresh_from_db()
    assert run.failed_profiles == 1
    assert run.finished_at is not None
    broken_months = MonthlyStat.objects.filter(profile=broken).count()
    assert run.done_months == run.total_months - broken_months
    assert months_on(new_card) == run.done_months


def test_no_months_finishes_at_once(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = recalculation.start(RateCard.objects.get(is_active=True))
    run.refresh_from_db()
    assert run.total_months == 0 and run.finished_at is not None
