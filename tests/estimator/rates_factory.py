"""The engine tests' own rate card, as plain values: no database, no production data.

The numbers are those of the default card when these tests were written, so the worked
examples of the source articles still hold to the cent; but they live here, so changing a
default rate (a new data migration, or the admin) breaks only the tests about the default card
(``test_default_card``), never the engine's.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from estimator.calculations import Rates
from estimator.snapshot_format import rates_from_snapshot

CARD_NAME = "Engine tests' rate card"
CHECKED_ON = "2026-11-21"
LOW, MEDIUM, HIGH = 1, 2, 3


def _provenance(confidence: int = MEDIUM) -> dict[str, Any]:
    return {"source": "tests", "checked_on": CHECKED_ON, "confidence": confidence}


def _rate(key, low, expected, high, currency, confidence=MEDIUM) -> dict[str, Any]:
    row = {"key": key, "low": low, "expected": expected, "high": high, "currency": currency}
    return {**row, **_provenance(confidence)}


def _country(code, currency, rewards, shop, shop_min, share, confidence) -> dict[str, Any]:
    return {
        "code": code,
        "name": code,
        "currency": currency,
        "creator_rewards": rewards,
        "tiktok_shop": shop,
        "shop_min_followers": shop_min,
        "subscription_share": list(share),
        "note": "",
        **_provenance(confidence),
    }


def _rule(source, *, followers, views=None, posts=None, personal=False, no_strike=False):
    return {
        "source_key": source,
        "min_age": 18,
        "min_followers": followers,
        "min_views_30d": views,
        "min_posts_30d": posts,
        "requires_personal_account": personal,
        "requires_no_strike": no_strike,
        "conditions": "",
        **_provenance(),
    }


EU_SHARE = ("0.50", "0.50", "0.70")
NA_SHARE = ("0.70", "0.70", "0.90")
BRAND_MULTIPLIERS = {
    "finance": "1.6",
    "tech": "1.5",
    "education": "1.4",
    "beauty": "1.2",
    "fashion": "1.2",
}
NICHE_SLUGS = (
    "general",
    "finance",
    "tech",
    "education",
    "beauty",
    "fashion",
    "food",
    "gaming",
    "travel",
    "fitness",
    "entertainment",
)

SNAPSHOT: dict[str, Any] = {
    "version": 1,
    "rates": [
        _rate("rpm", "0.40", "1.00", "1.20", "EUR"),
        _rate("qualified_share", "0.50", "0.75", "1.00", None),
        _rate("diamond_value", "0.005", "0.005", "0.005", "USD", LOW),
        _rate("brand_cpm", "10", "15", "20", "USD"),
        _rate("brand_follower_rate", "10", "15", "20", "USD", LOW),
        _rate("shop_commission", "0.10", "0.15", "0.30", None),
        _rate("affiliate_commission", "0.05", "0.10", "0.20", None, LOW),
        _rate("ugc_price", "150", "300", "800", "EUR"),
    ],
    "countries": [
        _country("FR", "EUR", True, True, 1500, EU_SHARE, HIGH),
        _country("BE", "EUR", False, True, None, EU_SHARE, LOW),
        _country("CA", "CAD", False, False, None, NA_SHARE, MEDIUM),
        _country("US", "USD", True, True, None, NA_SHARE, MEDIUM),
        _country("DE", "EUR", True, True, None, EU_SHARE, MEDIUM),
    ],
    "niches": [
        {
            "slug": slug,
            "rpm_multiplier": "1.0",
            "brand_multiplier": BRAND_MULTIPLIERS.get(slug, "1.0"),
            **_provenance(LOW if slug in BRAND_MULTIPLIERS else MEDIUM),
        }
        for slug in NICHE_SLUGS
    ],
    "engagement_bands": [
        {"min_rate": min_rate, "multiplier": multiplier, **_provenance()}
        for min_rate, multiplier in (("0", "0.8"), ("3", "1.0"), ("6", "1.25"), ("10", "1.5"))
    ],
    "eligibility": [
        _rule("creator_rewards", followers=10_000, views=100_000, personal=True, no_strike=True),
        _rule("live_gifts", followers=1_000),
        _rule("subscriptions", followers=1_000),
        _rule("brand_partnerships", followers=10_000, views=1_000, posts=3),
        _rule("tiktok_shop", followers=1_500),
    ],
    "exchange_rates": [
        {"from": "USD", "to": "EUR", "rate": "0.86", **_provenance(LOW)},
        {"from": "USD", "to": "CAD", "rate": "1.40", **_provenance(LOW)},
        {"from": "EUR", "to": "CAD", "rate": "1.62", **_provenance(LOW)},
    ],
    # Price-list multipliers of the dedicated sponsored video's price.
    "deliverables": [
        {"key": key, "low": low, "expected": expected, "high": high, **_provenance(LOW)}
        for key, low, expected, high in (
            ("integrated_mention", "0.50", "0.60", "0.75"),
            ("story", "0.20", "0.30", "0.40"),
            ("live_mention", "0.30", "0.40", "0.50"),
            ("usage_rights_30d", "0.20", "0.30", "0.50"),
            ("usage_rights_90d", "0.50", "0.75", "1.00"),
            ("exclusivity_month", "0.10", "0.25", "0.50"),
            ("raw_footage", "0.10", "0.20", "0.30"),
            ("link_in_bio_week", "0.05", "0.10", "0.20"),
            ("bundle_3", "0.90", "0.90", "0.90"),
            ("bundle_5", "0.85", "0.85", "0.85"),
        )
    ],
}


def make_rates(**changes) -> Rates:
    """The tests' rates; ``changes`` replace fields of the result (e.g. ``niches={...}``)."""
    effective_from = datetime.date.fromisoformat(CHECKED_ON)
    rates = rates_from_snapshot(0, CARD_NAME, effective_from, SNAPSHOT)
    return dataclasses.replace(rates, **changes) if changes else rates


# The former name, kept so tests written on other branches before the rename still run; new
# tests call make_rates(): these are the tests' rates, not the default card's.
default_rates = make_rates
