"""The price list: what each deliverable costs, from the suggested price of one sponsored video.

Pure (no Django, no ORM), like ``estimator.calculations``. Brands ask for more than "one
sponsored video": a dedicated video, a mention inside another video, a story, a LIVE mention,
usage rights for their ads, exclusivity, bundles. Each is priced as the suggested price of one
dedicated sponsored video (``Breakdown.suggested_post_price``, the one estimate path) times a
multiplier of the active rate card (low / expected / high, sourced and dated like every rate).
The UGC video keeps its own rate (``Breakdown.suggested_ugc_price``): it is not a post on the
creator's account.

Rounding: the sponsored-video price the creator sees is already in cents; each deliverable is
that price times its multiplier (times the number of videos for a bundle), rounded once, to
cents, here at the edge of the price list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from estimator.calculations import Amounts, Provenance

_CENT = Decimal("0.01")

DELIVERABLE = "deliverable"
ADD_ON = "add_on"
BUNDLE = "bundle"

DEDICATED_VIDEO = "dedicated_video"
UGC_VIDEO = "ugc_video"


@dataclass(frozen=True)
class Multiplier:
    """One row of the card: a multiplier of the dedicated sponsored video's price."""

    key: str
    low: Decimal
    expected: Decimal
    high: Decimal
    provenance: Provenance


@dataclass(frozen=True)
class Item:
    """One line of the price-list registry: its group, and how many videos it is."""

    key: str
    group: str
    videos: int = 1  # a bundle's price is videos × dedicated price × its per-video multiplier


# Every line of the price list, in display order; declared once (forms, pages and the admin
# read it). The dedicated video and the UGC video have no multiplier: they are the two prices
# of the estimate itself.
ITEMS = (
    Item(DEDICATED_VIDEO, DELIVERABLE),
    Item("integrated_mention", DELIVERABLE),
    Item("story", DELIVERABLE),
    Item("live_mention", DELIVERABLE),
    Item(UGC_VIDEO, DELIVERABLE),
    Item("usage_rights_30d", ADD_ON),
    Item("usage_rights_90d", ADD_ON),
    Item("exclusivity_month", ADD_ON),
    Item("raw_footage", ADD_ON),
    Item("link_in_bio_week", ADD_ON),
    Item("bundle_3", BUNDLE, videos=3),
    Item("bundle_5", BUNDLE, videos=5),
)
ITEM_KEYS = tuple(item.key for item in ITEMS)
# The keys a rate card must hold a multiplier for.
MULTIPLIER_KEYS = tuple(item.key for item in ITEMS if item.key not in {DEDICATED_VIDEO, UGC_VIDEO})
# Bundles are per-video prices after a discount: their multiplier is at most 1.
BUNDLE_KEYS = frozenset(item.key for item in ITEMS if item.group == BUNDLE)


@dataclass(frozen=True)
class Price:
    key: str
    group: str
    amounts: Amounts
    multiplier: Multiplier | None  # None for the dedicated and the UGC video
    videos: int = 1


def _cents(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def price_list(
    post_price: Amounts, ugc_price: Amounts, multipliers: Mapping[str, Multiplier]
) -> tuple[Price, ...]:
    """Every line of the price list the card can price, in display order.

    A line whose multiplier the card lacks is left out rather than shown as 0 (unknown is never
    zero). Without a sponsored-video price (no views nor followers known, so 0), the lines
    derived from it are left out too: only the UGC video, which has its own rate, remains.
    """
    prices = []
    unknown_post_price = not post_price.high
    for item in ITEMS:
        if unknown_post_price and item.key != UGC_VIDEO:
            continue
        if item.key == DEDICATED_VIDEO:
            prices.append(Price(item.key, item.group, post_price, None))
            continue
        if item.key == UGC_VIDEO:
            prices.append(Price(item.key, item.group, ugc_price, None))
            continue
        multiplier = multipliers.get(item.key)
        if multiplier is None:
            continue
        amounts = Amounts(
            _cents(post_price.low * multiplier.low * item.videos),
            _cents(post_price.expected * multiplier.expected * item.videos),
            _cents(post_price.high * multiplier.high * item.videos),
        )
        prices.append(Price(item.key, item.group, amounts, multiplier, item.videos))
    return tuple(prices)


def own_price_list(
    prices: tuple[Price, ...], own_prices: Mapping[str, Decimal]
) -> tuple[tuple[Price, bool], ...]:
    """The creator's own prices replace the suggested ones: (price, is_own) per line."""
    result = []
    for price in prices:
        own = own_prices.get(price.key)
        if own is None:
            result.append((price, False))
        else:
            amount = _cents(own)
            result.append(
                (
                    Price(price.key, price.group, Amounts(amount, amount, amount), None, 1),
                    True,
                )
            )
    return tuple(result)
