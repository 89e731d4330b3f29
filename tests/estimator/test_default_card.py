"""The data migration creates the default card of PRODUCT.md, active, frozen and sourced."""

from __future__ import annotations

import dataclasses

import pytest

from estimator.models import RateCard, RateKey
from estimator.snapshot import load_active_rates
from tests.estimator.rates_factory import default_rates

pytestmark = pytest.mark.django_db


def test_exactly_one_card_is_active_and_it_is_frozen():
    card = RateCard.objects.get()
    assert card.is_active
    assert card.is_frozen
    assert card.snapshot is not None


def test_the_migrated_card_holds_every_default_value():
    loaded = load_active_rates()
    expected = default_rates()
    assert dataclasses.replace(loaded, card_id=0) == expected


def test_every_rate_key_is_present_with_a_source_and_a_date():
    card = RateCard.objects.get()
    assert {rate.key for rate in card.rates.all()} == set(RateKey.values)
    for relation in (
        "rates",
        "countries",
        "niches",
        "engagement_bands",
        "eligibility_rules",
        "exchange_rates",
    ):
        for row in getattr(card, relation).all():
            assert row.source.strip(), (relation, row)
            assert row.checked_on is not None


def test_activation_is_seen_by_the_next_estimate_and_the_old_card_keeps_its_values():
    old = RateCard.objects.get()
    copy = old.clone(name="Copy")
    copy.rates.filter(key="rpm").update(expected="1.10", high="1.30")
    copy.activate()

    assert load_active_rates().card_id == copy.pk
    assert str(load_active_rates().rates["rpm"].expected) == "1.100000"
    old.refresh_from_db()
    assert not old.is_active
    assert old.rates.get(key="rpm").expected == 1
    assert old.snapshot["rates"] == RateCard.objects.get(pk=old.pk).snapshot["rates"]
    assert {r["key"]: r["expected"] for r in old.snapshot["rates"]}["rpm"].startswith("1.00")
