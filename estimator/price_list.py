"""The price list as shown: labels, groups and formatted amounts (estimator and media kit).

The amounts come from :func:`estimator.deliverables.price_list`, i.e. from the breakdown's
suggested sponsored-video price and the active card's multipliers: the same inputs give the
same prices on every page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from estimator import calculations as calc
from estimator import deliverables
from estimator.presentation import format_money

LABELS = {
    "dedicated_video": _("Dedicated sponsored video"),
    "integrated_mention": _("Integrated mention (inside another video)"),
    "story": _("Story"),
    "live_mention": _("LIVE mention"),
    "ugc_video": _("UGC video (for the brand's own channels)"),
    "usage_rights_30d": _("Usage rights for paid ads, 30 days"),
    "usage_rights_90d": _("Usage rights for paid ads, 90 days"),
    "exclusivity_month": _("Category exclusivity, per month"),
    "raw_footage": _("Raw footage"),
    "link_in_bio_week": _("Link in bio, per week"),
    "bundle_3": _("Bundle of 3 videos"),
    "bundle_5": _("Bundle of 5 videos"),
}
GROUP_LABELS = {
    deliverables.DELIVERABLE: _("Deliverables"),
    deliverables.ADD_ON: _("Add-ons"),
    deliverables.BUNDLE: _("Bundles"),
}


@dataclass(frozen=True)
class PriceRow:
    key: str
    label: str
    group: str
    low: str
    expected: str
    high: str
    multiplier: Decimal | None  # of the dedicated video's expected price; None: not multiplied
    own: bool  # the creator's own price


def price_rows(
    breakdown: calc.Breakdown,
    rates: calc.Rates,
    currency: str,
    own_prices: Mapping[str, Decimal] | None = None,
    post_price: calc.Amounts | None = None,
) -> list[PriceRow]:
    """``post_price`` replaces the breakdown's sponsored-video price (the creator's own)."""
    prices = deliverables.price_list(
        post_price or breakdown.suggested_post_price,
        breakdown.suggested_ugc_price,
        rates.deliverables,
    )
    rows = []
    for price, own in deliverables.own_price_list(prices, own_prices or {}):
        rows.append(
            PriceRow(
                key=price.key,
                label=str(LABELS[price.key]),
                group=price.group,
                low=format_money(price.amounts.low, currency),
                expected=format_money(price.amounts.expected, currency),
                high=format_money(price.amounts.high, currency),
                multiplier=(price.multiplier.expected * price.videos if price.multiplier else None),
                own=own,
            )
        )
    return rows


def own_rows(own_prices: Mapping[str, Decimal], currency: str) -> list[PriceRow]:
    """Only the creator's own prices (no figures yet to suggest the others from)."""
    rows = []
    for item in deliverables.ITEMS:
        if item.key in own_prices:
            amount = format_money(own_prices[item.key].quantize(Decimal("0.01")), currency)
            rows.append(
                PriceRow(
                    item.key, str(LABELS[item.key]), item.group, amount, amount, amount, None, True
                )
            )
    return rows


def grouped(rows: list[PriceRow]) -> list[tuple[str, list[PriceRow]]]:
    """Rows by group, in the registry's order, for one table section per group."""
    groups: dict[str, list[PriceRow]] = {}
    for row in rows:
        groups.setdefault(row.group, []).append(row)
    return [(str(GROUP_LABELS[group]), items) for group, items in groups.items()]
