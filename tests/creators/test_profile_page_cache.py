"""The profile page's parts come from the cache on a second visit, without a month loaded; any
write of a month, whatever its path, shows at once; two owners never share a part."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from creators import importing, recalculation
from creators import tiktok_client as tiktok
from creators.estimates import refresh_estimates
from creators.models import (
    CreatorProfile,
    MonthlyStat,
    Recalculation,
    RecalculationBatch,
    TikTokConnection,
)
from creators.tiktok_sync import derive_months, store_snapshot
from estimator.models import RateCard
from estimator.snapshot import load_active_rates
from tests.creators.factories import (
    make_history,
    make_month,
    make_profile,
    make_user,
    partial_october_export,
)

pytestmark = pytest.mark.django_db
NOVEMBER = time_machine.travel(datetime.datetime(2026, 11, 21, 12, 0), tick=False)
OCTOBER = datetime.date(2026, 10, 1)
# The page's parts, each found by its heading (the months table has its own tests).
PARTS = ("figures-title", "own-rates-title", "progress-title", "comparison-title")


@pytest.fixture
def profile(client):
    profile = make_profile(handle="lea", niche="finance")
    client.force_login(profile.owner)
    return profile


def page(client, profile, query: str = "") -> str:
    response = client.get(f"/en/profiles/{profile.pk}/{query}")
    assert response.status_code == 200
    return response.text


def part(html: str, heading: str) -> str:
    return html.split(f'aria-labelledby="{heading}"')[1].split("</section>")[0]


def figure(html: str, name: str) -> str:
    return re.search(rf'<dd data-figure="{name}">(.*?)</dd>', html, re.S).group(1)


def comparison(html: str, source: str) -> str:
    return part(html, "comparison-title").split(f'data-comparison="{source}"')[1].split("</tr>")[0]


def october() -> MonthlyStat:
    return MonthlyStat.objects.get(month=OCTOBER)


# --- a second visit ---------------------------------------------------------------------------


@NOVEMBER
def test_a_second_visit_draws_every_part_from_the_cache_without_loading_a_month(client, profile):
    make_history(profile, 24, actual_creator_rewards=Decimal("50"), qualified_views=100_000)
    load_active_rates()  # the rate card is parsed once per process, not per page
    with CaptureQueriesContext(connection) as first_visit:
        first = page(client, profile)
    with CaptureQueriesContext(connection) as second_visit:
        second = page(client, profile)
    for heading in (*PARTS, "charts-title"):
        assert part(second, heading) == part(first, heading)
    assert 'data-own-rate="rpm"' in second  # the parts are not empty
    months_loaded = [
        query for query in second_visit if query["sql"].startswith('SELECT "creators_monthlystat"')
    ]
    assert months_loaded == []
    # Session, user, active card, profile with its months' state; the months on a miss.
    assert (len(first_visit), len(second_visit)) == (5, 4)


# --- every write path shows at once ---------------------------------------------------------


@NOVEMBER
def test_the_month_form_shows_at_once_in_every_part(client, profile):
    make_history(profile, 12)
    before = page(client, profile)
    assert "10,500" in figure(before, "followers")
    assert "—" in comparison(before, "creator_rewards")

    client.post(
        f"/profiles/{profile.pk}/months/2026-10/",
        {
            "month": "2026-10",
            "followers": "12345",
            "actual_creator_rewards": "77",
            "version": str(october().revision),
        },
    )
    after = page(client, profile)
    assert "12,345" in figure(after, "followers")
    assert "€77.00" in comparison(after, "creator_rewards")


@NOVEMBER
def test_an_added_and_a_deleted_month_show_at_once(client, profile):
    make_history(profile, 12, end=datetime.date(2026, 9, 1))
    assert "10,500" in figure(page(client, profile), "followers")

    client.post(f"/profiles/{profile.pk}/months/new/", {"month": "2026-10", "followers": "11111"})
    assert "11,111" in figure(page(client, profile), "followers")

    client.post(f"/profiles/{profile.pk}/months/2026-10/delete/")
    assert "10,500" in figure(page(client, profile), "followers")


@NOVEMBER
def test_a_month_deleted_then_created_again_shows_at_once(client, profile):
    """As many months as before, as many writes, written at the same (frozen) instant: a
    script that replaces a month is still noticed."""
    make_history(profile, 12)
    page(client, profile)
    MonthlyStat.objects.filter(profile=profile, month=OCTOBER).delete()
    make_month(profile, 2026, 10, followers=22_222)
    assert "22,222" in figure(page(client, profile), "followers")


@NOVEMBER
def test_an_import_shows_at_once(client, profile):
    make_month(profile, 2026, 9, followers=9_000)
    make_month(profile, 2026, 10, followers=10_000, video_views=60_000)
    assert "10,000" in figure(page(client, profile), "followers")

    client.post(f"/en/profiles/{profile.pk}/import/", {"files": partial_october_export()})
    token = client.session[importing.SESSION_KEY]["token"]
    client.post(
        f"/en/profiles/{profile.pk}/import/confirm/",
        {"token": token, "choosing": "1", "months": ["2026-09", "2026-10"], "replace": ["2026-10"]},
    )
    assert october().followers == 9_470
    assert "9,470" in figure(page(client, profile), "followers")


def activate_new_rpm() -> RateCard:
    copy = RateCard.objects.get(is_active=True).clone(name="New RPM")
    copy.rates.filter(key="rpm").update(expected="1.50", high="1.60")
    copy.activate()
    return copy


@NOVEMBER
def test_the_profiles_recalculation_shows_at_once(client, profile):
    client.post(
        f"/profiles/{profile.pk}/months/new/",
        {"month": "2026-10", "followers": "12000", "qualified_views": "100000"},
    )
    assert "€100.00" in figure(page(client, profile), "estimate")
    activate_new_rpm()
    assert "Recalculate with the current rates" in page(client, profile)

    client.post(f"/profiles/{profile.pk}/recalculate/")
    after = page(client, profile)
    assert "Recalculate with the current rates" not in after
    assert "€150.00" in figure(after, "estimate")


@NOVEMBER
def test_the_background_recalculation_shows_at_once(client, profile):
    client.post(
        f"/profiles/{profile.pk}/months/new/",
        {"month": "2026-10", "followers": "12000", "qualified_views": "100000"},
    )
    card = activate_new_rpm()
    before = page(client, profile)
    assert "€100.00 then, €150.00 with the current rates" in before

    run = Recalculation.objects.create(card=card)
    batch = RecalculationBatch.objects.create(recalculation=run, profile_ids=[profile.pk])
    recalculation.recalculate_batch.call(batch.pk)  # a raw executemany, not the ORM
    after = page(client, profile)
    assert "Recalculate with the current rates" not in after
    assert "€150.00" in figure(after, "estimate")


@NOVEMBER
def test_a_tiktok_sync_shows_at_once(client, profile):
    make_month(profile, 2026, 9, followers=9_000)
    make_month(profile, 2026, 10, video_views=60_000)  # followers not typed: TikTok fills them
    assert "—" in figure(page(client, profile), "followers")

    tiktok_connection = TikTokConnection(profile=profile, open_id="x")
    now = timezone.now()
    tiktok_connection.store_tokens(
        tiktok.Tokens("act.1", "rft.1", now, now + datetime.timedelta(days=365), "x", "video.list")
    )
    tiktok_connection.save()
    for day, followers in (("2026-09-30", 11_000), ("2026-10-31", 12_500)):
        user = tiktok.UserStats("x", "", followers, 80, 0, 0)
        store_snapshot(tiktok_connection, datetime.date.fromisoformat(day), user, [])
    derive_months(profile, [OCTOBER])
    assert october().followers == 12_500
    assert "12,500" in figure(page(client, profile), "followers")


@NOVEMBER
def test_a_scripts_bulk_updates_show_at_once(client, profile):
    make_history(profile, 12)
    page(client, profile)
    MonthlyStat.objects.filter(profile=profile, month=OCTOBER).update(actual_creator_rewards=42)
    assert "€42.00" in comparison(page(client, profile), "creator_rewards")

    stat = october()
    stat.followers = 54_321
    MonthlyStat.objects.bulk_update([stat], ["followers"])
    assert "54,321" in figure(page(client, profile), "followers")


@NOVEMBER
def test_a_profile_edit_shows_at_once(client, profile):
    make_history(profile, 3)
    assert 'data-assumed="age"' in part(page(client, profile), "progress-title")
    profile.birth_year = 1990
    profile.save()
    assert 'data-assumed="age"' not in part(page(client, profile), "progress-title")


def test_the_progress_is_drawn_again_each_day(client, profile):
    """Age thresholds move with the day: the creator turns 18 on 15 December 2026."""
    profile.birth_date = datetime.date(2008, 12, 15)
    profile.save()
    with time_machine.travel(datetime.datetime(2026, 11, 30, 12, 0), tick=False):
        make_history(profile, 3)
        before = part(page(client, profile), "progress-title")
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 0), tick=False):
        after = part(page(client, profile), "progress-title")
    assert before != after


@NOVEMBER
def test_the_rates_switch_and_the_period_get_their_own_copy(client, profile):
    make_history(profile, 24, actual_creator_rewards=Decimal("50"), qualified_views=100_000)
    own = part(page(client, profile), "own-rates-title")
    card = part(page(client, profile, "?rates=card"), "own-rates-title")
    assert 'data-rates="own"' in own
    assert 'data-rates="card"' in card
    twelve = comparison(page(client, profile), "creator_rewards")
    all_months = comparison(page(client, profile, "?period=all"), "creator_rewards")
    assert "€600.00" in twelve
    assert "€1,200.00" in all_months


# --- ownership --------------------------------------------------------------------------------


@NOVEMBER
def test_two_owners_with_the_same_months_never_share_a_part(client):
    first = make_profile(handle="twin", niche="finance")
    second = make_profile(handle="twin", niche="finance")
    for profile in (first, second):
        make_history(profile, 24, actual_creator_rewards=Decimal("50"), qualified_views=100_000)

    client.force_login(first.owner)
    page(client, first, "?period=all")
    client.force_login(second.owner)
    seen = page(client, second, "?period=all")
    assert f"/profiles/{second.pk}/months/2026-10/" in seen
    assert f"/profiles/{first.pk}/" not in seen
    # Cached or not, another owner's profile is not found.
    for headers in ({}, {"hx-request": "true"}):
        assert client.get(f"/en/profiles/{first.pk}/", headers=headers).status_code == 404
    client.force_login(make_user())
    assert client.get(f"/en/profiles/{second.pk}/?period=all").status_code == 404


# --- the dashboard ----------------------------------------------------------------------------


def dashboard_card(html: str, profile) -> str:
    return html.split(f'id="profile-{profile.pk}"')[1].split("</article>")[0]


@NOVEMBER
def test_a_second_dashboard_draws_every_card_from_the_cache_without_loading_a_month(client):
    user = make_user()
    profiles = [make_profile(owner=user) for _ in range(3)]
    for profile in profiles:
        make_history(profile, 24)
    client.force_login(user)
    load_active_rates()
    with CaptureQueriesContext(connection) as first_visit:
        first = client.get("/en/dashboard/").text
    with CaptureQueriesContext(connection) as second_visit:
        second = client.get("/en/dashboard/").text
    for profile in profiles:
        assert dashboard_card(second, profile) == dashboard_card(first, profile)
        assert "16,500" in dashboard_card(second, profile)
    months_loaded = [
        query for query in second_visit if query["sql"].startswith('SELECT "creators_monthlystat"')
    ]
    assert months_loaded == []
    # Session, user, active card, profiles with their months' state; every month on a miss.
    assert (len(first_visit), len(second_visit)) == (5, 4)


@NOVEMBER
def test_a_change_shows_at_once_on_the_dashboard_and_only_on_its_owners(client, profile):
    make_history(profile, 12)
    other = make_profile(handle="lea", niche="finance")
    make_history(other, 12)
    assert "10,500" in dashboard_card(client.get("/en/dashboard/").text, profile)

    MonthlyStat.objects.filter(profile=profile, month=OCTOBER).update(followers=54_321)
    seen = client.get("/en/dashboard/").text
    assert "54,321" in dashboard_card(seen, profile)
    assert f'id="profile-{other.pk}"' not in seen
    client.force_login(other.owner)
    seen = client.get("/en/dashboard/").text
    assert "10,500" in dashboard_card(seen, other)
    assert f'id="profile-{profile.pk}"' not in seen


def test_the_dashboard_is_drawn_again_each_day(client, profile):
    with time_machine.travel(datetime.datetime(2026, 11, 30, 12, 0), tick=False):
        make_history(profile, 3, end=datetime.date(2026, 11, 1))
        assert "not tracked yet" not in client.get("/en/dashboard/").text
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 0), tick=False):
        assert "this month is not tracked yet" in client.get("/en/dashboard/").text


# --- the version's cost -----------------------------------------------------------------------


def test_the_months_state_reads_only_the_profiles_own_months(profile):
    """The version is read on every visit: each of its subqueries must find the profile's months
    by the profile, never walk every creator's months by their card (4.6 s a page at 10 000
    creators when a subquery filtered on the card)."""
    card = RateCard.objects.get(is_active=True)
    query = CreatorProfile.objects.filter(pk=profile.pk).with_months_state(card.pk)
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = [row[-1] for row in cursor.fetchall()]
        else:
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = [row[0] for row in cursor.fetchall()]
    months = [line for line in plan if "creators_monthlystat" in line]
    assert months, plan
    assert not [line for line in months if "rate_card" in line], plan


def test_a_month_saved_after_a_bulk_update_counts_one_more_write(profile):
    """A copy of the month loaded before a bulk update (another server's, a form's) counts its
    own write on top, never writes back the count it read."""
    stat = make_month(profile, 2026, 10, followers=12_000)
    refresh_estimates(profile, [stat], load_active_rates())  # one write, counted in SQL
    after_bulk = MonthlyStat.objects.get(pk=stat.pk).writes
    stat.followers = 13_000
    stat.save()
    assert MonthlyStat.objects.get(pk=stat.pk).writes == after_bulk + 1
    assert stat.writes == after_bulk + 1  # read again when asked for
