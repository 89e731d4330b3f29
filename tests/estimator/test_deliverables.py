"""The price list per deliverable: the sponsored-video price × the rate card's multipliers."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from estimator import deliverables
from estimator.calculations import Amounts, Confidence, Provenance
from estimator.models import DeliverableKey, IncompleteRateCard, RateCard
from estimator.snapshot import load_active_rates
from tests.estimator.rates_factory import default_rates

PROVENANCE = Provenance("a guide", datetime.date(2026, 12, 1), Confidence.LOW)
POST = Amounts(Decimal("200.00"), Decimal("300.00"), Decimal("400.00"))
UGC = Amounts(Decimal("150.00"), Decimal("300.00"), Decimal("800.00"))


def multiplier(key: str, low: str, expected: str, high: str) -> deliverables.Multiplier:
    return deliverables.Multiplier(key, Decimal(low), Decimal(expected), Decimal(high), PROVENANCE)


def by_key(prices) -> dict[str, deliverables.Price]:
    return {price.key: price for price in prices}


def test_a_deliverable_is_the_post_price_times_its_multiplier_bound_by_bound():
    prices = by_key(
        deliverables.price_list(POST, UGC, {"story": multiplier("story", "0.2", "0.3", "0.4")})
    )
    assert prices["story"].amounts == Amounts(Decimal("40.00"), Decimal("90.00"), Decimal("160.00"))


def test_a_bundle_is_its_videos_times_the_discounted_price():
    prices = by_key(
        deliverables.price_list(
            POST, UGC, {"bundle_3": multiplier("bundle_3", "0.9", "0.9", "0.9")}
        )
    )
    assert prices["bundle_3"].amounts == Amounts(
        Decimal("540.00"), Decimal("810.00"), Decimal("1080.00")
    )


def test_the_dedicated_and_the_ugc_video_are_the_estimates_own_prices():
    prices = by_key(deliverables.price_list(POST, UGC, {}))
    assert prices["dedicated_video"].amounts == POST
    assert prices["ugc_video"].amounts == UGC


def test_a_line_the_card_cannot_price_is_left_out_not_shown_as_zero():
    prices = by_key(deliverables.price_list(POST, UGC, {}))
    assert "story" not in prices


def test_each_amount_is_rounded_once_to_cents():
    post = Amounts(Decimal("333.33"), Decimal("333.33"), Decimal("333.33"))
    prices = by_key(
        deliverables.price_list(
            post, UGC, {"story": multiplier("story", "0.333", "0.333", "0.333")}
        )
    )
    assert prices["story"].amounts.expected == Decimal("111.00")  # 110.998…


def test_own_prices_replace_the_suggested_ones_line_by_line():
    prices = deliverables.price_list(POST, UGC, {"story": multiplier("story", "0.2", "0.3", "0.4")})
    result = {
        price.key: (price.amounts, own)
        for price, own in deliverables.own_price_list(prices, {"story": Decimal("99.5")})
    }
    assert result["story"] == (Amounts(Decimal("99.50"), Decimal("99.50"), Decimal("99.50")), True)
    assert result["dedicated_video"] == (POST, False)


def test_the_registry_and_the_rate_card_keys_agree():
    assert set(deliverables.MULTIPLIER_KEYS) == set(DeliverableKey.values)


@pytest.mark.django_db
def test_the_default_card_prices_every_line_with_a_source_and_a_date():
    rates = load_active_rates()
    assert set(rates.deliverables) == set(deliverables.MULTIPLIER_KEYS)
    story = rates.deliverables["story"]
    assert (story.low, story.expected, story.high) == (
        Decimal("0.20"),
        Decimal("0.30"),
        Decimal("0.40"),
    )
    for row in rates.deliverables.values():
        assert "https://" in row.provenance.source
        assert row.provenance.checked_on == datetime.date(2026, 12, 1)


@pytest.mark.django_db
def test_the_migrated_card_holds_the_multipliers_as_rows_and_in_its_snapshot():
    card = RateCard.objects.get(is_active=True)
    assert {row.key for row in card.deliverables.all()} == set(DeliverableKey.values)
    assert {row["key"] for row in card.snapshot["deliverables"]} == set(DeliverableKey.values)
    assert set(load_active_rates().deliverables) == set(DeliverableKey.values)


@pytest.mark.django_db
def test_a_card_without_every_multiplier_cannot_be_activated():
    copy = RateCard.objects.get(is_active=True).clone(name="Draft")
    copy.deliverables.filter(key="story").delete()
    assert any("Story" in problem for problem in copy.activation_problems())
    with pytest.raises(IncompleteRateCard):
        copy.activate()


def test_without_a_sponsored_video_price_only_the_ugc_video_is_priced():
    nothing = Amounts(Decimal(0), Decimal(0), Decimal(0))
    rates = default_rates()
    prices = deliverables.price_list(nothing, UGC, rates.deliverables)
    assert [price.key for price in prices] == ["ugc_video"]


@pytest.mark.django_db
def test_an_admin_edits_a_multiplier_on_a_draft_card_then_activates_it(admin_client, monkeypatch):
    from django.urls import reverse

    from estimator import snapshot
    from tests.estimator.test_admin import run_action, submitted_data

    monkeypatch.setattr(snapshot, "_rates_by_card", {})
    copy = RateCard.objects.get(is_active=True).clone(name="Draft")
    url = reverse("admin:estimator_ratecard_change", args=[copy.pk])
    page = admin_client.get(url)
    data = submitted_data(page)
    (inline,) = [
        inline
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.prefix == "deliverables"
    ]
    (form,) = [form for form in inline.formset.forms if form.instance.key == "raw_footage"]
    data[form.add_prefix("high")] = "0.45"
    assert admin_client.post(url, data).status_code == 302
    run_action(admin_client, "activate_card", copy)
    assert load_active_rates().deliverables["raw_footage"].high == Decimal("0.45")


@pytest.mark.django_db
def test_a_bundle_multiplier_above_one_is_refused(admin_client):
    from django.core.exceptions import ValidationError

    copy = RateCard.objects.get(is_active=True).clone(name="Draft")
    bundle = copy.deliverables.get(key="bundle_3")
    bundle.high = Decimal("1.2")
    with pytest.raises(ValidationError):
        bundle.full_clean()
