"""A month whose figures give an estimate larger than the table can store is refused with a
message on the form, never a 500 (found by the one-estimate-path property test: 12 883 912
sponsored videos at the price of 6 million views each)."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from creators.models import MonthlyStat
from tests.creators.factories import make_profile

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime.datetime(2026, 11, 21, 12, 0), tick=False)
def test_an_estimate_too_large_to_store_is_a_form_error(client):
    profile = make_profile(handle="lea", country="FR")
    client.force_login(profile.owner)
    month = {"month": "2026-10", "video_views": "6016758", "videos_posted": "1"}

    response = client.post(
        f"/en/profiles/{profile.pk}/months/new/", {**month, "sponsored_posts": "12883912"}
    )

    assert response.status_code == 200
    assert "too large to be real" in response.text
    assert not MonthlyStat.objects.filter(profile=profile).exists()
    # The same month with a real number of sponsored videos is stored.
    client.post(f"/en/profiles/{profile.pk}/months/new/", {**month, "sponsored_posts": "3"})
    assert MonthlyStat.objects.filter(profile=profile).count() == 1
