"""GET /api/estimate: the estimator as JSON, with per-field errors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import caches

from estimator.calculations import SOURCE_KEYS

pytestmark = pytest.mark.django_db


def test_it_returns_every_source_in_order_with_amounts_as_strings(client):
    response = client.get(
        "/api/estimate",
        {"qualified_views": "100000", "followers": "20000", "views_30d": "150000", "age": "30"},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["currency"] == "EUR"
    assert [source["key"] for source in data["sources"]] == list(SOURCE_KEYS)
    rewards = data["sources"][0]
    assert rewards["eligible"] is True
    assert rewards["expected"] == "100.00"
    assert rewards["low"] == "40.00"
    assert rewards["high"] == "120.00"
    assert rewards["missing"] == []
    assert "100" in rewards["formula"]
    assert data["total"]["expected"] == "100.00"
    assert set(data["rate_card"]) == {"id", "name", "effective_from"}


def test_every_amount_has_two_decimal_places(client):
    data = client.get("/api/estimate", {"ugc_videos": "3", "diamonds": "12345"}).json()
    amounts = [data["total"][name] for name in ("low", "expected", "high")]
    for source in data["sources"]:
        amounts += [source["low"], source["expected"], source["high"]]
    for amount in amounts:
        assert Decimal(amount).as_tuple().exponent == -2, amount


def test_missing_conditions_are_listed_with_required_and_actual(client):
    data = client.get("/api/estimate", {"followers": "6800", "qualified_views": "1000"}).json()
    rewards = data["sources"][0]
    assert rewards["eligible"] is False
    followers = next(m for m in rewards["missing"] if m["rule"] == "min_followers")
    assert followers["required"] == 10000
    assert followers["actual"] == 6800
    assert followers["gap"] == 3200


def test_canada_gets_canadian_dollars_and_no_creator_rewards(client):
    data = client.get(
        "/api/estimate",
        {"country": "CA", "qualified_views": "100000", "followers": "20000", "views_30d": "200000"},
    ).json()
    assert data["currency"] == "CAD"
    rewards = data["sources"][0]
    assert rewards["eligible"] is False
    assert {"rule": "country", "required": None, "actual": "CA", "gap": None} in rewards["missing"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"followers": "-1"}, "followers"),
        ({"followers": str(10**12 + 1)}, "followers"),
        ({"followers": "douze"}, "followers"),
        ({"age": "12"}, "age"),
        ({"age": "121"}, "age"),
        ({"engagement_rate": "100.5"}, "engagement_rate"),
        ({"ugc_price": str(10**9 + 1)}, "ugc_price"),
        ({"country": "ZZ"}, "country"),
        ({"niche": "crypto"}, "niche"),
        ({"account_type": "robot"}, "account_type"),
        ({"rate_per_post": "NaN"}, "rate_per_post"),
        ({"subscription_price": "Infinity"}, "subscription_price"),
    ],
)
def test_invalid_input_answers_400_with_per_field_errors(client, params, field):
    response = client.get("/api/estimate", params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert all(isinstance(message, str) and message for message in errors[field])


def test_has_strike_understands_zero_and_one(client):
    base = {"qualified_views": "100000", "followers": "20000", "views_30d": "200000"}
    clean = client.get("/api/estimate", {**base, "has_strike": "0"}).json()
    strike = client.get("/api/estimate", {**base, "has_strike": "1"}).json()
    assert clean["sources"][0]["eligible"] is True
    assert strike["sources"][0]["eligible"] is False


def test_the_api_makes_at_most_three_queries(client, django_assert_max_num_queries):
    client.get("/api/estimate", {"followers": "1000"})
    caches["estimates"].clear()  # computed again, not the kept answer (test_response_cache.py)
    with django_assert_max_num_queries(3):
        assert client.get("/api/estimate", {"followers": "1000"}).status_code == 200


def test_it_only_answers_get(client):
    assert client.post("/api/estimate").status_code == 405


def test_country_codes_are_case_insensitive(client):
    assert client.get("/api/estimate", {"country": "ca"}).json()["currency"] == "CAD"


def test_a_link_without_country_shows_and_uses_france(client):
    response = client.get("/en/", {"followers": "10"})
    assert '<option value="FR" selected>' in response.text
