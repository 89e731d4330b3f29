"""Every URL that names a profile or a month answers 404 to anyone but its owner."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, reverse

from creators import urls as creator_urls
from creators.models import CreatorProfile, MonthlyStat
from tests.creators.factories import make_month, make_profile, make_user

pytestmark = pytest.mark.django_db


def object_patterns() -> list[URLPattern]:
    return [
        pattern
        for pattern in creator_urls.urlpatterns
        if isinstance(pattern, URLPattern) and "pk" in pattern.pattern.converters
    ]


def url_for(pattern: URLPattern, profile, month) -> str:
    kwargs = {"pk": profile.pk}
    if "month" in pattern.pattern.converters:
        kwargs["month"] = month.month.strftime("%Y-%m")
    return reverse(pattern.name, kwargs=kwargs)


def snapshot():
    return (
        list(CreatorProfile.objects.values().order_by("pk")),
        list(MonthlyStat.objects.values().order_by("pk")),
    )


def test_the_patterns_under_test_cover_every_profile_and_month_view():
    names = {pattern.name for pattern in object_patterns()}
    assert names >= {
        "profile_detail",
        "profile_edit",
        "profile_delete",
        "profile_recalculate",
        "month_create",
        "month_edit",
        "month_delete",
    }


@pytest.mark.parametrize("pattern", object_patterns(), ids=lambda pattern: pattern.name)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_user_gets_404_and_nothing_changes(client, pattern, method):
    owner_profile = make_profile(handle="owner")
    month = make_month(owner_profile, 2026, 9, followers=1_000)
    client.force_login(make_user())
    before = snapshot()

    data = {
        "month": "2026-09",
        "followers": "5",
        "handle": "stolen",
        "country": "FR",
        "niche": "general",
        "account_type": "personal",
    }
    response = getattr(client, method)(url_for(pattern, owner_profile, month), data)

    assert response.status_code in {404, 405}
    if response.status_code == 405:
        assert method == "get"
    assert snapshot() == before


@pytest.mark.parametrize("pattern", object_patterns(), ids=lambda pattern: pattern.name)
def test_the_owner_reaches_the_same_urls(client, pattern):
    profile = make_profile()
    month = make_month(profile, 2026, 9, followers=1_000)
    client.force_login(profile.owner)
    response = client.get(url_for(pattern, profile, month))
    assert response.status_code in {200, 405}


@pytest.mark.parametrize("pattern", object_patterns(), ids=lambda pattern: pattern.name)
def test_anonymous_visitors_are_sent_to_the_login_page(client, pattern):
    profile = make_profile()
    month = make_month(profile, 2026, 9)
    response = client.get(url_for(pattern, profile, month))
    assert response.status_code in {302, 405}
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))
