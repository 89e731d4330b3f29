"""Create and activate the default rate card (values checked on 2026-11-21).

This migration holds its own copy of the data and of the snapshot format (version 1): editing
live code (``estimator.snapshot_format``, the models) never changes what it does. To change a
default value, add a new migration; never edit this one.
"""

import datetime

from django.db import migrations
from django.utils import timezone

CARD_NAME = 'Default rate card (PRODUCT.md, checked 2026-11-21)'
EFFECTIVE_FROM = datetime.date(2026, 11, 21)

DATA = {'version': 1,
 'rates': [{'key': 'rpm',
            'low': '0.40',
            'expected': '1.00',
            'high': '1.20',
            'currency': 'EUR',
            'source': 'Source articles (Clapico: 0,40–1,20 € per 1 000 eligible views; '
                      '«environ 1 €») ; https://napolify.com/blogs/news/creator-rewards-rpm ; '
                      'https://shortgenius.com/ca/blog/combien-tiktok-paye',
            'checked_on': '2026-11-21',
            'confidence': 2},
           {'key': 'qualified_share',
            'low': '0.50',
            'expected': '0.75',
            'high': '1.00',
            'currency': None,
            'source': 'Source article FAQ: 500 000 views → «entre 250 € et 500 €» (50–100 % '
                      'qualified)',
            'checked_on': '2026-11-21',
            'confidence': 2},
           {'key': 'diamond_value',
            'low': '0.005',
            'expected': '0.005',
            'high': '0.005',
            'currency': 'USD',
            'source': 'https://calculatecreator.com/calculators/coins-gifts-diamonds ; '
                      'https://streampace.io/glossary/gift (200 diamonds = 1 USD)',
            'checked_on': '2026-11-21',
            'confidence': 1},
           {'key': 'brand_cpm',
            'low': '10',
            'expected': '15',
            'high': '20',
            'currency': 'USD',
            'source': 'https://kolens.ai/answers/what-is-a-good-tiktok-cpm ($10–20, ~$15 '
                      'median) ; https://sponsorrate-com.pages.dev/methodology ; '
                      'https://socialrails.com/free-tools/tiktok-sponsored-post-rate-calculator',
            'checked_on': '2026-11-21',
            'confidence': 2},
           {'key': 'brand_follower_rate',
            'low': '10',
            'expected': '15',
            'high': '20',
            'currency': 'USD',
            'source': 'Follower-based rule of thumb ; '
                      'https://sponsorrate-com.pages.dev/methodology',
            'checked_on': '2026-11-21',
            'confidence': 1},
           {'key': 'shop_commission',
            'low': '0.10',
            'expected': '0.15',
            'high': '0.30',
            'currency': None,
            'source': 'https://thankyouanalytics.com/fr/blog/tiktok-affiliate-guide-complet/ '
                      '(sellers set 1–80 %, TikTok recommends 10–30 %)',
            'checked_on': '2026-11-21',
            'confidence': 2},
           {'key': 'affiliate_commission',
            'low': '0.05',
            'expected': '0.10',
            'high': '0.20',
            'currency': None,
            'source': 'Typical affiliate programmes (5–20 %)',
            'checked_on': '2026-11-21',
            'confidence': 1},
           {'key': 'ugc_price',
            'low': '150',
            'expected': '300',
            'high': '800',
            'currency': 'EUR',
            'source': 'https://createurugc.com (150–300 € beginner, 300–800 € experienced)',
            'checked_on': '2026-11-21',
            'confidence': 2}],
 'countries': [{'code': 'FR',
                'name': 'France',
                'currency': 'EUR',
                'creator_rewards': True,
                'tiktok_shop': True,
                'shop_min_followers': 1500,
                'subscription_share': ['0.50', '0.50', '0.70'],
                'note': 'Creator Rewards and TikTok Shop (since 2025-03-31) run in France.',
                'source': 'https://europesays.com/fr/43384 (TikTok Shop France since '
                          '2025-03-31, 1 500 followers)',
                'checked_on': '2026-11-21',
                'confidence': 3},
               {'code': 'BE',
                'name': 'Belgique',
                'currency': 'EUR',
                'creator_rewards': False,
                'tiktok_shop': True,
                'shop_min_followers': None,
                'subscription_share': ['0.50', '0.50', '0.70'],
                'note': 'Belgium is in no Creator Rewards list we found (the source articles '
                        'say it is: we follow the more specific sources). TikTok Shop since '
                        '2026-06-15.',
                'source': 'https://belganewsagency.eu (TikTok Shop Belgium, 2026-06-15); '
                          "follower threshold not published: France's assumed",
                'checked_on': '2026-11-21',
                'confidence': 1},
               {'code': 'CA',
                'name': 'Canada',
                'currency': 'CAD',
                'creator_rewards': False,
                'tiktok_shop': False,
                'shop_min_followers': None,
                'subscription_share': ['0.70', '0.70', '0.90'],
                'note': 'Canada is excluded from Creator Rewards (CBC report); no TikTok Shop.',
                'source': 'https://hubfluence.io/blog/tiktok-canada-court-ruling-2026 (no '
                          'TikTok Shop)',
                'checked_on': '2026-11-21',
                'confidence': 2},
               {'code': 'US',
                'name': 'United States',
                'currency': 'USD',
                'creator_rewards': True,
                'tiktok_shop': True,
                'shop_min_followers': None,
                'subscription_share': ['0.70', '0.70', '0.90'],
                'note': '',
                'source': 'Official list: US, UK, DE, JP, KR, FR, BR ; '
                          'https://flowcree.com/fr/blog/tiktok-creator-rewards-program-rpm-2026 '
                          '; '
                          'https://canadatabloid.ca/news/can-you-get-paid-for-posting-on-tiktok-not-in-canada/',
                'checked_on': '2026-11-21',
                'confidence': 2},
               {'code': 'DE',
                'name': 'Deutschland',
                'currency': 'EUR',
                'creator_rewards': True,
                'tiktok_shop': True,
                'shop_min_followers': None,
                'subscription_share': ['0.50', '0.50', '0.70'],
                'note': '',
                'source': 'Official list: US, UK, DE, JP, KR, FR, BR ; '
                          'https://flowcree.com/fr/blog/tiktok-creator-rewards-program-rpm-2026 '
                          '; '
                          'https://canadatabloid.ca/news/can-you-get-paid-for-posting-on-tiktok-not-in-canada/',
                'checked_on': '2026-11-21',
                'confidence': 2}],
 'niches': [{'slug': 'general',
             'rpm_multiplier': '1.0',
             'brand_multiplier': '1.0',
             'source': 'https://sponsorrate-com.pages.dev/methodology ; '
                       'https://socialrails.com/free-tools/tiktok-sponsored-post-rate-calculator '
                       '(finance, tech, education ×1.3–2.0; beauty, fashion ×1.1–1.3)',
             'checked_on': '2026-11-21',
             'confidence': 2},
            {'slug': 'finance',
             'rpm_multiplier': '1.0',
             'brand_multiplier': '1.6',
             'source': 'https://sponsorrate-com.pages.dev/methodology ; '
                       'https://socialrails.com/free-tools/tiktok-sponsored-post-rate-calculator '
                       '(finance, tech, education ×1.3–2.0; beauty, fashion ×1.1–1.3)',
             'checked_on': '2026-11-21',
             'confidence': 1},
            {'slug': 'tech',
             'rpm_multiplier': '1.0',
             'brand_multiplier': '1.5',
             'source': 'https://sponsorrate-com.pages.dev/methodology ; '
                       'https://socialrails.com/free-tools/tiktok-sponsored-post-rate-calculator '
                       '(finance, tech, education ×1.3–2.0; beauty, fashion ×1.1–1.3)',
             'checked_on': '2026-11-21',
             'confidence': 1},
            {'slug': 'education',
             'rpm_multiplier': '1.0',
             'brand_multiplier': '1.4',
             'source': 'https://sponsorrate-com.pages.dev/methodology ; '
                       'https://socialrails.com/free-tools/tiktok-sponsored-post-rate-calculator '
                       '(finance, tech, education ×1.3–2.0; beauty, fashion ×1.1–1.3)',
             'checked_on': '2026-11-21',
             'confidence': 1},
            {'slug': 'beauty',
             'rpm_multiplier': '1.0',
             'brand_multiplier': '1.2',
             'source': 'https://sponsorrate-com.pages.dev/methodology ; '
                       'https://socialrails.com/free-tools/tiktok-sponsored-post-rate-calculator '
                       '(finance, tech, education ×1.3–2.0; beauty, fashion ×1.1–1.3)',
             'checked_on': '2026-11-21',
             'confidence': 1},
            {'slug': 'fashion',
             'rpm_multiplier': '1.0',
             'brand_multiplier': '1.2',
             'source': 'https://sponsorrate-com.pages.dev/methodology ; '
                       'https://socialrails.com/free-tools/tiktok-sponsored-post-rate-calculator '
                       '(finance, tech, education ×1.3–2.0; beauty, fashion ×1.1–1.3)',
             'checked_on': '2026-11-21',
             'confidence': 1},
            {'slug': 'food',
             'rpm_multiplier': '1.0',
             'brand_multiplier': '1.0',
             'source': 'https://sponsorrate-com.pages.dev/methodology ; '
                       'https://socialrails.com/free-tools/tiktok-sponsored-post-rate-calculator '
                       '(finance, tech, education ×1.3–2.0; beauty, fashion ×1.1–1.3)',
             'checked_on': '2026-11-21',
             'confidence': 2},
            {'slug': 'gaming',
             'rpm_multiplier': '1.0',
             'brand_multiplier': '1.0',
             'source': 'https://sponsorrate-com.pages.dev/methodology ; '
                       'https://socialrails.com/free-tools/tiktok-sponsored-post-rate-calculator '
                       '(finance, tech, education ×1.3–2.0; beauty, fashion ×1.1–1.3)',
             'checked_on': '2026-11-21',
             'confidence': 2},
            {'slug': 'travel',
             'rpm_multiplier': '1.0',
             'brand_multiplier': '1.0',
             'source': 'https://sponsorrate-com.pages.dev/methodology ; '
                       'https://socialrails.com/free-tools/tiktok-sponsored-post-rate-calculator '
                       '(finance, tech, education ×1.3–2.0; beauty, fashion ×1.1–1.3)',
             'checked_on': '2026-11-21',
             'confidence': 2},
            {'slug': 'fitness',
             'rpm_multiplier': '1.0',
             'brand_multiplier': '1.0',
             'source': 'https://sponsorrate-com.pages.dev/methodology ; '
                       'https://socialrails.com/free-tools/tiktok-sponsored-post-rate-calculator '
                       '(finance, tech, education ×1.3–2.0; beauty, fashion ×1.1–1.3)',
             'checked_on': '2026-11-21',
             'confidence': 2},
            {'slug': 'entertainment',
             'rpm_multiplier': '1.0',
             'brand_multiplier': '1.0',
             'source': 'https://sponsorrate-com.pages.dev/methodology ; '
                       'https://socialrails.com/free-tools/tiktok-sponsored-post-rate-calculator '
                       '(finance, tech, education ×1.3–2.0; beauty, fashion ×1.1–1.3)',
             'checked_on': '2026-11-21',
             'confidence': 2}],
 'engagement_bands': [{'min_rate': '0',
                       'multiplier': '0.8',
                       'source': 'https://hypeauditor.com/free-tools/tiktok-engagement-calculator '
                                 '; https://sponsorrate-com.pages.dev/methodology',
                       'checked_on': '2026-11-21',
                       'confidence': 2},
                      {'min_rate': '3',
                       'multiplier': '1.0',
                       'source': 'https://hypeauditor.com/free-tools/tiktok-engagement-calculator '
                                 '; https://sponsorrate-com.pages.dev/methodology',
                       'checked_on': '2026-11-21',
                       'confidence': 2},
                      {'min_rate': '6',
                       'multiplier': '1.25',
                       'source': 'https://hypeauditor.com/free-tools/tiktok-engagement-calculator '
                                 '; https://sponsorrate-com.pages.dev/methodology',
                       'checked_on': '2026-11-21',
                       'confidence': 2},
                      {'min_rate': '10',
                       'multiplier': '1.5',
                       'source': 'https://hypeauditor.com/free-tools/tiktok-engagement-calculator '
                                 '; https://sponsorrate-com.pages.dev/methodology',
                       'checked_on': '2026-11-21',
                       'confidence': 2}],
 'eligibility': [{'source_key': 'creator_rewards',
                  'min_age': 18,
                  'min_followers': 10000,
                  'min_views_30d': 100000,
                  'min_posts_30d': None,
                  'requires_personal_account': True,
                  'requires_no_strike': True,
                  'conditions': 'Original videos longer than 1 minute; account in good '
                                'standing.',
                  'source': 'https://support.tiktok.com/en/business-and-creator/creator-rewards-program/creator-rewards-program '
                            '; https://thedigitaldept.com/tiktok-creator-rewards-program/ ; '
                            'https://thespacelab.tv/Content/2025/04-April/TikTok-001.html',
                  'checked_on': '2026-11-21',
                  'confidence': 2},
                 {'source_key': 'live_gifts',
                  'min_age': 18,
                  'min_followers': 1000,
                  'min_views_30d': None,
                  'min_posts_30d': None,
                  'requires_personal_account': False,
                  'requires_no_strike': False,
                  'conditions': '',
                  'source': 'Source articles (Clapico, Shortgenius): 1 000 followers, 18+',
                  'checked_on': '2026-11-21',
                  'confidence': 2},
                 {'source_key': 'subscriptions',
                  'min_age': 18,
                  'min_followers': 1000,
                  'min_views_30d': None,
                  'min_posts_30d': None,
                  'requires_personal_account': False,
                  'requires_no_strike': False,
                  'conditions': 'LIVE access required.',
                  'source': 'Source articles (Clapico, Shortgenius): 1 000 followers, 18+',
                  'checked_on': '2026-11-21',
                  'confidence': 2},
                 {'source_key': 'brand_partnerships',
                  'min_age': 18,
                  'min_followers': 10000,
                  'min_views_30d': 1000,
                  'min_posts_30d': 3,
                  'requires_personal_account': False,
                  'requires_no_strike': False,
                  'conditions': 'Creator Marketplace only: direct deals need no threshold.',
                  'source': 'https://support.tiktok.com/sl/business-and-creator/tiktok-creator-marketplace/what-is-tiktok-creator-marketplace',
                  'checked_on': '2026-11-21',
                  'confidence': 2},
                 {'source_key': 'tiktok_shop',
                  'min_age': 18,
                  'min_followers': 1500,
                  'min_views_30d': None,
                  'min_posts_30d': None,
                  'requires_personal_account': False,
                  'requires_no_strike': False,
                  'conditions': '',
                  'source': 'https://europesays.com/fr/43384 (TikTok Shop France since '
                            '2025-03-31, 1 500 followers)',
                  'checked_on': '2026-11-21',
                  'confidence': 2}],
 'exchange_rates': [{'from': 'USD',
                     'to': 'EUR',
                     'rate': '0.86',
                     'source': 'Approximate exchange rates, dated; keep them current in the '
                               'admin',
                     'checked_on': '2026-11-21',
                     'confidence': 1},
                    {'from': 'USD',
                     'to': 'CAD',
                     'rate': '1.40',
                     'source': 'Approximate exchange rates, dated; keep them current in the '
                               'admin',
                     'checked_on': '2026-11-21',
                     'confidence': 1},
                    {'from': 'EUR',
                     'to': 'CAD',
                     'rate': '1.62',
                     'source': 'Approximate exchange rates, dated; keep them current in the '
                               'admin',
                     'checked_on': '2026-11-21',
                     'confidence': 1}]}


def _provenance(row):
    return {
        "source": row["source"],
        "checked_on": datetime.date.fromisoformat(row["checked_on"]),
        "confidence": row["confidence"],
    }


def _stored_provenance(row):
    return {
        "source": row.source,
        "checked_on": row.checked_on.isoformat(),
        "confidence": int(row.confidence),
    }


def _number(value):
    return None if value is None else str(value)


def _create_rows(card):
    for row in DATA["rates"]:
        card.rates.create(
            key=row["key"],
            low=row["low"],
            expected=row["expected"],
            high=row["high"],
            currency=row["currency"] or "",
            **_provenance(row),
        )
    for row in DATA["countries"]:
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
            **_provenance(row),
        )
    for row in DATA["niches"]:
        card.niches.create(
            slug=row["slug"],
            rpm_multiplier=row["rpm_multiplier"],
            brand_multiplier=row["brand_multiplier"],
            **_provenance(row),
        )
    for row in DATA["engagement_bands"]:
        card.engagement_bands.create(
            min_rate=row["min_rate"], multiplier=row["multiplier"], **_provenance(row)
        )
    for row in DATA["eligibility"]:
        card.eligibility_rules.create(
            source_key=row["source_key"],
            min_age=row["min_age"],
            min_followers=row["min_followers"],
            min_views_30d=row["min_views_30d"],
            min_posts_30d=row["min_posts_30d"],
            requires_personal_account=row["requires_personal_account"],
            requires_no_strike=row["requires_no_strike"],
            conditions=row["conditions"],
            **_provenance(row),
        )
    for row in DATA["exchange_rates"]:
        card.exchange_rates.create(
            from_currency=row["from"], to_currency=row["to"], rate=row["rate"], **_provenance(row)
        )


def _snapshot(card):
    """The card's values in the snapshot format of version 1, read back from the database."""
    return {
        "version": 1,
        "rates": [
            {
                "key": rate.key,
                "low": _number(rate.low),
                "expected": _number(rate.expected),
                "high": _number(rate.high),
                "currency": rate.currency or None,
                **_stored_provenance(rate),
            }
            for rate in card.rates.all()
        ],
        "countries": [
            {
                "code": country.code,
                "name": country.name,
                "currency": country.currency,
                "creator_rewards": country.creator_rewards,
                "tiktok_shop": country.tiktok_shop,
                "shop_min_followers": country.shop_min_followers,
                "subscription_share": [
                    _number(country.subscription_share_low),
                    _number(country.subscription_share_expected),
                    _number(country.subscription_share_high),
                ],
                "note": country.note,
                **_stored_provenance(country),
            }
            for country in card.countries.all()
        ],
        "niches": [
            {
                "slug": niche.slug,
                "rpm_multiplier": _number(niche.rpm_multiplier),
                "brand_multiplier": _number(niche.brand_multiplier),
                **_stored_provenance(niche),
            }
            for niche in card.niches.all()
        ],
        "engagement_bands": [
            {
                "min_rate": _number(band.min_rate),
                "multiplier": _number(band.multiplier),
                **_stored_provenance(band),
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
                **_stored_provenance(rule),
            }
            for rule in card.eligibility_rules.all()
        ],
        "exchange_rates": [
            {
                "from": pair.from_currency,
                "to": pair.to_currency,
                "rate": _number(pair.rate),
                **_stored_provenance(pair),
            }
            for pair in card.exchange_rates.all()
        ],
    }


def create_default_card(apps, schema_editor):
    RateCard = apps.get_model("estimator", "RateCard")
    if RateCard.objects.exists():
        return
    card = RateCard.objects.create(name=CARD_NAME, effective_from=EFFECTIVE_FROM)
    _create_rows(card)
    card.snapshot = _snapshot(card)
    card.is_active = True
    card.activated_at = timezone.now()
    card.save(update_fields=["snapshot", "is_active", "activated_at"])


class Migration(migrations.Migration):
    dependencies = [("estimator", "0001_initial")]

    operations = [migrations.RunPython(create_default_card, migrations.RunPython.noop)]
