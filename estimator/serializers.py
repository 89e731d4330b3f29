"""The JSON shapes of estimates: one home for what `/api/estimate`, `/api/plan` and a month's
stored estimate write, so the same breakdown always reads the same way.

Amounts are decimal strings with two places, in the breakdown's currency. A source is
``known`` when something could be computed for it (its formula); an unknown source earns
"0.00" in the JSON but is not a zero: the page shows it as unknown, with what to type.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from estimator import calculations as calc
from estimator.presentation import format_formula


def money(value: Decimal) -> str:
    return f"{value:.2f}"


def amounts(values: calc.Amounts) -> dict[str, str]:
    return {
        "low": money(values.low),
        "expected": money(values.expected),
        "high": money(values.high),
    }


def missing(gap: calc.Missing) -> dict[str, Any]:
    return {"rule": gap.rule, "required": gap.required, "actual": gap.actual, "gap": gap.gap}


def source(estimate: calc.SourceEstimate, *, formula: bool = True) -> dict[str, Any]:
    """One source; ``formula`` (text in the active language) is left out of stored estimates."""
    data: dict[str, Any] = {
        "key": estimate.key,
        "eligible": estimate.eligible,
        "limited": estimate.limited,
        "known": estimate.formula is not None,
        "missing": [missing(gap) for gap in estimate.missing],
        **amounts(estimate.amounts),
    }
    if formula:
        data["formula"] = format_formula(estimate.formula)
    data["hints"] = list(estimate.hints)
    return data


def rate_card(rates: calc.Rates) -> dict[str, Any]:
    return {
        "id": rates.card_id,
        "name": rates.card_name,
        "effective_from": rates.effective_from.isoformat(),
    }


def breakdown(result: calc.Breakdown, rates: calc.Rates) -> dict[str, Any]:
    """What `/api/estimate` answers."""
    return {
        "currency": result.currency,
        "rate_card": rate_card(rates),
        "sources": [source(estimate) for estimate in result.sources],
        "total": amounts(result.total),
        "suggested_prices": {
            "sponsored_video": amounts(result.suggested_post_price),
            "ugc_video": amounts(result.suggested_ugc_price),
        },
    }


def stored_estimate(result: calc.Breakdown) -> dict[str, Any]:
    """What a month keeps of its estimate: the API's sources (without the formula text), by key,
    and the total. Read back with ``stored_sources``."""
    return {
        "currency": result.currency,
        "sources": {estimate.key: source(estimate, formula=False) for estimate in result.sources},
        "total": amounts(result.total),
        "total_known": result.total_known,
        "suggested_prices": {
            "sponsored_video": amounts(result.suggested_post_price),
            "ugc_video": amounts(result.suggested_ugc_price),
        },
    }


def stored_source_known(values: dict[str, Any]) -> bool:
    """Whether a stored source was computed; estimates stored before ``known`` existed count an
    amount of zero as unknown (they could not tell)."""
    if "known" in values:
        return bool(values["known"])
    return Decimal(values.get("expected") or 0) != 0


def plan(result: Any) -> dict[str, Any]:
    """What `/api/plan` answers (``result`` is an ``estimator.planning.Plan``)."""
    return {
        "currency": result.currency,
        "goal": money(result.goal),
        "current": amounts(result.current),
        "gap": money(result.gap),
        "reached": result.reached,
        "routes": [
            {
                "key": route.key,
                "steps": [
                    {
                        "source": step.source,
                        "quantity": step.quantity,
                        "unit": step.unit,
                        "amount": money(step.amount),
                        "assumed": step.assumed,
                    }
                    for step in route.steps
                ],
                "qualified_views": route.qualified_views,
                "qualified_views_range": list(route.qualified_views_range),
                "long_video_views": route.long_video_views,
                "missing": [missing(gap) for gap in route.missing],
                "assumptions": list(route.assumptions),
            }
            for route in result.routes
        ],
        "unavailable": [{"key": item.key, "hint": item.hint} for item in result.unavailable],
        "next_step": None
        if result.next_step is None
        else {
            "source": result.next_step.source,
            "quantity": result.next_step.quantity,
            "unit": result.next_step.unit,
            "amount": money(result.next_step.amount),
            "assumed": result.next_step.assumed,
        },
    }
