"""Imports never degrade data: a partial month does not replace a complete typed month unless
the creator ticks it, any month can be left out, and the partial marker stays afterwards."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from creators import importing
from creators.charts.profile import profile_charts
from creators.charts.text import table_rows
from creators.models import MonthlyStat
from creators.overview import month_rows
from estimator.snapshot import load_active_rates
from tests.creators.factories import make_profile, partial_october_export

pytestmark = pytest.mark.django_db

NOVEMBER = time_machine.travel(datetime.datetime(2026, 11, 21, 12, 0), tick=False)


@pytest.fixture
def profile(client):
    profile = make_profile(handle="lea")
    client.force_login(profile.owner)
    response = client.post(
        f"/profiles/{profile.pk}/months/new/",
        {"month": "2026-10", "followers": "10000", "video_views": "60000"},
    )
    assert response.status_code == 302
    return profile


def preview(client, profile) -> str:
    files = partial_october_export()
    response = client.post(f"/en/profiles/{profile.pk}/import/", {"files": files})
    assert response.status_code == 302
    return client.get(f"/en/profiles/{profile.pk}/import/preview/").text


def confirm(client, profile, **choices):
    token = client.session[importing.SESSION_KEY]["token"]
    data = {"token": token, "choosing": "1", **choices}
    return client.post(f"/en/profiles/{profile.pk}/import/confirm/", data)


def october(profile) -> MonthlyStat:
    return MonthlyStat.objects.get(profile=profile, month=datetime.date(2026, 10, 1))


@NOVEMBER
def test_a_partial_month_keeps_the_typed_month_by_default(client, profile):
    page = preview(client, profile)
    assert "kept: typed for the whole month" in page
    assert 'name="replace" value="2026-10"' in page
    assert 'name="months" value="2026-09"' in page

    confirm(client, profile, months=["2026-09", "2026-10"])

    stat = october(profile)
    assert (stat.followers, stat.video_views) == (10_000, 60_000)
    assert stat.origins["followers"] == "typed"
    # September came in whole; October is not drawn as a follower drop.
    rows = month_rows(list(MonthlyStat.objects.filter(profile=profile)), load_active_rates())
    assert rows[0].stat.month == datetime.date(2026, 10, 1)
    assert rows[0].followers_growth is not None and rows[0].followers_growth > 0


@NOVEMBER
def test_the_creator_can_choose_the_partial_month_and_it_stays_marked(client, profile):
    preview(client, profile)
    confirm(client, profile, months=["2026-09", "2026-10"], replace=["2026-10"])

    stat = october(profile)
    assert stat.followers == 9_470  # the 18th day's followers
    assert stat.partial_days == 18
    stats = list(MonthlyStat.objects.filter(profile=profile).order_by("month"))
    # Growth is not computed from a partial month as if it were complete.
    rows = month_rows(stats, load_active_rates())
    assert rows[0].followers_growth is None and rows[0].views_growth is None

    page = client.get(f"/en/profiles/{profile.pk}/").text
    assert 'data-partial="18"' in page
    assert "partial: 18 days" in page
    charts = profile_charts(stats)
    assert all(datetime.date(2026, 10, 1) in chart.partial_months for chart in charts)
    assert table_rows(charts[0])[-1].label == "October 2026 (partial month)"


@NOVEMBER
def test_any_month_can_be_left_out(client, profile):
    preview(client, profile)
    confirm(client, profile, months=["2026-10"], replace=["2026-10"])

    assert not MonthlyStat.objects.filter(profile=profile, month=datetime.date(2026, 9, 1)).exists()
    assert october(profile).partial_days == 18
