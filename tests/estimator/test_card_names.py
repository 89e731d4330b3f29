"""The default card names its countries and labels its niches in both languages (filled by
migration 0006 from its own copy), and the money of any currency reads as the language writes
it, the symbols from Babel."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from estimator.choices import country_choices, currency_codes, niche_choices
from estimator.models import RateCard
from estimator.presentation import _money_text, currency_affixes, format_money
from estimator.snapshot import load_active_rates

MIGRATION = Path(__file__).parents[2] / "estimator" / "migrations" / "0006_i15_card_names.py"


@pytest.mark.django_db
def test_the_default_cards_rows_are_named_in_both_languages():
    card = RateCard.objects.get(is_active=True)
    names = {row.code: (row.name_fr, row.name_en) for row in card.countries.all()}
    assert names == {
        "FR": ("France", "France"),
        "BE": ("Belgique", "Belgium"),
        "CA": ("Canada", "Canada"),
        "US": ("États-Unis", "United States"),
        "DE": ("Allemagne", "Germany"),
    }
    labels = [(row.slug, row.label_fr, row.label_en) for row in card.niches.all()]
    assert labels[0] == ("general", "Généraliste", "General")
    assert ("gaming", "Jeux vidéo", "Gaming") in labels
    assert all(fr and en for _slug, fr, en in labels)


@pytest.mark.django_db
def test_the_active_snapshot_carries_the_names_the_forms_show():
    rates = load_active_rates()
    with translation.override("fr"):
        assert country_choices(rates) == [
            ("FR", "France"),
            ("BE", "Belgique"),
            ("CA", "Canada"),
            ("DE", "Allemagne"),
            ("US", "États-Unis"),
        ]
        assert niche_choices(rates)[0] == ("general", "Généraliste")
    with translation.override("en"):
        assert country_choices(rates, with_currency=True)[1] == ("BE", "Belgium (EUR)")
        assert dict(niche_choices(rates))["food"] == "Food"
    assert currency_codes(rates) == ["EUR", "CAD", "USD"]


def test_the_migration_holds_its_own_copy_of_the_names():
    imported = set()
    for node in ast.walk(ast.parse(MIGRATION.read_text())):
        if isinstance(node, ast.ImportFrom):
            imported.add(node.module)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    assert imported, "the test reads no import at all"
    assert all(name.startswith("django.") for name in imported), imported


@pytest.mark.parametrize(
    ("currency", "french", "english"),
    [
        ("EUR", "1\u00a0234,56\u00a0€", "€1,234.56"),
        ("CAD", "1\u00a0234,56\u00a0$\u00a0CA", "CA$1,234.56"),
        ("USD", "1\u00a0234,56\u00a0$\u00a0US", "US$1,234.56"),
        ("CHF", "1\u00a0234,56\u00a0CHF", "CHF\u00a01,234.56"),
        ("GBP", "1\u00a0234,56\u00a0£\u00a0GB", "£1,234.56"),
        ("JPY", "1\u00a0234,56\u00a0JPY", "JP¥1,234.56"),
        ("BRL", "1\u00a0234,56\u00a0R$", "R$1,234.56"),
    ],
)
def test_any_currency_is_written_as_each_language_writes_it(currency, french, english):
    with translation.override("fr"):
        assert format_money(Decimal("1234.56"), currency) == french
    with translation.override("en"):
        assert format_money(Decimal("1234.56"), currency) == english


def test_the_symbols_are_looked_up_once_per_language_and_currency():
    currency_affixes.cache_clear()
    _money_text.cache_clear()
    with translation.override("fr"):
        for amount in range(3):  # three amounts: an amount's text is kept too
            format_money(Decimal(amount), "CHF")
            format_money(Decimal(amount), "EUR")
    with translation.override("en"):
        format_money(Decimal(1), "CHF")
    info = currency_affixes.cache_info()
    assert (info.misses, info.hits) == (3, 4)
