"""No input to the monthly-stat forms answers 500 or writes a partial month."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creators.forms import MonthlyStatForm
from creators.models import MonthlyStat
from tests.creators.factories import make_month, make_profile

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

FIELDS = sorted(set(MonthlyStatForm.base_fields) | {"month"})
values = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", "2026-10", "2026-13", "1999-01", "0000-00", "10 000", "1,5", "NaN"]),
    st.text(max_size=20),
)
posts = st.dictionaries(st.sampled_from(FIELDS), values, max_size=len(FIELDS))
# How many examples: the hypothesis profile (tests/conftest.py).
fuzz = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@fuzz
@given(data=posts, htmx=st.booleans())
def test_adding_a_month_never_fails_and_never_half_writes(client, data, htmx):
    profile = make_profile()
    client.force_login(profile.owner)
    headers = {"hx-request": "true"} if htmx else {}
    response = client.post(f"/profiles/{profile.pk}/months/new/", data, headers=headers)
    assert response.status_code in {200, 302}
    stats = list(MonthlyStat.objects.filter(profile=profile))
    if response.status_code == 302 or "added" in response.text:
        assert len(stats) == 1
        stat = stats[0]
        assert stat.month.day == 1
        assert stat.estimate is not None and stat.rate_card_id is not None
    else:
        assert stats == []


@fuzz
@given(data=posts)
def test_editing_a_month_never_fails_and_keeps_it_whole(client, data):
    profile = make_profile()
    stat = make_month(profile, 2026, 1, followers=1_000, video_views=5_000)
    client.force_login(profile.owner)
    before = MonthlyStat.objects.filter(pk=stat.pk).values().get()
    response = client.post(f"/profiles/{profile.pk}/months/2026-01/", {"version": "0", **data})
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert MonthlyStat.objects.filter(pk=stat.pk).values().get() == before
