"""Profile inputs the estimate needs: a subscription price (so typed subscribers count) and
the age, said assumed when the birth date is unknown."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from creators.models import CreatorProfile, MonthlyStat
from tests.creators.factories import make_month, make_profile

pytestmark = pytest.mark.django_db

NOVEMBER = time_machine.travel(datetime.datetime(2026, 11, 21, 12, 0), tick=False)


@NOVEMBER
def test_a_subscription_price_on_the_profile_makes_typed_subscribers_count(client):
    profile = make_profile(handle="lea", birth_date=datetime.date(1990, 1, 1))
    client.force_login(profile.owner)
    client.post(
        f"/profiles/{profile.pk}/months/new/",
        {"month": "2026-10", "followers": "5000", "subscribers": "100"},
    )
    page = client.get(f"/en/profiles/{profile.pk}/").text
    assert 'data-assumed="subscription_price"' in page
    stat = MonthlyStat.objects.get(profile=profile)
    assert stat.estimate["sources"]["subscriptions"]["known"] is False

    response = client.post(
        f"/en/profiles/{profile.pk}/edit/",
        {
            "handle": "lea",
            "country": "FR",
            "niche": "general",
            "account_type": "personal",
            "birth_date": "1990-01-01",
            "subscription_price": "4,99",
            "currency": "",
        },
    )
    assert response.status_code == 302
    assert CreatorProfile.objects.get(pk=profile.pk).subscription_price == Decimal("4.99")
    stat.refresh_from_db()
    # 100 subscribers × 4,99 € × 50 % (France's creator share) = 249,50 €.
    assert stat.estimate["sources"]["subscriptions"]["expected"] == "249.50"
    assert stat.estimated_total == Decimal("249.50")
    assert 'data-assumed="subscription_price"' not in client.get(f"/en/profiles/{profile.pk}/").text


@NOVEMBER
def test_an_unknown_birth_date_is_said_assumed(client):
    profile = make_profile(handle="lea")
    make_month(profile, 2026, 10, followers=20_000, video_views=300_000)
    client.force_login(profile.owner)
    page = client.get(f"/en/profiles/{profile.pk}/").text
    assert 'data-assumed="age"' in page
    assert "Age assumed" in page

    profile.birth_year = 1990
    profile.save()
    assert 'data-assumed="age"' not in client.get(f"/en/profiles/{profile.pk}/").text
