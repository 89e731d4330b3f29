"""The default rate card: every value of PRODUCT.md with its source, checked on 2026-11-21.

Plain data in the snapshot format (see ``estimator.snapshot``), so the data migration, the
tests that need no database and the admin all start from the same numbers.
"""

from __future__ import annotations

import datetime
from typing import Any

# Marks the texts creators see (card name, sources, notes, conditions) for the catalogue: the
# card stores them in English, the pages show them in the reader's language
# (``estimator.presentation.card_text``). An admin's own text shows as typed.
from django.utils.translation import gettext_noop

CHECKED_ON = "2026-11-21"
CARD_NAME = gettext_noop("Default rate card (PRODUCT.md, checked 2026-11-21)")
EFFECTIVE_FROM = datetime.date(2026, 11, 21)

LOW, MEDIUM, HIGH = 1, 2, 3

SOURCES = {
    "creator_rewards_rules": gettext_noop(
        "https://support.tiktok.com/en/business-and-creator/creator-rewards-program/"
        "creator-rewards-program ; https://thedigitaldept.com/tiktok-creator-rewards-program/ ; "
        "https://thespacelab.tv/Content/2025/04-April/TikTok-001.html"
    ),
    "rpm": gettext_noop(
        "Source articles (Clapico: 0,40–1,20 € per 1 000 eligible views; «environ 1 €») ; "
        "https://napolify.com/blogs/news/creator-rewards-rpm ; "
        "https://shortgenius.com/ca/blog/combien-tiktok-paye"
    ),
    "qualified_share": gettext_noop(
        "Source article FAQ: 500 000 views → «entre 250 € et 500 €» (50–100 % qualified)"
    ),
    "creator_rewards_countries": gettext_noop(
        "Official list: US, UK, DE, JP, KR, FR, BR ; "
        "https://flowcree.com/fr/blog/tiktok-creator-rewards-program-rpm-2026 ; "
        "https://canadatabloid.ca/news/can-you-get-paid-for-posting-on-tiktok-not-in-canada/"
    ),
    "shop_fr": gettext_noop(
        "https://europesays.com/fr/43384 (TikTok Shop France since 2025-03-31, 1 500 followers)"
    ),
    "shop_be": gettext_noop(
        "https://belganewsagency.eu (TikTok Shop Belgium, 2026-06-15); follower threshold not "
        "published: France's assumed"
    ),
    "shop_ca": gettext_noop(
        "https://hubfluence.io/blog/tiktok-canada-court-ruling-2026 (no TikTok Shop)"
    ),
    "diamonds": gettext_noop(
        "https://calculatecreator.com/calculators/coins-gifts-diamonds ; "
        "https://streampace.io/glossary/gift (200 diamonds = 1 USD)"
    ),
    "subscriptions": gettext_noop(
        "https://tubefilter.com (2025-10-29, subscription payouts) ; "
        "https://findarticles.com/tiktok-increases-creator-subscription-payouts-to-90-percent/"
    ),
    "shop_commission": gettext_noop(
        "https://thankyouanalytics.com/fr/blog/tiktok-affiliate-guide-complet/ "
        "(sellers set 1–80 %, TikTok recommends 10–30 %)"
    ),
    "affiliate_commission": gettext_noop("Typical affiliate programmes (5–20 %)"),
    "marketplace": gettext_noop(
        "https://support.tiktok.com/sl/business-and-creator/tiktok-creator-marketplace/"
        "what-is-tiktok-creator-marketplace"
    ),
    "brand_cpm": gettext_noop(
        "https://kolens.ai/answers/what-is-a-good-tiktok-cpm ($10–20, ~$15 median) ; "
        "https://sponsorrate-com.pages.dev/methodology ; "
        "https://socialrails.com/free-tools/tiktok-sponsored-post-rate-calculator"
    ),
    "brand_followers": gettext_noop(
        "Follower-based rule of thumb ; https://sponsorrate-com.pages.dev/methodology"
    ),
    "niches": gettext_noop(
        "https://sponsorrate-com.pages.dev/methodology ; "
        "https://socialrails.com/free-tools/tiktok-sponsored-post-rate-calculator "
        "(finance, tech, education ×1.3–2.0; beauty, fashion ×1.1–1.3)"
    ),
    "engagement": gettext_noop(
        "https://hypeauditor.com/free-tools/tiktok-engagement-calculator ; "
        "https://sponsorrate-com.pages.dev/methodology"
    ),
    "ugc": gettext_noop("https://createurugc.com (150–300 € beginner, 300–800 € experienced)"),
    "live": gettext_noop("Source articles (Clapico, Shortgenius): 1 000 followers, 18+"),
    "fx": gettext_noop("Approximate exchange rates, dated; keep them current in the admin"),
}


def _provenance(topic: str, confidence: int = MEDIUM) -> dict[str, Any]:
    return {"source": SOURCES[topic], "checked_on": CHECKED_ON, "confidence": confidence}


def _rate(key, low, expected, high, currency, topic, confidence=MEDIUM) -> dict[str, Any]:
    return {
        "key": key,
        "low": low,
        "expected": expected,
        "high": high,
        "currency": currency,
        **_provenance(topic, confidence),
    }


def _country(code, name, currency, rewards, shop, shop_min, share, topic, confidence, note=""):
    return {
        "code": code,
        "name": name,
        "currency": currency,
        "creator_rewards": rewards,
        "tiktok_shop": shop,
        "shop_min_followers": shop_min,
        "subscription_share": list(share),
        "note": note,
        **_provenance(topic, confidence),
    }


def _rule(
    source,
    topic,
    *,
    age=18,
    followers=None,
    views=None,
    posts=None,
    personal=False,
    no_strike=False,
    conditions="",
    confidence=MEDIUM,
):
    return {
        "source_key": source,
        "min_age": age,
        "min_followers": followers,
        "min_views_30d": views,
        "min_posts_30d": posts,
        "requires_personal_account": personal,
        "requires_no_strike": no_strike,
        "conditions": conditions,
        **_provenance(topic, confidence),
    }


EU_SHARE = ("0.50", "0.50", "0.70")
NA_SHARE = ("0.70", "0.70", "0.90")

DEFAULT_SNAPSHOT: dict[str, Any] = {
    "version": 1,
    "rates": [
        _rate("rpm", "0.40", "1.00", "1.20", "EUR", "rpm"),
        _rate("qualified_share", "0.50", "0.75", "1.00", None, "qualified_share"),
        # Sources disagree on coins per diamond: shown first in the panel.
        _rate("diamond_value", "0.005", "0.005", "0.005", "USD", "diamonds", LOW),
        _rate("brand_cpm", "10", "15", "20", "USD", "brand_cpm"),
        _rate("brand_follower_rate", "10", "15", "20", "USD", "brand_followers", LOW),
        _rate("shop_commission", "0.10", "0.15", "0.30", None, "shop_commission"),
        _rate("affiliate_commission", "0.05", "0.10", "0.20", None, "affiliate_commission", LOW),
        _rate("ugc_price", "150", "300", "800", "EUR", "ugc"),
    ],
    "countries": [
        _country(
            "FR",
            "France",
            "EUR",
            True,
            True,
            1500,
            EU_SHARE,
            "shop_fr",
            HIGH,
            gettext_noop("Creator Rewards and TikTok Shop (since 2025-03-31) run in France."),
        ),
        _country(
            "BE",
            "Belgique",
            "EUR",
            False,
            True,
            None,
            EU_SHARE,
            "shop_be",
            LOW,
            gettext_noop(
                "Belgium is in no Creator Rewards list we found (the source articles say it is: "
                "we follow the more specific sources). TikTok Shop since 2026-06-15."
            ),
        ),
        _country(
            "CA",
            "Canada",
            "CAD",
            False,
            False,
            None,
            NA_SHARE,
            "shop_ca",
            MEDIUM,
            gettext_noop("Canada is excluded from Creator Rewards (CBC report); no TikTok Shop."),
        ),
        _country(
            "US",
            "United States",
            "USD",
            True,
            True,
            None,
            NA_SHARE,
            "creator_rewards_countries",
            MEDIUM,
        ),
        _country(
            "DE",
            "Deutschland",
            "EUR",
            True,
            True,
            None,
            EU_SHARE,
            "creator_rewards_countries",
            MEDIUM,
        ),
    ],
    "niches": [
        {
            "slug": slug,
            "rpm_multiplier": "1.0",
            "brand_multiplier": multiplier,
            **_provenance("niches", LOW if multiplier != "1.0" else MEDIUM),
        }
        for slug, multiplier in (
            ("general", "1.0"),
            ("finance", "1.6"),
            ("tech", "1.5"),
            ("education", "1.4"),
            ("beauty", "1.2"),
            ("fashion", "1.2"),
            ("food", "1.0"),
            ("gaming", "1.0"),
            ("travel", "1.0"),
            ("fitness", "1.0"),
            ("entertainment", "1.0"),
        )
    ],
    "engagement_bands": [
        {"min_rate": min_rate, "multiplier": multiplier, **_provenance("engagement")}
        for min_rate, multiplier in (("0", "0.8"), ("3", "1.0"), ("6", "1.25"), ("10", "1.5"))
    ],
    "eligibility": [
        _rule(
            "creator_rewards",
            "creator_rewards_rules",
            followers=10_000,
            views=100_000,
            personal=True,
            no_strike=True,
            conditions=gettext_noop(
                "Original videos longer than 1 minute; account in good standing."
            ),
        ),
        _rule("live_gifts", "live", followers=1_000),
        _rule(
            "subscriptions",
            "live",
            followers=1_000,
            conditions=gettext_noop("LIVE access required."),
        ),
        _rule(
            "brand_partnerships",
            "marketplace",
            followers=10_000,
            views=1_000,
            posts=3,
            conditions=gettext_noop("Creator Marketplace only: direct deals need no threshold."),
        ),
        _rule("tiktok_shop", "shop_fr", followers=1_500),
    ],
    "exchange_rates": [
        {"from": "USD", "to": "EUR", "rate": "0.86", **_provenance("fx", LOW)},
        {"from": "USD", "to": "CAD", "rate": "1.40", **_provenance("fx", LOW)},
        {"from": "EUR", "to": "CAD", "rate": "1.62", **_provenance("fx", LOW)},
    ],
}


# The price list (issue 17): multipliers of the suggested price of one dedicated sponsored video,
# from PRODUCT.md's "Deliverables and add-ons", checked 2026-12-01. Industry guides, no official
# scale: low confidence. Bundles are per-video multipliers (0.90: 10 % off each of 3 videos).
DELIVERABLES_CHECKED_ON = "2026-12-01"
DELIVERABLES_SOURCE = (
    "Industry pricing guides (no official scale): "
    "https://storika.ai/guides/influencer-usage-rights-pricing ; "
    "https://blogist.co/blog/2020-04-30-how-to-price-usage-and-exclusivity/ ; "
    "https://323works.com/insight/marketing/what-it-costs-to-hire-an-influencer-in-2026 ; "
    "https://viralfusion.io/blog/influencer-marketing-pricing-2026-guide"
)


def _deliverable(key: str, low: str, expected: str, high: str, note: str) -> dict[str, Any]:
    return {
        "key": key,
        "low": low,
        "expected": expected,
        "high": high,
        "source": f"{note} — {DELIVERABLES_SOURCE}",
        "checked_on": DELIVERABLES_CHECKED_ON,
        "confidence": LOW,
    }


DEFAULT_DELIVERABLES: list[dict[str, Any]] = [
    _deliverable("integrated_mention", "0.50", "0.60", "0.75", "Shorter screen time"),
    _deliverable("story", "0.20", "0.30", "0.40", "24 h, lower reach"),
    _deliverable("live_mention", "0.30", "0.40", "0.50", "Mention during a LIVE"),
    _deliverable("usage_rights_30d", "0.20", "0.30", "0.50", "Guides: 20–50 % of the fee/month"),
    _deliverable("usage_rights_90d", "0.50", "0.75", "1.00", "Guides: 20–50 % of the fee/month"),
    _deliverable("exclusivity_month", "0.10", "0.25", "0.50", "Limits the creator's other deals"),
    _deliverable("raw_footage", "0.10", "0.20", "0.30", "Unedited files"),
    _deliverable("link_in_bio_week", "0.05", "0.10", "0.20", "Per week"),
    _deliverable("bundle_3", "0.90", "0.90", "0.90", "10 % off per video"),
    _deliverable("bundle_5", "0.85", "0.85", "0.85", "15 % off per video"),
]
DEFAULT_SNAPSHOT["deliverables"] = DEFAULT_DELIVERABLES


def add_default_deliverables(card, model) -> None:
    """Give ``card`` the default multipliers (``model``: a migration's or the real model)."""
    model.objects.bulk_create(
        model(
            card=card,
            key=row["key"],
            low=row["low"],
            expected=row["expected"],
            high=row["high"],
            source=row["source"],
            checked_on=datetime.date.fromisoformat(row["checked_on"]),
            confidence=row["confidence"],
        )
        for row in DEFAULT_DELIVERABLES
    )


def create_default_card(apps) -> Any:
    """Create and activate the default card; ``apps`` is a migration's or the real registry."""
    RateCard = apps.get_model("estimator", "RateCard")
    data = DEFAULT_SNAPSHOT

    def provenance(row):
        return {
            "source": row["source"],
            "checked_on": datetime.date.fromisoformat(row["checked_on"]),
            "confidence": row["confidence"],
        }

    card = RateCard.objects.create(name=CARD_NAME, effective_from=EFFECTIVE_FROM)
    for row in data["rates"]:
        card.rates.create(
            key=row["key"],
            low=row["low"],
            expected=row["expected"],
            high=row["high"],
            currency=row["currency"] or "",
            **provenance(row),
        )
    for row in data["countries"]:
        low, expected, high = row["subscription_share"]
        card.countries.create(
            code=row["code"],
            name=row["name"],
            currency=row["currency"],
            creator_rewards=row["creator_rewards"],
            tiktok_shop=row["tiktok_shop"],
            shop_min_followers=row["shop_min_followers"],
            subscription_share_low=low,
            subscription_share_expected=expected,
            subscription_share_high=high,
            note=row["note"],
            **provenance(row),
        )
    for row in data["niches"]:
        card.niches.create(
            slug=row["slug"],
            rpm_multiplier=row["rpm_multiplier"],
            brand_multiplier=row["brand_multiplier"],
            **provenance(row),
        )
    for row in data["engagement_bands"]:
        card.engagement_bands.create(
            min_rate=row["min_rate"], multiplier=row["multiplier"], **provenance(row)
        )
    for row in data["eligibility"]:
        card.eligibility_rules.create(
            source_key=row["source_key"],
            min_age=row["min_age"],
            min_followers=row["min_followers"],
            min_views_30d=row["min_views_30d"],
            min_posts_30d=row["min_posts_30d"],
            requires_personal_account=row["requires_personal_account"],
            requires_no_strike=row["requires_no_strike"],
            conditions=row["conditions"],
            **provenance(row),
        )
    for row in data["exchange_rates"]:
        card.exchange_rates.create(
            from_currency=row["from"], to_currency=row["to"], rate=row["rate"], **provenance(row)
        )
    try:
        deliverable_model = apps.get_model("estimator", "DeliverableMultiplier")
    except LookupError:  # migration 0002: the multipliers arrive with a later migration
        deliverable_model = None
    if deliverable_model is not None:
        add_default_deliverables(card, deliverable_model)
    return card
