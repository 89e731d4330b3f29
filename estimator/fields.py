"""Form fields that accept numbers as people type them ("10 000", "1,5"), used by the
estimator's forms and the creators' month form."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms

MAX_COUNT = 10**12
MAX_MONEY = Decimal(10**9)

_SPACES = re.compile(r"[\s\u00a0\u202f']")
_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")


def normalise_number(value: str, *, integer: bool) -> str:
    """Accept what people type: "10 000", "10,000", "1,5", "1.5"."""
    value = _SPACES.sub("", value)
    if integer and _GROUPED.match(value):
        return re.sub(r"[.,]", "", value)
    if value.count(",") == 1 and "." not in value:
        return value.replace(",", ".")
    return value


class CountField(forms.IntegerField):
    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_COUNT)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = normalise_number(value, integer=True)
        return super().to_python(value)


class AmountField(forms.DecimalField):
    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *, max_value: Decimal = MAX_MONEY, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(max_value=max_value, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = normalise_number(value, integer=False)
        return super().to_python(value)


def PercentField(**kwargs) -> AmountField:
    return AmountField(max_value=Decimal(100), **kwargs)


class FlagInput(forms.CheckboxInput):
    """A checkbox that also understands the API's has_strike=0/false/no."""

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if isinstance(value, str) and value.strip().lower() in {"", "0", "false", "no", "off"}:
            return False
        return super().value_from_datadict(data, files, name)
