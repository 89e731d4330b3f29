"""Downloads of someone's data are never cached by a proxy nor kept on the browser's disk."""

from __future__ import annotations

import pytest

from tests.creators.factories import make_month, make_profile, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_month_downloads_are_private_and_not_stored(client, suffix):
    profile = make_profile(owner=make_user("lea@example.com"), handle="lea")
    make_month(profile, 2026, 9, followers=9_000)
    client.force_login(profile.owner)
    response = client.get(f"/en/profiles/{profile.pk}/export.{suffix}")
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_the_account_download_is_private_and_not_stored(client):
    user = make_user("lea@example.com")
    client.force_login(user)
    response = client.get("/en/account/export.json")
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
