"""Acceptance 4: kit prices per deliverable follow the active card; own prices replace them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from creators.estimates import estimate_month
from creators.models import MediaKit
from estimator.models import RateCard
from estimator.presentation import format_money
from estimator.snapshot import load_active_rates
from tests.creators.factories import make_month, make_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile():
    profile = make_profile(handle="lea.beaute", niche="beauty", display_name="Léa")
    make_month(
        profile,
        2026,
        10,
        followers=50_000,
        video_views=400_000,
        videos_posted=10,
        likes=30_000,
        comments=1_000,
        shares=1_000,
    )
    profile.enable_media_kit()
    profile.save()
    MediaKit.objects.create(profile=profile, language="en")
    return profile


def kit_text(client, profile) -> str:
    response = client.get(f"/kit/{profile.media_kit_token}/")
    assert response.status_code == 200
    return response.text


def price_cell(text: str, key: str) -> str:
    start = text.index(f'data-price="{key}">') + len(f'data-price="{key}">')
    return text[start : text.index("</td>", start)]


def post_price(profile):
    return estimate_month(profile, profile.months.get(), load_active_rates()).suggested_post_price


def euros(amount: Decimal) -> str:
    with translation.override("en"):
        return format_money(amount.quantize(Decimal("0.01")), "EUR")


def test_a_changed_multiplier_in_a_new_card_shows_on_the_kit_after_activation(client, profile):
    post = post_price(profile)
    before = price_cell(kit_text(client, profile), "story")
    assert before == f"{euros(post.low * Decimal('0.20'))} – {euros(post.high * Decimal('0.40'))}"

    copy = RateCard.objects.get(is_active=True).clone(name="Stories are worth more")
    copy.deliverables.filter(key="story").update(low="0.50", expected="0.60", high="0.70")
    assert price_cell(kit_text(client, profile), "story") == before  # not active yet

    copy.activate()
    after = price_cell(kit_text(client, profile), "story")
    assert after == f"{euros(post.low * Decimal('0.50'))} – {euros(post.high * Decimal('0.70'))}"
    assert after != before


def test_the_creators_own_price_replaces_the_suggestion(client, profile):
    profile.kit.own_prices = {"story": "123"}
    profile.kit.save()
    text = kit_text(client, profile)
    assert price_cell(text, "story") == "€123.00"
    assert price_cell(text, "live_mention") != "€123.00"


def test_own_prices_are_typed_on_the_settings_page(client, profile):
    client.force_login(profile.owner)
    response = client.post(
        f"/profiles/{profile.pk}/media-kit/",
        {"action": "save", "language": "en", "price_display": "range", "own_price_story": "250"},
    )
    assert response.status_code == 302
    profile.kit.refresh_from_db()
    assert profile.kit.own_prices == {"story": "250"}
    assert price_cell(kit_text(client, profile), "story") == "€250.00"


@pytest.mark.parametrize(
    ("typed", "stored"), [("300,50", "300.50"), ("1 200", "1200"), ("1,2K", "1200")]
)
def test_own_prices_are_read_as_creators_write_them(client, profile, typed, stored):
    client.force_login(profile.owner)
    response = client.post(
        f"/profiles/{profile.pk}/media-kit/",
        {"action": "save", "language": "fr", "price_display": "range", "own_price_story": typed},
    )
    assert response.status_code == 302
    profile.kit.refresh_from_db()
    assert Decimal(profile.kit.own_prices["story"]) == Decimal(stored)


def test_a_negative_own_price_is_refused_with_a_message(client, profile):
    client.force_login(profile.owner)
    response = client.post(
        f"/profiles/{profile.pk}/media-kit/",
        {"action": "save", "language": "en", "own_price_story": "-5"},
    )
    assert response.status_code == 200
    assert response.context["kit_form"].errors["own_price_story"]


def test_prices_can_read_from_a_price_or_be_hidden(client, profile):
    post = post_price(profile)
    profile.kit.price_display = "from"
    profile.kit.save()
    assert price_cell(kit_text(client, profile), "dedicated_video") == f"from {euros(post.low)}"

    profile.kit.price_display = "hidden"
    profile.kit.save()
    text = kit_text(client, profile)
    assert "data-price=" not in text
    assert euros(post.low) not in text


def test_the_estimator_shows_the_price_list_next_to_the_sponsored_video_price(client):
    text = client.get("/en/?followers=50000&median_views=40000&niche=beauty").text
    assert "data-price-list" in text
    for key in ("integrated_mention", "story", "live_mention", "usage_rights_30d", "bundle_5"):
        assert f'data-deliverable="{key}"' in text


def test_without_any_month_the_kit_shows_only_the_creators_own_prices(client):
    profile = make_profile(handle="new.creator")
    MediaKit.objects.create(profile=profile, language="en", own_prices={"story": "90"})
    profile.enable_media_kit()
    profile.save()
    text = kit_text(client, profile)
    assert price_cell(text, "story") == "€90.00"
    assert text.count("data-price=") == 1


def test_the_kit_page_makes_a_fixed_number_of_queries(client, profile, django_assert_num_queries):
    kit_text(client, profile)  # the active card's rates parsed once per process
    for year_month in ((2026, 7), (2026, 8), (2026, 9)):
        make_month(profile, *year_month, followers=40_000, video_views=300_000)
    # profile + kit, photo, months, audience snapshots, active card stamp
    with django_assert_num_queries(5):
        kit_text(client, profile)
