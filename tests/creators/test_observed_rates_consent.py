"""The consent to count in the observed rates: per account, off by default, explained."""

from __future__ import annotations

import pytest

from creators.models import AccountSettings, CreatorProfile
from tests.creators.factories import make_profile, make_user

pytestmark = pytest.mark.django_db


def test_it_is_off_by_default_and_explained(client):
    user = make_user()
    make_profile(owner=user)
    client.force_login(user)
    text = client.get("/en/account/").text
    assert 'name="share_observed_rates"' in text
    assert "checked" not in text.split('name="share_observed_rates"')[1].split(">")[0]
    assert "No one sees your own figures" in text
    assert not CreatorProfile.objects.sharing_observed_rates().exists()


def test_ticking_then_unticking_the_box(client):
    user = make_user()
    profile = make_profile(owner=user)
    client.force_login(user)
    response = client.post("/en/account/settings/", {"share_observed_rates": "on"}, follow=True)
    assert "your figures now count in the observed rates" in response.text
    assert list(CreatorProfile.objects.sharing_observed_rates()) == [profile]
    assert (
        "checked"
        in client.get("/en/account/").text.split('name="share_observed_rates"')[1].split(">")[0]
    )
    response = client.post("/en/account/settings/", {}, follow=True)
    assert "Your figures no longer count in the observed rates." in response.text
    assert not CreatorProfile.objects.sharing_observed_rates().exists()
    assert AccountSettings.objects.get(user=user).share_observed_rates is False


def test_it_needs_a_login_and_a_post(client):
    response = client.post("/en/account/settings/", {"share_observed_rates": "on"})
    assert response.status_code == 302 and "/login/" in response.url
    assert not AccountSettings.objects.exists()
    client.force_login(make_user())
    assert client.get("/en/account/settings/").status_code == 405


def test_it_is_per_account(client):
    agent = make_user()
    profiles = [make_profile(owner=agent), make_profile(owner=agent)]
    make_profile()  # another account, which did not agree
    client.force_login(agent)
    client.post("/en/account/settings/", {"share_observed_rates": "on"})
    assert set(CreatorProfile.objects.sharing_observed_rates()) == set(profiles)
