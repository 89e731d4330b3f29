"""The media kit: opt-in, unguessable, revocable, and showing nothing private."""

from __future__ import annotations

import pytest

from creators.models import CreatorProfile
from tests.creators.factories import make_month, make_profile, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(client):
    profile = make_profile(handle="lea.finance", niche="finance", display_name="Léa")
    profile.owner.email = "private@example.com"
    profile.owner.save()
    for month, followers in ((7, 10_000), (8, 11_000), (9, 12_000), (10, 13_000)):
        make_month(
            profile,
            2026,
            month,
            followers=followers,
            video_views=200_000,
            videos_posted=10,
            likes=10_000,
            comments=500,
            shares=500,
            diamonds=99_999,
            actual_ugc=1234,
        )
    client.force_login(profile.owner)
    return profile


def enable(client, profile) -> str:
    # The kit speaks the creator's chosen language (issue 17): these tests read it in English.
    client.post(
        f"/profiles/{profile.pk}/media-kit/",
        {"action": "enable", "media_kit_contact": "", "language": "en"},
    )
    profile.refresh_from_db()
    return f"/en/kit/{profile.media_kit_token}/"


def test_it_is_off_until_the_creator_turns_it_on(client, profile):
    assert profile.media_kit_token is None
    url = enable(client, profile)
    assert len(profile.media_kit_token) >= 32
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_it_shows_the_public_figures_and_prices(client, profile):
    url = enable(client, profile)
    client.logout()
    text = client.get(url).text
    assert "@lea.finance" in text
    assert "13,000" in text
    assert "+30%" in text  # 10 000 -> 13 000 in 3 months
    assert "200,000" in text
    assert "5.50 %" in text  # (10 000 + 500 + 500) / 200 000
    assert 'data-price="dedicated_video"' in text and 'data-price="ugc_video"' in text


def test_it_shows_nothing_private(client, profile):
    url = enable(client, profile)
    client.logout()
    text = client.get(url).text
    assert "private@example.com" not in text
    assert "99,999" not in text  # diamonds
    assert "1,234" not in text  # actual revenue
    assert "data-contact" not in text


def test_the_contact_appears_only_when_the_creator_adds_it(client, profile):
    enable(client, profile)
    client.post(
        f"/profiles/{profile.pk}/media-kit/",
        {"action": "save", "media_kit_contact": "partenariats@lea.example"},
    )
    profile.refresh_from_db()
    client.logout()
    text = client.get(f"/kit/{profile.media_kit_token}/").text
    assert "partenariats@lea.example" in text


def test_turning_it_off_makes_the_link_404_at_once(client, profile):
    url = enable(client, profile)
    client.post(f"/profiles/{profile.pk}/media-kit/", {"action": "disable"})
    assert client.get(url).status_code == 404
    assert CreatorProfile.objects.get(pk=profile.pk).media_kit_token is None


def test_a_new_link_retires_the_old_one(client, profile):
    old = enable(client, profile)
    client.post(f"/profiles/{profile.pk}/media-kit/", {"action": "renew"})
    profile.refresh_from_db()
    assert client.get(old).status_code == 404
    assert client.get(f"/en/kit/{profile.media_kit_token}/").status_code == 200


@pytest.mark.parametrize("token", ["", "x", "guess", "None"])
def test_guessed_links_are_404(client, profile, token):
    enable(client, profile)
    assert client.get(f"/kit/{token}/").status_code == 404


def test_only_the_owner_manages_it(client, profile):
    client.force_login(make_user())
    assert (
        client.post(f"/profiles/{profile.pk}/media-kit/", {"action": "enable"}).status_code == 404
    )
    profile.refresh_from_db()
    assert profile.media_kit_token is None
