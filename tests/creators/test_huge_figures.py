"""Figures every form accepts, however absurd together, never break a page: a price of
999 999 999 for 10^12 subscribers is stored and shown (the estimated total's column holds any
product of accepted inputs), not a 500 on every page afterwards."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from tests.creators.factories import make_month, make_profile

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime.datetime(2026, 11, 21, 12, 0), tick=False)
def test_a_profile_edit_that_makes_a_huge_estimate_breaks_no_page(client):
    profile = make_profile(handle="lea")
    make_month(profile, 2026, 10, subscribers=10**12, followers=5_000)
    client.force_login(profile.owner)
    response = client.post(
        f"/en/profiles/{profile.pk}/edit/",
        {
            "handle": "lea",
            "country": "FR",
            "niche": "general",
            "account_type": "personal",
            "subscription_price": "999999999",
        },
    )
    assert response.status_code == 302
    for path in (
        f"/en/profiles/{profile.pk}/",
        "/en/dashboard/",
        f"/en/profiles/{profile.pk}/plan/",
        f"/en/profiles/{profile.pk}/export.csv",
    ):
        assert client.get(path).status_code == 200, path
