"""Don't depend on one platform: who makes most of the total, and what to develop next."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from estimator import calculations as calc

# Paid by TikTok itself: one policy change and the income is gone.
TIKTOK_PROGRAMMES = tuple(source.key for source in calc.SOURCES if source.tiktok_programme)
THRESHOLD = Decimal("0.70")


@dataclass(frozen=True)
class SourceAmount:
    eligible: bool
    expected: Decimal  # what it earns, or would earn once eligible


@dataclass(frozen=True)
class Diversification:
    shares: dict[str, Decimal]  # eligible sources' share of the expected total, 0..1
    dominant: str | None  # a TikTok programme making more than the threshold
    next_source: str | None  # the most promising other source to develop
    threshold: Decimal = THRESHOLD  # what "most" means, quoted by the warning's text


def diversification(
    sources: Mapping[str, SourceAmount], suggested_post_price: Decimal = Decimal(0)
) -> Diversification:
    total = sum((s.expected for s in sources.values() if s.eligible), Decimal(0))
    shares = {
        key: (source.expected / total if total and source.eligible else Decimal(0))
        for key, source in sources.items()
    }
    dominant = next(
        (key for key in TIKTOK_PROGRAMMES if shares.get(key, Decimal(0)) > THRESHOLD), None
    )
    if dominant is None:
        return Diversification(shares, None, None)
    others = {key: source for key, source in sources.items() if key != dominant}
    best = max(others, key=lambda key: others[key].expected, default=None)
    if best is None or others[best].expected <= 0:
        # Nothing else earns yet: one sponsored video a month is the usual first step.
        best = "brand_partnerships" if suggested_post_price > 0 else "ugc"
    return Diversification(shares, dominant, best)
