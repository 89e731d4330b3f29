"""The snapshot's format: a rate card's values as plain JSON (stored at activation) and back
as calculation rates.

The snapshot is what the estimator reads: one query per request, and a frozen record of the
values any estimate made with this card used. Pure: it reads attributes and imports no model,
so the models can build a snapshot and the loader (``estimator.snapshot``) can read one
without an import cycle.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from estimator import calculations as calc
from estimator.deliverables import Multiplier

SNAPSHOT_VERSION = 1
# A country says whether each country programme runs there, in a flag named after the source.
_PROGRAMMES = tuple(source.key for source in calc.SOURCES if source.country_programme)


def _provenance(row) -> dict[str, Any]:
    return {
        "source": row.source,
        "checked_on": row.checked_on.isoformat(),
        "confidence": int(row.confidence),
    }


def _number(value) -> str | None:
    return None if value is None else str(value)


def build_snapshot(card) -> dict[str, Any]:
    """Works on real and on migration-time (historical) models alike: attributes only."""
    return {
        "version": SNAPSHOT_VERSION,
        "rates": [
            {
                "key": rate.key,
                "low": _number(rate.low),
                "expected": _number(rate.expected),
                "high": _number(rate.high),
                "currency": rate.currency or None,
                **_provenance(rate),
            }
            for rate in card.rates.all()
        ],
        "countries": [
            {
                "code": country.code,
                "name_fr": country.name_fr,
                "name_en": country.name_en,
                "currency": country.currency,
                **{key: getattr(country, key) for key in _PROGRAMMES},
                "shop_min_followers": country.shop_min_followers,
                "subscription_share": [
                    _number(country.subscription_share_low),
                    _number(country.subscription_share_expected),
                    _number(country.subscription_share_high),
                ],
                "note": country.note,
                **_provenance(country),
            }
            for country in card.countries.all()
        ],
        "niches": [
            {
                "slug": niche.slug,
                "label_fr": niche.label_fr,
                "label_en": niche.label_en,
                "rpm_multiplier": _number(niche.rpm_multiplier),
                "brand_multiplier": _number(niche.brand_multiplier),
                **_provenance(niche),
            }
            for niche in card.niches.all()
        ],
        "engagement_bands": [
            {
                "min_rate": _number(band.min_rate),
                "multiplier": _number(band.multiplier),
                **_provenance(band),
            }
            for band in card.engagement_bands.order_by("min_rate")
        ],
        "eligibility": [
            {
                "source_key": rule.source_key,
                "min_age": rule.min_age,
                "min_followers": rule.min_followers,
                "min_views_30d": rule.min_views_30d,
                "min_posts_30d": rule.min_posts_30d,
                "requires_personal_account": rule.requires_personal_account,
                "requires_no_strike": rule.requires_no_strike,
                "conditions": rule.conditions,
                **_provenance(rule),
            }
            for rule in card.eligibility_rules.all()
        ],
        "exchange_rates": [
            {
                "from": pair.from_currency,
                "to": pair.to_currency,
                "rate": _number(pair.rate),
                **_provenance(pair),
            }
            for pair in card.exchange_rates.all()
        ],
        "deliverables": [
            {
                "key": row.key,
                "low": _number(row.low),
                "expected": _number(row.expected),
                "high": _number(row.high),
                **_provenance(row),
            }
            for row in _deliverable_rows(card)
        ],
    }


def _deliverable_rows(card) -> list:
    # A migration-time card from before the multipliers existed has no such relation.
    relation = getattr(card, "deliverables", None)
    return list(relation.all()) if relation is not None else []


def _read_provenance(data: dict[str, Any]) -> calc.Provenance:
    return calc.Provenance(
        source=data["source"],
        checked_on=datetime.date.fromisoformat(data["checked_on"]),
        confidence=calc.Confidence(data["confidence"]),
    )


def rates_from_snapshot(
    card_id: int, card_name: str, effective_from: datetime.date, snapshot: dict[str, Any]
) -> calc.Rates:
    rates = {
        row["key"]: calc.Rate(
            key=row["key"],
            low=Decimal(row["low"]),
            expected=Decimal(row["expected"]),
            high=Decimal(row["high"]),
            currency=row["currency"],
            provenance=_read_provenance(row),
        )
        for row in snapshot["rates"]
    }
    countries = {}
    for row in snapshot["countries"]:
        provenance = _read_provenance(row)
        low, expected, high = (Decimal(value) for value in row["subscription_share"])
        countries[row["code"]] = calc.Country(
            code=row["code"],
            currency=row["currency"],
            # A card stored before a programme existed does not run it anywhere.
            **{key: row.get(key, False) for key in _PROGRAMMES},
            shop_min_followers=row["shop_min_followers"],
            subscription_share=calc.Rate(
                key="subscription_share",
                low=low,
                expected=expected,
                high=high,
                currency=None,
                provenance=provenance,
            ),
            provenance=provenance,
            note=row.get("note") or "",
            name_fr=row.get("name_fr") or "",
            name_en=row.get("name_en") or "",
        )
    niches = {
        row["slug"]: calc.Niche(
            slug=row["slug"],
            rpm_multiplier=Decimal(row["rpm_multiplier"]),
            brand_multiplier=Decimal(row["brand_multiplier"]),
            provenance=_read_provenance(row),
            label_fr=row.get("label_fr") or "",
            label_en=row.get("label_en") or "",
        )
        for row in snapshot["niches"]
    }
    bands = tuple(
        calc.EngagementBand(
            min_rate=Decimal(row["min_rate"]),
            multiplier=Decimal(row["multiplier"]),
            provenance=_read_provenance(row),
        )
        for row in snapshot["engagement_bands"]
    )
    eligibility = {
        row["source_key"]: calc.EligibilityRule(
            source=row["source_key"],
            min_age=row["min_age"],
            min_followers=row["min_followers"],
            min_views_30d=row["min_views_30d"],
            min_posts_30d=row["min_posts_30d"],
            requires_personal_account=row["requires_personal_account"],
            requires_no_strike=row["requires_no_strike"],
            provenance=_read_provenance(row),
        )
        for row in snapshot["eligibility"]
    }
    exchange_rates = tuple(
        calc.ExchangeRate(
            from_currency=row["from"],
            to_currency=row["to"],
            rate=Decimal(row["rate"]),
            provenance=_read_provenance(row),
        )
        for row in sorted(snapshot["exchange_rates"], key=lambda row: (row["from"], row["to"]))
    )
    deliverables = {
        row["key"]: Multiplier(
            key=row["key"],
            low=Decimal(row["low"]),
            expected=Decimal(row["expected"]),
            high=Decimal(row["high"]),
            provenance=_read_provenance(row),
        )
        # Cards activated before the price list existed have no multipliers: no price list.
        for row in snapshot.get("deliverables", ())
    }
    return calc.Rates(
        card_id=card_id,
        card_name=card_name,
        effective_from=effective_from,
        rates=rates,
        countries=countries,
        niches=niches,
        engagement_bands=tuple(sorted(bands, key=lambda band: band.min_rate)),
        eligibility=eligibility,
        exchange_rates=exchange_rates,
        deliverables=deliverables,
    )
