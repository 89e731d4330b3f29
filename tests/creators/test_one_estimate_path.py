"""One estimate path: a month typed with the numbers of an `/api/estimate` query stores and
shows exactly that query's breakdown, to the cent; ineligible sources are never summed."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from creators.models import CreatorProfile, MonthlyStat
from estimator.presentation import format_money
from tests.creators.factories import make_profile

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # a property test

NOVEMBER = time_machine.travel(datetime.datetime(2026, 11, 21, 12, 0), tick=False)
MONTH = datetime.date(2026, 10, 1)
examples = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

counts = st.none() | st.integers(min_value=0, max_value=10**9)
months = st.fixed_dictionaries(
    {
        "followers": counts,
        "video_views": counts,
        "long_video_views": counts,
        "qualified_views": counts,
        "videos_posted": counts,
        "diamonds": counts,
        "subscribers": counts,
        "sponsored_posts": counts,
    }
)
interactions = st.none() | st.fixed_dictionaries(
    {
        "likes": st.integers(min_value=0, max_value=10**7),
        "comments": st.none() | st.integers(min_value=0, max_value=10**6),
        "shares": st.none() | st.integers(min_value=0, max_value=10**6),
    }
)
profiles = st.fixed_dictionaries(
    {
        "country": st.sampled_from(["FR", "BE", "CA"]),
        "niche": st.sampled_from(["general", "finance", "beauty", "gaming"]),
        "account_type": st.sampled_from(["personal", "business"]),
        "age": st.none() | st.integers(min_value=13, max_value=70),
        "subscription_price": st.none()
        | st.decimals(min_value=0, max_value=100, places=2).map(str),
    }
)


def api_query(profile: CreatorProfile, month: dict, engagement: Decimal | None) -> dict:
    """The `/api/estimate` parameters of the same numbers, by their meaning."""
    names = {
        "followers": "followers",
        "video_views": "views_30d",
        "videos_posted": "posts_30d",
        "long_video_views": "long_video_views",
        "qualified_views": "qualified_views",
        "diamonds": "diamonds",
        "subscribers": "subscribers",
        "sponsored_posts": "sponsored_posts",
    }
    query = {
        "country": profile.country,
        "niche": profile.niche,
        "account_type": profile.account_type,
    }
    age = profile.age_in(MONTH)
    if age is not None:
        query["age"] = str(age)
    if profile.subscription_price is not None:
        query["subscription_price"] = str(profile.subscription_price)
    for field, parameter in names.items():
        if month[field] is not None:
            query[parameter] = str(month[field])
    if engagement is not None:
        query["engagement_rate"] = str(engagement)
    return query


def birth_date_for(age: int | None) -> datetime.date | None:
    # Born on the 15th of June: the age at the end of October 2026 is unambiguous.
    return None if age is None else datetime.date(2026 - age, 6, 15)


@NOVEMBER
@examples
@given(month=months, typed=interactions, creator=profiles)
def test_a_typed_month_stores_and_shows_the_apis_breakdown(client, month, typed, creator):
    profile = make_profile(
        country=creator["country"],
        niche=creator["niche"],
        account_type=creator["account_type"],
        birth_date=birth_date_for(creator["age"]),
        subscription_price=creator["subscription_price"],
    )
    client.force_login(profile.owner)
    form = {"month": "2026-10", **{k: str(v) for k, v in month.items() if v is not None}}
    if typed is not None:
        form.update({k: str(v) for k, v in typed.items() if v is not None})
    response = client.post(f"/profiles/{profile.pk}/months/new/", form)
    if response.status_code == 200:
        # Counts this large can price a month beyond what is stored: the form refuses it with
        # a message (tests/creators/test_month_too_large.py), and there is nothing to compare.
        errors = response.context["form"].non_field_errors()
        assert len(errors) == 1 and "trop grande" in errors[0], errors
        assume(False)
    assert response.status_code == 302
    stat = MonthlyStat.objects.get(profile=profile)

    engagement = None
    if typed is not None and month["video_views"]:
        total = sum(value for value in typed.values() if value is not None)
        engagement = (Decimal(total) * 100 / month["video_views"]).quantize(Decimal("0.01"))
        # The API takes 0-100 %; a month can have more interactions than views.
        assume(engagement <= 100)
    answer = client.get("/api/estimate", api_query(profile, month, engagement)).json()

    stored = stat.estimate
    for source in answer["sources"]:
        expected = {key: value for key, value in source.items() if key != "formula"}
        assert stored["sources"][source["key"]] == expected, source["key"]
    assert stored["total"] == answer["total"]
    assert stored["suggested_prices"] == answer["suggested_prices"]
    page = client.get(f"/en/profiles/{profile.pk}/").text
    if stored["total_known"]:
        assert stat.estimated_total == Decimal(answer["total"]["expected"])
        with translation.override("en"):
            shown = format_money(Decimal(answer["total"]["expected"]), answer["currency"])
        assert f'data-figure="estimate">{shown}<' in page
    else:
        assert stat.estimated_total is None
        assert 'data-figure="estimate">unknown' in page


@NOVEMBER
def test_a_month_without_likes_comments_or_shares_applies_no_engagement_penalty(client):
    profile = make_profile(niche="finance", birth_date=datetime.date(1990, 1, 1))
    client.force_login(profile.owner)
    client.post(
        f"/profiles/{profile.pk}/months/new/",
        {"month": "2026-10", "followers": "6800", "video_views": "500000", "sponsored_posts": "2"},
    )
    stat = MonthlyStat.objects.get(profile=profile)
    answer = client.get(
        "/api/estimate",
        {"followers": "6800", "views_30d": "500000", "sponsored_posts": "2", "niche": "finance"},
    ).json()

    assert stat.engagement_rate is None
    assert "engagement_unknown" in stat.estimate["sources"]["brand_partnerships"]["hints"]
    assert stat.estimated_total == Decimal(answer["total"]["expected"])
    page = client.get(f"/en/profiles/{profile.pk}/").text
    assert "no bonus or penalty is applied to brand deals" in page
