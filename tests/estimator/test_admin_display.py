"""The admin names the app and shows rates with their unit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from estimator.admin import rate_text
from estimator.models import RateCard

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("key", "value", "currency", "french", "english"),
    [
        ("affiliate_commission", Decimal("0.050000"), "", "5\xa0%", "5%"),
        ("ugc_price", Decimal("150.000000"), "EUR", "150,00\xa0€", "€150.00"),
        ("rpm", Decimal("1.000000"), "EUR", "1,00\xa0€ / 1 000 vues qualifiées", None),
        ("diamond_value", Decimal("0.005000"), "USD", "0,005\xa0$\xa0US / diamant", None),
    ],
)
def test_a_rate_reads_with_its_unit(key, value, currency, french, english):
    with translation.override("fr"):
        assert rate_text(key, value, currency) == french
    if english:
        with translation.override("en"):
            assert rate_text(key, value, currency) == english


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser("a@example.com", "a@example.com", "pw-a-1")
    client.force_login(admin)
    return client


def test_the_admin_has_the_apps_name_in_its_header_and_title(admin_client):
    text = admin_client.get("/admin/").text
    assert "Administration de Django" not in text
    assert "Planificateur de revenus TikTok" in text.split("</title>")[0]


def test_a_frozen_card_shows_its_rates_with_units_not_raw_decimals(admin_client):
    card = RateCard.objects.get(is_active=True)
    text = admin_client.get(f"/admin/estimator/ratecard/{card.pk}/change/").text
    assert "0,050000" not in text and "150,000000" not in text
    assert "5\xa0% · 10\xa0% · 20\xa0%" in text
    assert "150,00\xa0€ · 300,00\xa0€ · 800,00\xa0€" in text


def test_the_list_column_of_the_original_card_has_a_short_title(admin_client):
    text = admin_client.get("/admin/estimator/ratecard/").text
    assert "column-copy_of" in text
