"""The data migration creates the default card, active, frozen, complete and sourced.

The only tests that read the default card's values: the engine's tests use their own card
(``rates_factory``), so a new default rate breaks these tests and no other.
"""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest

from estimator.models import RateCard, RateKey
from estimator.snapshot import load_active_rates
from estimator.snapshot_format import build_snapshot

pytestmark = pytest.mark.django_db

MIGRATION = Path(__file__).parents[2] / "estimator" / "migrations" / "0002_default_rate_card.py"


def test_exactly_one_card_is_active_and_it_is_frozen():
    card = RateCard.objects.get()
    assert card.is_active
    assert card.is_frozen
    assert card.snapshot == build_snapshot(card)


def test_its_name_cites_no_document_outside_the_repository():
    assert RateCard.objects.get().name == "Default rate card (checked 2026-11-21)"


def test_the_default_card_is_complete():
    assert RateCard.objects.get().activation_problems() == []


@pytest.mark.parametrize(
    ("key", "low", "expected", "high", "currency"),
    [
        # docs/domain.md: RPM 0.40–1.20 € per 1 000 qualified views, about 1 € expected.
        ("rpm", "0.40", "1.00", "1.20", "EUR"),
        # 500 000 views → 250–500 €: 50 % to 100 % of the views qualify.
        ("qualified_share", "0.50", "0.75", "1.00", None),
        # 200 diamonds = 1 USD.
        ("diamond_value", "0.005", "0.005", "0.005", "USD"),
        ("brand_cpm", "10", "15", "20", "USD"),
        ("ugc_price", "150", "300", "800", "EUR"),
    ],
)
def test_the_default_rates_are_the_documented_ones(key, low, expected, high, currency):
    rate = load_active_rates().rates[key]
    assert (rate.low, rate.expected, rate.high) == (Decimal(low), Decimal(expected), Decimal(high))
    assert rate.currency == currency


def test_the_default_thresholds_are_the_documented_ones():
    rules = load_active_rates().eligibility
    creator_rewards = rules["creator_rewards"]
    assert (creator_rewards.min_age, creator_rewards.min_followers) == (18, 10_000)
    assert creator_rewards.min_views_30d == 100_000
    assert rules["live_gifts"].min_followers == 1_000
    assert rules["tiktok_shop"].min_followers == 1_500
    countries = load_active_rates().countries
    assert countries["FR"].creator_rewards and countries["FR"].tiktok_shop
    assert not countries["CA"].creator_rewards and not countries["CA"].tiktok_shop
    assert countries["CA"].currency == "CAD"


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


def test_the_migration_holds_its_own_copy_of_the_data():
    """Editing live code must never change what an applied migration did."""
    imported = set()
    for node in ast.walk(ast.parse(MIGRATION.read_text())):
        if isinstance(node, ast.ImportFrom):
            imported.add(node.module)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    assert imported, "the test reads no import at all"
    assert all(name == "datetime" or name.startswith("django.") for name in imported), imported


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
