"""Monthly revenue estimate of a TikTok creator: pure functions over plain values.

Standard library only. Everything is computed unrounded with ``Decimal``; amounts are rounded
once, to cents (ROUND_HALF_UP), when ``Amounts`` and ``Formula.result`` are built. Rates are
stored in their own currency and converted to the country's currency.

This module is the engine's entry point: ``estimate()`` and the names the rest of the project
uses (``from estimator import calculations as calc``). Inside:

- ``values``: the rates, inputs and breakdown types, and the keys they use;
- ``money``: currency conversion, ranges and priced amounts (the one rounding);
- ``context``: one estimate's working state (rates lookup, eligibility gaps, assumptions);
- ``sources``: one estimate function per revenue source;
- ``registry``: the revenue sources, each declared once.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from estimator.calculations.context import Context, min_followers
from estimator.calculations.money import NOTHING, PRECISION, MissingExchangeRate, cents, convert
from estimator.calculations.registry import (
    SOURCE_KEYS,
    SOURCES,
    Source,
    planned_sources,
    source,
)
from estimator.calculations.values import (
    HINTS,
    MISSING_RULES,
    UNITS,
    Amounts,
    Assumption,
    Breakdown,
    Confidence,
    Country,
    EligibilityRule,
    EngagementBand,
    ExchangeRate,
    Factor,
    Formula,
    Inputs,
    Missing,
    Niche,
    Provenance,
    Rate,
    Rates,
    SourceEstimate,
)

__all__ = [
    "HINTS",
    "MISSING_RULES",
    "SOURCES",
    "SOURCE_KEYS",
    "UNITS",
    "Amounts",
    "Assumption",
    "Breakdown",
    "Confidence",
    "Country",
    "EligibilityRule",
    "EngagementBand",
    "ExchangeRate",
    "Factor",
    "Formula",
    "Inputs",
    "Missing",
    "MissingExchangeRate",
    "Niche",
    "Provenance",
    "Rate",
    "Rates",
    "Source",
    "SourceEstimate",
    "convert",
    "estimate",
    "min_followers",
    "planned_sources",
    "source",
]


def estimate(inputs: Inputs, rates: Rates) -> Breakdown:
    """Monthly revenue per source, in the country's currency.

    Raises ValueError for an unknown country or niche, MissingExchangeRate when the rate card
    cannot convert a rate to the country's currency; never for missing inputs.
    """
    with localcontext() as decimal_context:
        decimal_context.prec = PRECISION
        context = Context(inputs, rates)
        drafts = {source.key: source.estimate(context) for source in SOURCES}
        currency = context.currency
        estimates = tuple(draft.build(currency) for draft in drafts.values())
        per_post = drafts["brand_partnerships"].suggested
        per_video = drafts["ugc"].suggested
        return Breakdown(
            currency=currency,
            sources=estimates,
            total=_sum_of_parts(estimates),
            suggested_post_price=(per_post.amount if per_post else NOTHING).rounded(),
            suggested_ugc_price=(per_video.amount if per_video else NOTHING).rounded(),
            assumptions=tuple(
                sorted(
                    context.assumptions.values(),
                    key=lambda assumption: (assumption.provenance.confidence, assumption.key),
                )
            ),
            suggested_post_formula=per_post.formula(currency) if per_post else None,
            suggested_ugc_formula=per_video.formula(currency) if per_video else None,
        )


def _sum_of_parts(estimates: tuple[SourceEstimate, ...]) -> Amounts:
    """The total of the eligible sources as shown: the sum of their rounded amounts, so the
    parts on the page always add up to the total (each amount is still rounded only once)."""
    eligible = [one.amounts for one in estimates if one.eligible]
    zero = cents(Decimal(0))
    return Amounts(
        sum((amounts.low for amounts in eligible), zero),
        sum((amounts.expected for amounts in eligible), zero),
        sum((amounts.high for amounts in eligible), zero),
    )
