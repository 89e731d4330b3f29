"""Ineligible is never summed: a 17-year-old in Canada and a business account in France see no
Creator Rewards (nor, for the teenager, LIVE) money in any total, table, chart, card or price."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from creators.charts.profile import revenue_chart
from creators.models import MonthlyStat
from tests.creators.factories import make_profile

pytestmark = pytest.mark.django_db

NOVEMBER = time_machine.travel(datetime.datetime(2026, 11, 21, 12, 0), tick=False)
# Enough of everything for every programme, where the programme is open to the creator.
BIG_MONTH = {
    "followers": "50000",
    "video_views": "1000000",
    "long_video_views": "800000",
    "videos_posted": "20",
    "likes": "50000",
    "diamonds": "100000",
    "subscribers": "40",
    "sponsored_posts": "1",
}


def type_months(client, profile) -> list[MonthlyStat]:
    client.force_login(profile.owner)
    for month in ("2026-09", "2026-10"):
        response = client.post(f"/profiles/{profile.pk}/months/new/", {"month": month, **BIG_MONTH})
        assert response.status_code == 302
    return list(MonthlyStat.objects.filter(profile=profile).order_by("month"))


def expected_of(stat: MonthlyStat, key: str) -> Decimal:
    return Decimal(stat.estimate["sources"][key]["expected"])


@NOVEMBER
@pytest.mark.parametrize(
    ("profile_fields", "excluded"),
    [
        (
            {"country": "CA", "birth_date": datetime.date(2009, 3, 1), "subscription_price": "5"},
            ("creator_rewards", "live_gifts", "subscriptions"),
        ),
        ({"country": "FR", "account_type": "business"}, ("creator_rewards",)),
    ],
    ids=["17-year-old-in-canada", "business-account-in-france"],
)
def test_ineligible_sources_are_in_no_total_table_chart_card_or_price(
    client, profile_fields, excluded
):
    profile = make_profile(niche="finance", **profile_fields)
    stats = type_months(client, profile)
    latest = stats[-1]
    sources = latest.estimate["sources"]

    for key in excluded:
        assert sources[key]["eligible"] is False
        # What it would earn is still known (and shown on the estimator): just never summed.
        assert expected_of(latest, key) > 0
    counted = sum(
        (Decimal(values["expected"]) for values in sources.values() if values["eligible"]),
        Decimal(0),
    )
    assert latest.estimated_total == counted
    assert Decimal(latest.estimate["total"]["expected"]) == counted

    # The chart: no line for them, and the total line is the eligible total.
    chart = revenue_chart(stats)
    keys = [series.key for series in chart.series]
    assert not set(excluded) & set(keys)
    total = next(series for series in chart.series if series.key == "total")
    assert total.values == [stat.estimated_total for stat in stats]

    # The page: estimated vs actual says "not counted", the key figure is the eligible total.
    page = client.get(f"/en/profiles/{profile.pk}/").text
    for key in excluded:
        assert f'data-comparison="{key}" data-status="not_eligible"' in page
    brand = sum((expected_of(stat, "brand_partnerships") for stat in stats), Decimal(0))
    assert brand > 0
    row = page.split('data-comparison="brand_partnerships" data-status="counted"')[1]
    symbol = {"EUR": "€", "CAD": "CA$"}[latest.estimate["currency"]]
    assert row.split("</tr>")[0].count(f"{symbol}{brand:,}") == 1
    for key in excluded:
        row = page.split(f'data-comparison="{key}"')[1].split("</tr>")[0]
        assert symbol not in row
    assert f'data-figure="estimate">{symbol}{latest.estimated_total:,}<' in page

    # The dashboard card.
    dashboard = client.get("/en/dashboard/").text
    assert f"{symbol}{latest.estimated_total:,}" in dashboard

    # The media kit's prices are the estimator's for the same month.
    client.post(
        f"/profiles/{profile.pk}/media-kit/",
        {"action": "enable", "language": "en", "price_display": "range"},
    )
    profile.refresh_from_db()
    kit = client.get(f"/en/kit/{profile.media_kit_token}/").text
    post = latest.estimate["suggested_prices"]["sponsored_video"]
    assert f"{symbol}{Decimal(post['low']):,}" in kit
    assert f"{symbol}{Decimal(post['high']):,}" in kit
