"""A new profile: the add-a-month form first, no empty cards or charts, last complete month."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from tests.creators.factories import make_month, make_profile

pytestmark = pytest.mark.django_db
DECEMBER_FIRST = time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0), tick=False)


@pytest.fixture
def profile(client):
    profile = make_profile(handle="nouveau")
    client.force_login(profile.owner)
    return profile


@DECEMBER_FIRST
def test_a_new_profile_shows_the_month_form_and_nothing_empty(client, profile):
    text = client.get(f"/en/profiles/{profile.pk}/").text
    assert 'id="month-form"' in text
    assert "Your first month" in text
    for empty in ("progress-title", "charts-title", "comparison-title", "figures-title"):
        assert empty not in text
    assert "months-table" not in text
    assert "chart-svg" not in text and "chart-empty" not in text


@DECEMBER_FIRST
def test_the_first_month_proposed_is_the_last_complete_one(client, profile):
    text = client.get(f"/en/profiles/{profile.pk}/").text
    assert 'name="month" value="2026-11"' in text
    page = client.get(f"/en/profiles/{profile.pk}/months/new/").text
    assert 'name="month" value="2026-11"' in page


@DECEMBER_FIRST
def test_with_a_month_the_cards_charts_and_table_come_back(client, profile):
    make_month(profile, 2026, 10, followers=1_000, video_views=5_000)
    text = client.get(f"/en/profiles/{profile.pk}/").text
    for part in ("progress-title", "charts-title", "comparison-title", "months-table"):
        assert part in text
    assert f'href="/en/profiles/{profile.pk}/months/new/"' in text
