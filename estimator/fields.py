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
# What TikTok Studio and creators write after a number: "400K", "1,2M", "3 Md".
_SUFFIXES = {"k": 3, "m": 6, "md": 9, "mrd": 9, "b": 9}
_WITH_SUFFIX = re.compile(r"^([+-]?\d+(?:[.,]\d+)?)(k|m|md|mrd|b)$", re.IGNORECASE)
_BOTH_SEPARATORS = re.compile(r"^[+-]?\d{1,3}(?:([.,])\d{3})*(?!\1)[.,]\d+$")


def _plain(value: Decimal) -> str:
    """A decimal as Django's number fields read it: "1200000", not "1.2E+6"."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def normalise_number(value: str, *, integer: bool) -> str:
    """Accept what people type: "10 000", "10,000", "1,5", "1.5", "1 234,56", "400K", "1,2M".

    A value this cannot read is returned as it came, for the field to refuse with its message.
    """
    if value.isdigit() and value.isascii():
        return value  # what forms and the API send most: nothing to read differently
    value = _SPACES.sub("", value)
    suffixed = _WITH_SUFFIX.match(value)
    if suffixed:
        number, suffix = suffixed.groups()
        scaled = Decimal(number.replace(",", ".")).scaleb(_SUFFIXES[suffix.lower()])
        return _plain(scaled)
    if integer and _GROUPED.match(value):
        return re.sub(r"[.,]", "", value)
    if _BOTH_SEPARATORS.match(value):
        # "1.234,56" or "1,234.56": the last separator is the decimal one.
        decimal_separator = value[max(value.rfind(","), value.rfind("."))]
        grouping = "." if decimal_separator == "," else ","
        return value.replace(grouping, "").replace(decimal_separator, ".")
    if value.count(",") == 1 and "." not in value:
        return value.replace(",", ".")
    return value


class FocusFirstErrorMixin:
    """Puts `autofocus` on the first field with an error (and on no other field), so a form
    sent back with errors, with or without JavaScript, lands on what needs fixing. A form
    that is never drawn (``drawn = False``) has nothing to focus, and its fields may be shared."""

    drawn = True

    def full_clean(self) -> None:
        super().full_clean()
        if not self._errors or not self.drawn:
            return
        first = next((name for name in self.fields if name in self._errors), None)
        for name, field in self.fields.items():
            if name == first:
                field.widget.attrs["autofocus"] = True
            else:
                field.widget.attrs.pop("autofocus", None)


class CountField(forms.IntegerField):
    """A count as creators write it ("12 000", "400K", "1,2M"); empty stays unknown (None).

    No numeric keyboard on phones: it has no K or M.
    """

    widget = forms.TextInput(attrs={"autocomplete": "off"})

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
    """An amount as creators write it ("6,5", "1 234,56", "1,2K"); empty stays unknown (None)."""

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
