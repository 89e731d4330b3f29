"""The estimator's own number formatting writes exactly what Django's number_format writes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.formats import number_format
from hypothesis import given
from hypothesis import strategies as st

from estimator.presentation import _number, format_count, format_money

decimals = st.decimals(
    min_value=Decimal("-1e15"), max_value=Decimal("1e15"), allow_nan=False, places=None
) | st.decimals(allow_nan=False, allow_infinity=True)


@pytest.mark.slow
@pytest.mark.parametrize("language", ["fr", "en"])
@given(value=decimals, places=st.integers(min_value=0, max_value=6))
def test_it_matches_django_for_any_decimal(language, value, places):
    with translation.override(language):
        expected = number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
        assert _number(value, places) == expected


@pytest.mark.parametrize(
    ("value", "places", "french", "english"),
    [
        (Decimal("1234567.891"), 2, "1\u00a0234\u00a0567,89", "1,234,567.89"),  # cut, not rounded
        (Decimal("-1234.5"), 2, "-1\u00a0234,50", "-1,234.50"),
        (Decimal("0.004"), 2, "0,00", "0.00"),  # below the last place: 0, no minus sign
        (Decimal("-0.004"), 2, "0,00", "0.00"),
        (Decimal("999"), 0, "999", "999"),
        (Decimal("1000"), 0, "1\u00a0000", "1,000"),
    ],
)
def test_known_values(value, places, french, english):
    with translation.override("fr"):
        assert _number(value, places) == french
    with translation.override("en"):
        assert _number(value, places) == english


def test_money_and_counts_per_language():
    with translation.override("fr"):
        assert format_money(Decimal("1234.56"), "EUR") == "1\u00a0234,56\u00a0€"
        assert format_count(3200) == "3\u00a0200"
    with translation.override("en"):
        assert format_money(Decimal("1234.56"), "CAD") == "CA$1,234.56"
        assert format_count(3200) == "3,200"
