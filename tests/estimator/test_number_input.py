"""Numbers as creators write them, in both languages: "400K", "1,2M", "12 000", "6,5"."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from creators.models import MonthlyStat
from estimator.forms import AmountField, CountField
from tests.creators.factories import make_profile

pytestmark = pytest.mark.django_db

COUNTS = [
    ("400K", 400_000),
    ("400k", 400_000),
    ("1,2M", 1_200_000),
    ("1.2M", 1_200_000),
    ("1,2 M", 1_200_000),
    ("12 000", 12_000),
    ("12\u202f000", 12_000),
    ("12,000", 12_000),
    ("3Md", 3_000_000_000),
    ("2500", 2_500),
]
AMOUNTS = [
    ("6,5", Decimal("6.5")),
    ("6.5", Decimal("6.5")),
    ("12 000", Decimal(12_000)),
    ("1 234,56", Decimal("1234.56")),
    ("1.234,56", Decimal("1234.56")),
    ("1,234.56", Decimal("1234.56")),
    ("1,2K", Decimal(1_200)),
    ("1,2M", Decimal(1_200_000)),
]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(("typed", "value"), COUNTS)
def test_count_fields_read_what_tiktok_studio_writes(language, typed, value):
    with translation.override(language):
        assert CountField().clean(typed) == value


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(("typed", "value"), AMOUNTS)
def test_money_fields_read_both_decimal_separators(language, typed, value):
    with translation.override(language):
        assert AmountField().clean(typed) == value


@pytest.mark.parametrize("empty", ["", "  "])
def test_an_empty_field_stays_unknown(empty):
    assert CountField().clean(empty) is None
    assert AmountField().clean(empty) is None


@pytest.mark.parametrize("typed", ["1,2345K", "douze", "4OOK", "1.2.3", "-3K"])
def test_a_count_it_cannot_read_is_refused_with_a_message(typed):
    with pytest.raises(forms.ValidationError):
        CountField().clean(typed)


@pytest.mark.parametrize("path", ["/en/", "/"])
def test_the_estimator_reads_400k(client, path):
    response = client.get("/api/estimate", {"followers": "20K", "qualified_views": "100K"})
    rewards = next(s for s in response.json()["sources"] if s["key"] == "creator_rewards")
    assert rewards["expected"] == "100.00"
    page = client.get(path, {"followers": "20K", "views_30d": "0,2M", "qualified_views": "100K"})
    assert "is-invalid" not in page.text
    assert ("€100.00" if path == "/en/" else "100,00\xa0€") in page.text


def test_the_planner_reads_1_2m(client):
    data = client.get(
        "/api/plan", {"goal": "1,2K", "followers": "20K", "views_30d": "1,2M", "age": "25"}
    ).json()
    assert data["goal"] == "1200.00"
    assert data["routes"][0]["qualified_views"] == 1_200_000


def test_the_month_form_reads_400k(client):
    profile = make_profile()
    client.force_login(profile.owner)
    response = client.post(
        f"/profiles/{profile.pk}/months/new/",
        {"month": "2026-10", "followers": "12 000", "video_views": "400K", "actual_ugc": "6,5"},
    )
    assert response.status_code == 302
    stat = MonthlyStat.objects.get(profile=profile)
    assert (stat.followers, stat.video_views, stat.actual_ugc) == (12_000, 400_000, Decimal("6.5"))
