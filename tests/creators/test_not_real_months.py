"""Dates that are not real months (year 0, 9999-12-31) and future months are refused: by the
URL (404, before and whatever the owner), the month form and the import (a message naming the
row, nothing written), never a 500."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from creators.models import MonthlyStat
from tests.creators.factories import make_month, make_profile

pytestmark = pytest.mark.django_db

NOVEMBER = time_machine.travel(datetime.datetime(2026, 11, 21, 12, 0), tick=False)


@pytest.fixture
def profile(client):
    profile = make_profile(handle="lea")
    client.force_login(profile.owner)
    make_month(profile, 2026, 10, followers=1_000)
    return profile


@NOVEMBER
@pytest.mark.parametrize("month", ["0000-01", "9999-12", "2026-12", "1999-05"])
@pytest.mark.parametrize("suffix", ["", "delete/"])
def test_a_month_url_that_is_not_a_trackable_month_is_a_404(client, profile, month, suffix):
    method = client.post if suffix else client.get
    assert method(f"/profiles/{profile.pk}/months/{month}/{suffix}").status_code == 404


@NOVEMBER
def test_a_crafted_month_of_another_profile_is_a_404_too(client, profile):
    other = make_profile()
    assert client.get(f"/profiles/{other.pk}/months/0000-01/").status_code == 404
    assert client.get(f"/profiles/{other.pk}/months/2026-10/").status_code == 404
    assert client.get(f"/profiles/{profile.pk}/months/2026-10/").status_code == 200


@NOVEMBER
@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2026-12", "This month has not started yet."),
        ("9999-12", "This month has not started yet."),
        ("2001-03", "Enter a month from 2016-01 on."),
    ],
)
def test_the_month_form_refuses_them_with_a_message(client, profile, month, message):
    response = client.post(
        f"/en/profiles/{profile.pk}/months/new/", {"month": month, "followers": "10"}
    )
    assert response.status_code == 200
    assert message in response.text
    assert MonthlyStat.objects.filter(profile=profile).count() == 1


@NOVEMBER
@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("9999-12-31", "this day is in the future."),
        ("2026-12-05", "this day is in the future."),
        ("2001-01-01", "this day is before TikTok Studio"),
    ],
)
def test_an_import_with_such_a_row_names_it_and_writes_nothing(client, profile, day, message):
    content = (
        "Date,Video Views,Profile Views,Likes,Comments,Shares\n"
        "2026-10-01,100,1,1,1,1\n"
        f"{day},100,1,1,1,1\n"
    ).encode()
    before = list(MonthlyStat.objects.values().order_by("pk"))
    response = client.post(
        f"/en/profiles/{profile.pk}/import/",
        {"files": [SimpleUploadedFile("Overview.csv", content)]},
    )

    assert response.status_code == 200
    assert f"Overview.csv, line 3, column “Date”: “{day}”: {message}" in response.text.replace(
        "&#x27;", "'"
    )
    assert list(MonthlyStat.objects.values().order_by("pk")) == before
