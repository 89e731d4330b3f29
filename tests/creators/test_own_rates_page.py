"""The creator's own rates on the profile page and the profile's planner, and the accuracy of
past estimates next to estimated vs actual."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from tests.creators.factories import make_month, make_profile

pytestmark = pytest.mark.django_db

# Actual Creator Rewards for 100 000 qualified views: RPM 0,60 / 0,62 / 0,65 / 0,58.
REWARDS = ("60", "62", "65", "58")


@pytest.fixture
def profile(client):
    profile = make_profile(handle="lea", niche="general", birth_year=1995)
    client.force_login(profile.owner)
    return profile


def add_rewards(profile, amounts):
    for index, amount in enumerate(amounts):
        make_month(
            profile,
            2026,
            6 + index,
            followers=20_000,
            video_views=300_000,
            qualified_views=100_000,
            actual_creator_rewards=Decimal(amount),
        )


def creator_rewards_row(text: str) -> tuple[str, str, str]:
    table = re.search(r'<table[^>]*id="own-estimate".*?</table>', text, re.S).group(0)
    row = re.search(r'<tr data-own-source="creator_rewards">(.*?)</tr>', table, re.S).group(1)
    low, expected, high = (
        re.search(rf'data-amount="{name}">([^<]*)<', row).group(1)
        for name in ("low", "expected", "high")
    )
    return low, expected, high


def test_four_months_give_the_own_rpm_a_narrower_range_and_a_label(client, profile):
    add_rewards(profile, REWARDS)
    text = client.get(f"/en/profiles/{profile.pk}/").text
    assert "Your own RPM over 4 months: €0.61 per 1,000 qualified views" in text
    assert 'data-rates="own"' in text
    # 100 000 qualified views × 0,58 / 0,61 / 0,65 € per 1 000: the creator's own spread.
    assert creator_rewards_row(text) == ("€58.00", "€61.00", "€65.00")
    assert 'data-switch="card"' in text


def test_the_switch_compares_with_the_market_card(client, profile):
    add_rewards(profile, REWARDS)
    text = client.get(f"/en/profiles/{profile.pk}/?rates=card").text
    assert 'data-rates="card"' in text
    # The card's RPM, 0,40 / 1,00 / 1,20 € per 1 000: a range much wider than the own one.
    assert creator_rewards_row(text) == ("€40.00", "€100.00", "€120.00")
    assert 'data-switch="own"' in text


def test_the_label_is_in_french_too(client, profile):
    add_rewards(profile, REWARDS)
    text = client.get(f"/profiles/{profile.pk}/").text
    assert "Votre propre RPM sur 4 mois\u00a0: 0,61\u00a0€ pour 1\u00a0000 vues qualifiées" in text


def test_two_months_stay_on_the_card(client, profile):
    add_rewards(profile, REWARDS[:2])
    text = client.get(f"/en/profiles/{profile.pk}/").text
    assert 'data-rates="card"' in text
    assert creator_rewards_row(text) == ("€40.00", "€100.00", "€120.00")
    assert "your own RPM" not in text.lower()
    assert "data-switch" not in text
    assert "for at least 3 months" in text


def test_a_month_far_from_the_rest_is_shown_as_left_out(client, profile):
    add_rewards(profile, ("60", "62", "600", "58"))
    text = client.get(f"/en/profiles/{profile.pk}/").text
    assert 'data-outlier="2026-08"' in text
    assert "August 2026 left out: far from your other months." in text
    assert "Your own RPM over 3 months: €0.60" in text


def test_the_planner_from_the_profile_uses_the_own_rates_with_a_switch(client, profile):
    add_rewards(profile, REWARDS)
    own = client.get(f"/en/profiles/{profile.pk}/plan/?goal=1000").text
    assert 'data-rates="own"' in own
    assert "your own RPM over 4 months: €0.61 per 1,000 qualified views" in own
    card = client.get(f"/en/profiles/{profile.pk}/plan/?goal=1000&rates=card").text
    assert 'data-rates="card"' in card
    assert '<input type="hidden" name="rates" value="card">' in card
    # The qualified views needed for 1 000 € with views alone: 1 000 / 0,61 € per 1 000
    # with the own RPM, 1 000 / 1,00 € per 1 000 with the card.
    assert views_only(own) == 1_639_345
    assert views_only(card) == 1_000_000


def views_only(text: str) -> int:
    route = re.search(r'data-route="views_only".*?data-views="(\d+)"', text, re.S)
    return int(route.group(1))


def test_the_planner_stays_on_the_card_with_two_months(client, profile):
    add_rewards(profile, REWARDS[:2])
    text = client.get(f"/en/profiles/{profile.pk}/plan/?goal=1000").text
    assert 'id="own-rates"' not in text


def test_another_users_profile_is_not_found(client, profile):
    add_rewards(profile, REWARDS)
    other = make_profile()
    client.force_login(other.owner)
    assert client.get(f"/en/profiles/{profile.pk}/?rates=card").status_code == 404


# --- Accuracy ---------------------------------------------------------------------------------


def stored(expected: str) -> dict:
    return {
        "currency": "EUR",
        "sources": {
            "creator_rewards": {
                "eligible": True,
                "low": expected,
                "expected": expected,
                "high": expected,
            }
        },
        "total": {"low": expected, "expected": expected, "high": expected},
    }


def test_the_accuracy_matches_a_hand_computed_example(client, profile):
    # Estimated 100 / 90 / 60 / 50 € against 80 / 100 / 50 / nothing typed:
    # |100 − 80| / 80 = 25 %, |90 − 100| / 100 = 10 %, |60 − 50| / 50 = 20 %: median 20 %.
    for month, estimate, actual in (
        (6, "100", "80"),
        (7, "90", "100"),
        (8, "60", "50"),
        (9, "50", None),
    ):
        make_month(
            profile,
            2026,
            month,
            estimate=stored(estimate),
            estimated_total=Decimal(estimate),
            actual_creator_rewards=None if actual is None else Decimal(actual),
        )
    text = client.get(f"/en/profiles/{profile.pk}/").text
    cell = re.search(r'data-accuracy="creator_rewards">([^<]*)<', text).group(1)
    assert cell == "±20% over 3 months"
    assert re.search(r'data-accuracy="live_gifts">([^<]*)<', text).group(1) == "—"


# --- Media kit: the own price per sponsored video, only when the creator chooses so ----------


def add_deals(profile, amounts):
    # One or two sponsored videos a month: 300 / 320 / 340 € per video.
    for index, (posts, amount) in enumerate(amounts):
        make_month(
            profile,
            2026,
            6 + index,
            followers=20_000,
            video_views=300_000,
            videos_posted=10,
            sponsored_posts=posts,
            actual_brand_partnerships=Decimal(amount),
        )


def media_kit(client, profile, own_price: bool) -> str:
    data = {"action": "enable", "media_kit_contact": "", "language": "en", "price_display": "range"}
    if own_price:
        data["media_kit_own_price"] = "on"
    client.post(f"/profiles/{profile.pk}/media-kit/", data)
    profile.refresh_from_db()
    client.logout()
    return client.get(f"/en/kit/{profile.media_kit_token}/").text


def post_price(text: str) -> str:
    return re.search(r'<td data-price="dedicated_video">(.*?)</td>', text, re.S).group(1).strip()


def test_the_media_kit_shows_the_own_price_when_the_creator_chooses_so(client, profile):
    add_deals(profile, [(1, "300"), (2, "640"), (1, "340")])
    text = media_kit(client, profile, own_price=True)
    assert profile.media_kit_own_price
    assert "data-own-price" in text
    assert post_price(text) == "€300.00 – €340.00"
    assert "actually paid over its last 3 months" in text


def test_the_media_kit_keeps_the_market_price_by_default(client, profile):
    add_deals(profile, [(1, "300"), (2, "640"), (1, "340")])
    text = media_kit(client, profile, own_price=False)
    assert "data-own-price" not in text
    assert post_price(text) != "€300.00 – €340.00"


def test_the_media_kit_keeps_the_market_price_with_two_months(client, profile):
    add_deals(profile, [(1, "300"), (2, "640")])
    assert "data-own-price" not in media_kit(client, profile, own_price=True)


def test_the_accuracy_leaves_out_unknown_and_ineligible_estimates(client, profile):
    """An estimate that was unknown (no qualified views typed) or ineligible counted nothing:
    comparing it with what was received would read as a 100 % error."""
    unknown = {"eligible": True, "known": False, "low": "0", "expected": "0", "high": "0"}
    ineligible = {"eligible": False, "known": True, "low": "9", "expected": "9", "high": "9"}
    for month in (6, 7, 8):
        make_month(
            profile,
            2026,
            month,
            estimate={
                "currency": "EUR",
                "sources": {"creator_rewards": unknown, "live_gifts": ineligible},
                "total": {"low": "0", "expected": "0", "high": "0"},
                "total_known": False,
            },
            actual_creator_rewards=Decimal("80"),
            actual_live_gifts=Decimal("20"),
        )
    text = client.get(f"/en/profiles/{profile.pk}/").text
    assert re.search(r'data-accuracy="creator_rewards">([^<]*)<', text).group(1) == "—"
    assert re.search(r'data-accuracy="live_gifts">([^<]*)<', text).group(1) == "—"
