"""The JSON shapes of estimates: one home for what `/api/estimate`, `/api/plan` and a month's
stored estimate write, so the same breakdown always reads the same way.

Amounts are decimal strings with two places, in the breakdown's currency. A source is
``known`` when something could be computed for it (its formula); an unknown source earns
"0.00" in the JSON but is not a zero: the page shows it as unknown, with what to type.

Each shape's JSON Schema (2020-12, as OpenAPI 3.1 reads it) is declared beside the function that
builds it, in ``SCHEMAS``; ``estimator/openapi.py`` publishes them at ``/api/openapi.json``.
Objects are closed (every key required, no other key allowed), so a shape changed without its
schema fails ``tests/estimator/test_openapi.py``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from estimator import calculations as calc
from estimator.presentation import format_formula


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _closed(properties: dict[str, Any], description: str = "", **extra: Any) -> dict[str, Any]:
    """An object with exactly these keys."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        **extra,
    }
    if description:
        schema["description"] = description
    return schema


def _array(items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "array", "items": items, **extra}


def money(value: Decimal) -> str:
    return f"{value:.2f}"


MONEY_SCHEMA = {
    "type": "string",
    "pattern": r"^-?[0-9]+\.[0-9]{2}$",
    "description": "A decimal amount with two places, in the answer's currency.",
    "examples": ["375.00"],
}


def amounts(values: calc.Amounts) -> dict[str, str]:
    return {
        "low": money(values.low),
        "expected": money(values.expected),
        "high": money(values.high),
    }


AMOUNTS_SCHEMA = _closed(
    {"low": _ref("Money"), "expected": _ref("Money"), "high": _ref("Money")},
    "A range: low, expected and high amounts.",
)


def missing(gap: calc.Missing) -> dict[str, Any]:
    return {"rule": gap.rule, "required": gap.required, "actual": gap.actual, "gap": gap.gap}


_RULE_VALUE = {"type": ["integer", "string", "null"]}
MISSING_SCHEMA = _closed(
    {
        "rule": {"type": "string", "enum": list(calc.MISSING_RULES)},
        "required": _RULE_VALUE,
        "actual": {**_RULE_VALUE, "description": "null when unknown"},
        "gap": {"type": ["integer", "null"], "description": "required - actual, for counts"},
    },
    "An eligibility rule the creator does not meet yet.",
)


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


_SOURCE_PROPERTIES: dict[str, Any] = {
    "key": {"type": "string", "enum": list(calc.SOURCE_KEYS)},
    "eligible": {"type": "boolean", "description": "Counts in the total."},
    "limited": {"type": "boolean", "description": "Brand deals below the Marketplace: direct."},
    "known": {"type": "boolean", "description": "false: the inputs cannot price it (not zero)."},
    "missing": _array(_ref("Missing")),
    "low": _ref("Money"),
    "expected": _ref("Money"),
    "high": _ref("Money"),
    "formula": {"type": "string", "description": "How it was computed, in the language asked."},
    "hints": _array({"type": "string"}, description="What to type to refine it."),
}
SOURCE_SCHEMA = _closed(_SOURCE_PROPERTIES, "One revenue source.")
STORED_SOURCE_SCHEMA = _closed(
    {name: value for name, value in _SOURCE_PROPERTIES.items() if name != "formula"},
    "One revenue source as a month keeps it (no formula text).",
)


def rate_card(rates: calc.Rates) -> dict[str, Any]:
    return {
        "id": rates.card_id,
        "name": rates.card_name,
        "effective_from": rates.effective_from.isoformat(),
    }


RATE_CARD_SCHEMA = _closed(
    {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "effective_from": {"type": "string", "format": "date"},
    },
    "The rate card the amounts come from.",
)
_CURRENCY_SCHEMA = {"type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO 4217 code."}
_SUGGESTED_PRICES_SCHEMA = _closed(
    {"sponsored_video": _ref("Amounts"), "ugc_video": _ref("Amounts")}
)


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


BREAKDOWN_SCHEMA = _closed(
    {
        "currency": _CURRENCY_SCHEMA,
        "rate_card": _ref("RateCard"),
        "sources": _array(
            _ref("Source"),
            minItems=len(calc.SOURCE_KEYS),
            maxItems=len(calc.SOURCE_KEYS),
            description="Every source, always, in this order: " + ", ".join(calc.SOURCE_KEYS),
        ),
        "total": _ref("Amounts"),
        "suggested_prices": _SUGGESTED_PRICES_SCHEMA,
    },
    "What /api/estimate answers: every source and the total of the eligible ones.",
)


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


STORED_ESTIMATE_SCHEMA = _closed(
    {
        "currency": _CURRENCY_SCHEMA,
        "sources": {
            "type": "object",
            "propertyNames": {"enum": list(calc.SOURCE_KEYS)},
            "additionalProperties": _ref("StoredSource"),
        },
        "total": _ref("Amounts"),
        "total_known": {"type": "boolean"},
        "suggested_prices": _SUGGESTED_PRICES_SCHEMA,
    },
    "What a month keeps of its estimate (not part of the HTTP API).",
)


def stored_source_known(values: dict[str, Any]) -> bool:
    """Whether a stored source was computed; estimates stored before ``known`` existed count an
    amount of zero as unknown (they could not tell)."""
    if "known" in values:
        return bool(values["known"])
    return Decimal(values.get("expected") or 0) != 0


def form_errors(errors: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The API's 400: each invalid parameter and its messages (``errors`` is a form's
    ``errors.get_json_data()``)."""
    return {
        "errors": {field: [error["message"] for error in items] for field, items in errors.items()}
    }


FORM_ERRORS_SCHEMA = _closed(
    {
        "errors": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": _array({"type": "string"}, minItems=1),
            "description": "Each invalid parameter and its messages, in the language asked.",
        }
    },
    "Invalid parameters.",
)


def step(item: Any) -> dict[str, Any]:
    """One step of a route (``item`` is an ``estimator.planning.Step``)."""
    return {
        "source": item.source,
        "quantity": item.quantity,
        "unit": item.unit,
        "amount": money(item.amount),
        "assumed": item.assumed,
    }


STEP_SCHEMA = _closed(
    {
        "source": {"type": "string", "enum": list(calc.SOURCE_KEYS)},
        "quantity": {"type": "integer", "description": "Per month, in ``unit``."},
        "unit": {"type": "string"},
        "amount": _ref("Money"),
        "assumed": {"type": "boolean", "description": "The quantity is ours, not the creator's."},
    },
    "One lever of a route: how much of a source, and what it earns.",
)


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
                "steps": [step(item) for item in route.steps],
                "qualified_views": route.qualified_views,
                "qualified_views_range": list(route.qualified_views_range),
                "long_video_views": route.long_video_views,
                "missing": [missing(gap) for gap in route.missing],
                "assumptions": list(route.assumptions),
            }
            for route in result.routes
        ],
        "unavailable": [{"key": item.key, "hint": item.hint} for item in result.unavailable],
        "next_step": None if result.next_step is None else step(result.next_step),
    }


_VIEWS = {"type": "integer", "minimum": 0}
ROUTE_SCHEMA = _closed(
    {
        "key": {"type": "string"},
        "steps": _array(_ref("Step")),
        "qualified_views": {**_VIEWS, "description": "Still needed per month (expected RPM)."},
        "qualified_views_range": _array(
            _VIEWS, minItems=2, maxItems=2, description="At the highest and the lowest RPM."
        ),
        "long_video_views": _VIEWS,
        "missing": _array(_ref("Missing")),
        "assumptions": _array({"type": "string"}),
    },
    "One way to reach the goal.",
)
PLAN_SCHEMA = _closed(
    {
        "currency": _CURRENCY_SCHEMA,
        "goal": _ref("Money"),
        "current": _ref("Amounts"),
        "gap": _ref("Money"),
        "reached": {"type": "boolean"},
        "routes": _array(_ref("Route")),
        "unavailable": _array(
            _closed({"key": {"type": "string"}, "hint": {"type": "string"}}),
            description="Routes the inputs cannot show yet, with what to type.",
        ),
        "next_step": {"oneOf": [_ref("Step"), {"type": "null"}]},
    },
    "What /api/plan answers: routes from the creator's numbers to the monthly goal.",
)

# Every shape by name, as the OpenAPI document's components (references point there).
SCHEMAS: dict[str, dict[str, Any]] = {
    "Money": MONEY_SCHEMA,
    "Amounts": AMOUNTS_SCHEMA,
    "Missing": MISSING_SCHEMA,
    "Source": SOURCE_SCHEMA,
    "StoredSource": STORED_SOURCE_SCHEMA,
    "RateCard": RATE_CARD_SCHEMA,
    "Breakdown": BREAKDOWN_SCHEMA,
    "StoredEstimate": STORED_ESTIMATE_SCHEMA,
    "Step": STEP_SCHEMA,
    "Route": ROUTE_SCHEMA,
    "Plan": PLAN_SCHEMA,
    "FormErrors": FORM_ERRORS_SCHEMA,
}
