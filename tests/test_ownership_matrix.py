"""Every URL of the project that names an object answers 404 to anyone but its owner.

The matrix enumerates the URL patterns themselves: a new view that names an object is tested
here automatically, or the first test fails until it is taught how to build the URL (or the
pattern is exempted with a reason).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from creators.models import CreatorProfile, MonthlyStat
from tests.creators.factories import make_month, make_profile, make_user

# Patterns with arguments that do not name a user's object, and why.
EXEMPT_NAMESPACES = {"admin": "staff only; checked below for non-staff users"}
EXEMPT_NAMES = {
    "password_reset_confirm": "an emailed one-time token, not an object id",
    "signup_confirm": "an emailed one-time token for an inactive account, not an object id "
    "(tests/creators/test_accounts.py)",
    "media_kit": "public by design while enabled, addressed by an unguessable token "
    "(tests/creators/test_media_kit.py)",
    "media_kit_pdf": "the media kit as a PDF: public like the kit, by its token "
    "(tests/creators/test_kit_pdf.py)",
    "media_kit_photo": "the media kit's photo: public like the kit, by its token "
    "(tests/creators/test_kit_photo.py)",
}


def walk(patterns, namespace: str | None = None) -> Iterator[tuple[str | None, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, entry.namespace or namespace)
        else:
            yield namespace, entry


def converters(pattern: URLPattern) -> set[str]:
    return set(getattr(pattern.pattern, "converters", {}))


def object_patterns() -> list[URLPattern]:
    found = []
    for namespace, pattern in walk(get_resolver().url_patterns):
        if not converters(pattern) or namespace in EXEMPT_NAMESPACES:
            continue
        if pattern.name in EXEMPT_NAMES:
            continue
        found.append(pattern)
    return found


def build_kwargs(pattern: URLPattern, profile: CreatorProfile, month: MonthlyStat) -> dict:
    values = {"pk": profile.pk, "month": month.month.strftime("%Y-%m")}
    return {name: values[name] for name in converters(pattern)}


def snapshot():
    return (
        list(CreatorProfile.objects.values().order_by("pk")),
        list(MonthlyStat.objects.values().order_by("pk")),
    )


def test_every_object_url_is_known_to_the_matrix():
    unknown = [
        (pattern.name, sorted(converters(pattern) - {"pk", "month"}))
        for pattern in object_patterns()
        if converters(pattern) - {"pk", "month"}
    ]
    assert unknown == [], "teach build_kwargs() these arguments, or exempt the pattern"
    assert {pattern.name for pattern in object_patterns()} >= {
        "profile_detail",
        "profile_edit",
        "profile_delete",
        "profile_recalculate",
        "month_create",
        "month_edit",
        "month_delete",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", object_patterns(), ids=lambda pattern: pattern.name)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_user_gets_404_and_nothing_changes(client, pattern, method):
    profile = make_profile(handle="owner")
    month = make_month(profile, 2026, 9, followers=1_000)
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

    url = reverse(pattern.name, kwargs=build_kwargs(pattern, profile, month))
    response = getattr(client, method)(url, data)

    assert response.status_code in {404, 405}
    if response.status_code == 405:
        # The method is not allowed to anyone: the answer reveals nothing about the owner.
        client.force_login(profile.owner)
        assert getattr(client, method)(url, data).status_code == 405
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", object_patterns(), ids=lambda pattern: pattern.name)
def test_the_owner_reaches_the_same_urls(client, pattern):
    profile = make_profile()
    month = make_month(profile, 2026, 9, followers=1_000)
    client.force_login(profile.owner)
    response = client.get(reverse(pattern.name, kwargs=build_kwargs(pattern, profile, month)))
    assert response.status_code in {200, 405}


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", object_patterns(), ids=lambda pattern: pattern.name)
def test_anonymous_visitors_are_sent_to_the_login_page(client, pattern):
    profile = make_profile()
    month = make_month(profile, 2026, 9)
    url = reverse(pattern.name, kwargs=build_kwargs(pattern, profile, month))
    response = client.get(url)
    assert response.status_code in {302, 405}
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_the_admin_is_closed_to_users_who_are_not_staff(client):
    card_url = reverse("admin:estimator_ratecard_change", args=[1])
    client.force_login(make_user())
    response = client.get(card_url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
