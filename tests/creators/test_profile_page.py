"""The profile page: key figures, progress, projections, months added and edited in place."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from creators import recalculation
from creators.estimates import refresh_estimates
from creators.models import MonthlyStat
from estimator.models import RateCard
from estimator.snapshot import load_active_rates
from tests.creators.factories import make_history, make_month, make_profile

pytestmark = pytest.mark.django_db
NOVEMBER = time_machine.travel(datetime.datetime(2026, 11, 21, 12, 0), tick=False)


@pytest.fixture
def profile(client):
    profile = make_profile(handle="lea", niche="finance")
    client.force_login(profile.owner)
    return profile


def page_queries(client, profile) -> int:
    load_active_rates()  # the rate card is parsed once per process, not per page
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/profiles/{profile.pk}/?period=all")
    assert response.status_code == 200
    return len(queries)


def test_the_page_makes_as_many_queries_with_60_months_as_with_1(client, profile):
    make_history(profile, 1)
    with_one = page_queries(client, profile)
    other = make_profile(owner=profile.owner)
    make_history(other, 60)
    client.force_login(other.owner)
    assert page_queries(client, other) == with_one
    assert with_one == 5  # session, user, active card, profile (with its months' state), months


@NOVEMBER
def test_progress_shows_the_projection_at_the_current_pace(client, profile):
    make_history(profile, 4)  # 5 000 -> 6 500 followers, +500 a month, up to October 2026
    response = client.get(f"/en/profiles/{profile.pk}/")
    text = response.text
    # 10 000 needed: 3 500 missing at +500 a month -> 7 months after October -> May 2027.
    assert "+3,500 to reach 10,000" in text
    assert "eligible around May 2027 at the current pace" in text


@NOVEMBER
def test_a_shrinking_account_reads_not_at_this_pace(client, profile):
    for month, followers in ((8, 7_000), (9, 6_900), (10, 6_800)):
        make_month(profile, 2026, month, followers=followers)
    response = client.get(f"/en/profiles/{profile.pk}/")
    assert "not at this pace" in response.text


@NOVEMBER
def test_a_threshold_just_reached_names_the_month(client, profile):
    make_month(profile, 2026, 9, followers=9_500)
    make_month(profile, 2026, 10, followers=10_200)
    response = client.get(f"/en/profiles/{profile.pk}/")
    assert "reached in October 2026" in response.text


@NOVEMBER
def test_adding_a_month_stores_its_estimate_with_the_rate_card(client, profile):
    response = client.post(
        f"/profiles/{profile.pk}/months/new/",
        {
            "month": "2026-10",
            "followers": "12 000",
            "video_views": "150000",
            "qualified_views": "100000",
            "likes": "9000",
        },
    )
    assert response.status_code == 302
    stat = MonthlyStat.objects.get(profile=profile)
    assert stat.followers == 12_000
    assert stat.rate_card == RateCard.objects.get(is_active=True)
    assert stat.estimated_total == Decimal("100.00")
    assert stat.origins["followers"] == "typed"


@NOVEMBER
def test_htmx_add_returns_the_updated_page_body_in_place(client, profile):
    response = client.post(
        f"/en/profiles/{profile.pk}/months/new/",
        {"month": "2026-10", "followers": "12000"},
        headers={"hx-request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<div id="profile-body">')
    assert "October 2026 added" in response.text or "2026-10 added" in response.text
    assert MonthlyStat.objects.filter(profile=profile).count() == 1


@NOVEMBER
@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    ("field", "value"),
    [("followers", "-5"), ("followers", "douze"), ("actual_ugc", "-1"), ("month", "2027-01")],
)
def test_a_bad_value_is_shown_next_to_the_field_and_kept(client, profile, htmx, field, value):
    data = {"month": "2026-10", "followers": "1000", "video_views": "5000", field: value}
    headers = {"hx-request": "true"} if htmx else {}
    response = client.post(f"/profiles/{profile.pk}/months/new/", data, headers=headers)
    assert response.status_code == 200
    assert f'id="id_{field}"' in response.text
    assert "is-invalid" in response.text
    assert f'value="{value}"' in response.text
    assert 'value="5000"' in response.text
    assert not MonthlyStat.objects.filter(profile=profile).exists()


@NOVEMBER
def test_a_duplicate_month_is_refused_on_the_month_field(client, profile):
    make_month(profile, 2026, 10, followers=1_000)
    response = client.post(
        f"/en/profiles/{profile.pk}/months/new/", {"month": "2026-10", "followers": "2000"}
    )
    assert response.status_code == 200
    assert "already in your table" in response.text
    assert MonthlyStat.objects.get(profile=profile).followers == 1_000


@NOVEMBER
def test_editing_a_month_keeps_it_unique_and_recomputes_its_estimate(client, profile):
    make_month(profile, 2026, 10, followers=12_000, video_views=150_000)
    response = client.post(
        f"/profiles/{profile.pk}/months/2026-10/",
        {
            "month": "2026-10",
            "followers": "12000",
            "video_views": "150000",
            "qualified_views": "200000",
            "version": "0",
        },
    )
    assert response.status_code == 302
    stat = MonthlyStat.objects.get(profile=profile)
    assert stat.estimated_total == Decimal("200.00")
    assert stat.revision == 1


@NOVEMBER
def test_the_edit_form_comes_as_a_fragment_for_htmx(client, profile):
    make_month(profile, 2026, 10, followers=12_000)
    response = client.get(f"/profiles/{profile.pk}/months/2026-10/", headers={"hx-request": "true"})
    assert response.text.lstrip().startswith('<div id="month-form"')
    assert 'value="12000"' in response.text


@NOVEMBER
def test_deleting_a_month(client, profile):
    make_month(profile, 2026, 10, followers=12_000)
    response = client.post(f"/profiles/{profile.pk}/months/2026-10/delete/")
    assert response.status_code == 302
    assert not MonthlyStat.objects.filter(profile=profile).exists()


PRICED_MONTH = {"followers": "12000", "video_views": "150000", "qualified_views": "100000"}


def activate_a_card_with_rpm(expected: str, high: str) -> RateCard:
    """A copy of the active card, with another RPM, activated."""
    copy = RateCard.objects.get(is_active=True).clone(name="New RPM")
    copy.rates.filter(key="rpm").update(expected=expected, high=high)
    copy.activate()
    return copy


@NOVEMBER
def test_a_month_with_an_unknown_total_is_left_out_of_the_recalculation_sums(client, profile):
    for month, figures in (("2026-09", {"followers": "11000"}), ("2026-10", PRICED_MONTH)):
        client.post(f"/profiles/{profile.pk}/months/new/", {"month": month, **figures})
    assert MonthlyStat.objects.get(month=datetime.date(2026, 9, 1)).estimated_total is None
    activate_a_card_with_rpm("1.50", "1.60")

    page = client.get(f"/en/profiles/{profile.pk}/").text
    assert "since 2 months were estimated: €100.00 then, €150.00 with the current rates" in page
    assert "1 month with an unknown total is left out of these sums" in page


@NOVEMBER
def test_months_whose_totals_are_all_unknown_show_no_sum(client, profile):
    client.post(f"/profiles/{profile.pk}/months/new/", {"month": "2026-10", "followers": "11000"})
    copy = RateCard.objects.get(is_active=True).clone(name="New RPM")
    copy.activate()

    page = client.get(f"/en/profiles/{profile.pk}/").text
    assert "since 1 month was estimated; its total is unknown" in page
    assert "€0.00 then" not in page


@NOVEMBER
def test_changed_rates_offer_a_recalculation_with_the_difference(client, profile):
    client.post(f"/profiles/{profile.pk}/months/new/", {"month": "2026-10", **PRICED_MONTH})
    copy = activate_a_card_with_rpm("1.50", "1.60")

    page = client.get(f"/en/profiles/{profile.pk}/").text
    assert "Recalculate with the current rates" in page
    assert "€100.00 then, €150.00 with the current rates" in page

    client.post(f"/profiles/{profile.pk}/recalculate/")
    stat = MonthlyStat.objects.get(profile=profile)
    assert stat.rate_card == copy
    assert stat.estimated_total == Decimal("150.00")
    assert (
        "Recalculate with the current rates" not in client.get(f"/en/profiles/{profile.pk}/").text
    )


@NOVEMBER
def test_engagement_growth_and_estimated_vs_actual(client, profile):
    make_month(profile, 2026, 9, followers=10_000, video_views=100_000)
    make_month(
        profile,
        2026,
        10,
        followers=11_000,
        video_views=100_000,
        likes=5_000,
        comments=500,
        shares=500,
        actual_ugc=Decimal("450.00"),
    )
    text = client.get(f"/en/profiles/{profile.pk}/?period=all").text
    assert "6.00 %" in text  # (5 000 + 500 + 500) / 100 000
    assert "+10%" in text
    assert "€450.00" in text


@NOVEMBER
def test_a_currency_override_converts_the_estimate(client, profile):
    profile.currency = "CAD"
    profile.save()
    client.post(
        f"/profiles/{profile.pk}/months/new/",
        {
            "month": "2026-10",
            "followers": "12000",
            "video_views": "150000",
            "qualified_views": "100000",
        },
    )
    # 100 000 qualified views x 1,00 EUR / 1000 x 1,62 EUR->CAD
    assert MonthlyStat.objects.get(profile=profile).estimated_total == Decimal("162.00")


@NOVEMBER
def test_a_new_estimate_of_the_same_figures_leaves_an_open_month_form_valid(client, profile):
    """A recalculation (the profile's button, or the background one after a card is
    activated) rewrites the estimate, not the figures: the creator's open form still saves."""
    stat = make_month(profile, 2026, 10, followers=12_000)
    opened = str(stat.revision)
    months, rates = MonthlyStat.objects.filter(pk=stat.pk), load_active_rates()
    refresh_estimates(profile, months, rates)  # the profile's "Recalculate"
    recalculation.refresh_estimates(profile, months, rates)  # the background batch's write
    response = client.post(
        f"/en/profiles/{profile.pk}/months/2026-10/",
        {"month": "2026-10", "followers": "13000", "version": opened},
    )
    assert response.status_code == 302
    saved = MonthlyStat.objects.get(pk=stat.pk)
    assert saved.followers == 13_000
    assert saved.writes == stat.writes + 3  # both recalculations and the edit, each counted


@NOVEMBER
def test_an_edit_made_from_a_stale_form_is_refused_and_changes_nothing(client, profile):
    stat = make_month(profile, 2026, 10, followers=12_000)
    opened = str(stat.revision)
    MonthlyStat.objects.filter(pk=stat.pk).update(followers=12_500, revision=stat.revision + 1)
    response = client.post(
        f"/en/profiles/{profile.pk}/months/2026-10/",
        {"month": "2026-10", "followers": "13000", "version": opened},
    )
    assert response.status_code == 200
    assert "changed elsewhere" in response.text
    assert MonthlyStat.objects.get(pk=stat.pk).followers == 12_500


@NOVEMBER
def test_the_edit_form_carries_the_version_it_was_opened_with(client, profile):
    stat = make_month(profile, 2026, 10, followers=12_000)
    response = client.get(f"/profiles/{profile.pk}/months/2026-10/")
    assert f'name="version" value="{stat.revision}"' in response.text


@NOVEMBER
def test_the_profile_planner_starts_from_the_latest_month_and_gives_months_at_pace(client, profile):
    make_month(profile, 2026, 8, followers=20_000, video_views=300_000, qualified_views=400_000)
    make_month(profile, 2026, 9, followers=21_000, video_views=300_000, qualified_views=500_000)
    make_month(profile, 2026, 10, followers=22_000, video_views=300_000, qualified_views=600_000)
    response = client.get(f"/en/profiles/{profile.pk}/plan/", {"goal": "1000"})
    assert response.status_code == 200
    text = response.text
    assert "€600.00 a month today" in text
    assert 'data-views="1000000"' in text
    # +100 000 qualified views a month from 600 000 in October: 1 000 000 in February 2027.
    assert "At the current pace: around February 2027." in text


@NOVEMBER
def test_the_profile_planner_fills_in_the_goal_it_plans_for(client, profile):
    make_month(profile, 2026, 10, followers=2_000, video_views=30_000)
    text = client.get(f"/en/profiles/{profile.pk}/plan/").text
    assert 'name="goal" value="1000"' in text
    assert 'data-route="ugc"' in text


def test_the_profile_planner_needs_a_month_first(client, profile):
    response = client.get(f"/profiles/{profile.pk}/plan/")
    assert response.status_code == 302


@NOVEMBER
def test_the_profile_page_warns_about_a_single_programme(client, profile):
    client.post(
        f"/profiles/{profile.pk}/months/new/",
        {
            "month": "2026-10",
            "followers": "12000",
            "video_views": "900000",
            "qualified_views": "800000",
        },
    )
    response = client.get(f"/en/profiles/{profile.pk}/")
    assert 'data-dominant="creator_rewards"' in response.text


@NOVEMBER
def test_the_profile_planner_takes_a_month_with_more_interactions_than_views(client, profile):
    make_month(profile, 2026, 10, followers=20_000, video_views=1_000, likes=5_000)
    response = client.get(f"/en/profiles/{profile.pk}/plan/")
    assert response.status_code == 200
    assert "Some values could not be used" not in response.text
