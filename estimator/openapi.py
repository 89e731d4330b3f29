"""The OpenAPI 3.1 document of the JSON API, served at /api/openapi.json.

Nothing here is written twice: the parameters are the fields of the forms the API views read
(``EstimateForm``, ``PlanForm``), with their bounds, choices (the active card's countries) and
defaults; the answers are the schemas ``estimator/serializers.py`` declares beside the functions
that build them; the 429 is the one ``config/limits.py`` answers.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import translation

from config.limits import TOO_MANY_REQUESTS_SCHEMA
from estimator import calculations as calc
from estimator import serializers
from estimator.forms import EstimateForm, PlanForm

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1"


def _number(value: Decimal | int) -> int | float:
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def field_schema(field: forms.Field) -> dict[str, Any]:
    """The JSON Schema of one form field read from the query string."""
    if isinstance(field, forms.BooleanField):
        schema: dict[str, Any] = {"type": "boolean"}
    elif isinstance(field, forms.ChoiceField):
        schema = {"type": "string", "enum": [str(value) for value, _ in field.choices if value]}
    elif isinstance(field, forms.IntegerField | forms.DecimalField):
        # A DecimalField is an IntegerField to Django: ask for the decimal first.
        schema = {"type": "number" if isinstance(field, forms.DecimalField) else "integer"}
        if field.min_value is not None:
            schema["minimum"] = _number(field.min_value)
        if field.max_value is not None:
            schema["maximum"] = _number(field.max_value)
    else:
        raise TypeError(f"No schema for {type(field).__name__} (field {field.label!r})")
    if field.initial is not None:
        schema["default"] = (
            _number(field.initial) if isinstance(field.initial, Decimal) else field.initial
        )
    return schema


def _description(field: forms.Field) -> str:
    text = str(field.label)
    if field.help_text:
        text += f". {field.help_text}"
    if isinstance(field, forms.DecimalField):
        text += f" At most {field.decimal_places} decimal places."
    if isinstance(field, forms.IntegerField | forms.DecimalField):
        text += ' Also written as people type it: "10 000", "1,5", "400K", "1,2M".'
    if isinstance(field, forms.BooleanField):
        text += " Also 1/0."
    return text


def parameters(form: forms.Form) -> list[dict[str, Any]]:
    """One optional query parameter per field of ``form``, in the form's order."""
    return [
        {
            "name": name,
            "in": "query",
            "required": field.required,
            "description": _description(field),
            "schema": field_schema(field),
        }
        for name, field in form.fields.items()
    ]


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _operation(form: forms.Form, *, summary: str, answer: str, operation_id: str) -> dict:
    return {
        "operationId": operation_id,
        "summary": summary,
        "parameters": parameters(form),
        "responses": {
            "200": {"description": summary, "content": _json(serializers._ref(answer))},
            "400": {
                "description": "Invalid parameters, each with its messages.",
                "content": _json(serializers._ref("FormErrors")),
            },
            "414": {
                "description": (
                    "Query string too long: answered by the HTTP server before the application "
                    "(gunicorn refuses a request line over 4 094 bytes)."
                )
            },
            "429": {
                "description": "Too many requests from this address.",
                "headers": {
                    "Retry-After": {
                        "description": "Seconds to wait.",
                        "schema": {"type": "integer", "minimum": 1},
                    }
                },
                "content": _json(serializers._ref("TooManyRequests")),
            },
        },
    }


def document(rates: calc.Rates) -> dict[str, Any]:
    """The OpenAPI document for the active rate card (its countries are the ``country`` enum)."""
    with translation.override("en"):
        return {
            "openapi": OPENAPI_VERSION,
            "info": {
                "title": "TikTok revenue planner API",
                "version": API_VERSION,
                "description": (
                    "Estimates of a TikTok creator's monthly revenue per source, and routes to a "
                    "monthly goal. Every parameter is optional: what is not given is unknown, "
                    "never zero. Amounts are decimal strings in the country's currency. Messages "
                    "follow the language asked (Accept-Language; French by default)."
                ),
            },
            "paths": {
                reverse("api_estimate"): {
                    "get": _operation(
                        EstimateForm(rates=rates),
                        summary="Estimate the monthly revenue of every source.",
                        answer="Breakdown",
                        operation_id="estimate",
                    )
                },
                reverse("api_plan"): {
                    "get": _operation(
                        PlanForm(rates=rates),
                        summary="Plan the routes to a monthly goal.",
                        answer="Plan",
                        operation_id="plan",
                    )
                },
            },
            "components": {
                "schemas": {**serializers.SCHEMAS, "TooManyRequests": TOO_MANY_REQUESTS_SCHEMA}
            },
        }
