"""An Overview-only import prices no Creator Rewards (exports carry no views on videos over one
minute): the source reads "unknown" with what to type, never 0 €, and the charts have a gap."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from creators import importing
from creators.charts.geometry import chart_geometry
from creators.charts.profile import revenue_chart
from creators.models import MonthlyStat
from tests.creators.factories import make_profile

pytestmark = pytest.mark.django_db

NOVEMBER = time_machine.travel(datetime.datetime(2026, 11, 21, 12, 0), tick=False)


def overview_of_october() -> SimpleUploadedFile:
    rows = [f"2026-10-{day:02d},5000,100,400,30,20" for day in range(1, 32)]
    content = "\n".join(["Date,Video Views,Profile Views,Likes,Comments,Shares", *rows]) + "\n"
    return SimpleUploadedFile("Overview.csv", content.encode())


def import_october(client, profile) -> None:
    response = client.post(f"/en/profiles/{profile.pk}/import/", {"files": [overview_of_october()]})
    assert response.status_code == 302
    token = client.session[importing.SESSION_KEY]["token"]
    response = client.post(f"/en/profiles/{profile.pk}/import/confirm/", {"token": token})
    assert response.status_code == 302


@pytest.fixture
def profile(client):
    profile = make_profile(handle="lea", birth_date=datetime.date(1995, 1, 1))
    client.force_login(profile.owner)
    return profile


@NOVEMBER
def test_creator_rewards_read_unknown_with_what_to_type_not_zero(client, profile):
    # A creator who qualifies: 20 000 followers typed, 155 000 views imported.
    client.post(f"/profiles/{profile.pk}/months/new/", {"month": "2026-10", "followers": "20000"})
    import_october(client, profile)
    october = MonthlyStat.objects.get(profile=profile)
    rewards = october.estimate["sources"]["creator_rewards"]
    assert october.video_views == 155_000
    assert rewards["eligible"] is True
    assert rewards["known"] is False

    page = client.get(f"/en/profiles/{profile.pk}/").text
    row = page.split('data-comparison="creator_rewards"')[1].split("</tr>")[0]
    assert 'data-status="unknown"' in row
    assert "unknown" in row
    assert "Enter your views on videos over one minute" in row
    assert "€0.00" not in row
    # Nothing of the month could be priced: its total is unknown too, not €0.00.
    assert october.estimated_total is None
    assert 'data-figure="estimate">unknown<' in page


@NOVEMBER
def test_the_income_chart_has_a_gap_where_creator_rewards_are_unknown(client, profile):
    client.post(
        f"/profiles/{profile.pk}/months/new/",
        {"month": "2026-09", "followers": "19000", "long_video_views": "300000"},
    )
    client.post(f"/profiles/{profile.pk}/months/new/", {"month": "2026-10", "followers": "20000"})
    import_october(client, profile)
    stats = list(MonthlyStat.objects.filter(profile=profile).order_by("month"))

    chart = revenue_chart(stats)
    rewards = next(series for series in chart.series if series.key == "creator_rewards")
    total = next(series for series in chart.series if series.key == "total")
    assert rewards.values[0] > 0
    assert rewards.values[1] is None
    assert total.values[1] is None
    assert chart_geometry(chart).has_gaps


@NOVEMBER
def test_videos_never_given_open_no_gap_on_the_profile(client, profile):
    client.post(
        f"/profiles/{profile.pk}/months/new/",
        {"month": "2026-10", "followers": "20000", "video_views": "50000"},
    )
    page = client.get(f"/en/profiles/{profile.pk}/").text
    marketplace = page.split('data-source="brand_partnerships"')[1].split('data-source="')[0]
    assert "+3 to reach 3" not in marketplace
    assert "not given: assumed met" in marketplace
    stat = MonthlyStat.objects.get(profile=profile)
    assert stat.estimate["sources"]["brand_partnerships"]["missing"] == []
    assert "posts_assumed" in stat.estimate["sources"]["brand_partnerships"]["hints"]
