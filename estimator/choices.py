"""The choices the estimator's forms and the creator profiles share, read from the rate card:
countries (with their names in both languages and their currency) and niches (with their
labels). Only the account types and the primary audience are facts of the code. Plain data
and functions (no form, no view, no model), so either app can use them.
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

ACCOUNT_TYPES = (("personal", _("Personal")), ("business", _("Business")))

# The primary audience: listed first in the forms, and a rate card must cover each of them.
PRIMARY_COUNTRIES = ("FR", "BE", "CA")

# What a missing or dropped niche counts as: every rate card must have it.
DEFAULT_NICHE = "general"


def _in_language(french: str, english: str, fallback: str) -> str:
    """The text for the current language; the other language's, then ``fallback``, when the
    card has none (a snapshot stored before the card held names)."""
    first, second = (
        (french, english)
        if (get_language() or "fr").startswith("fr")
        else (
            english,
            french,
        )
    )
    return first or second or fallback


def country_name(country) -> str:
    """A card's country (a model row or a ``calc.Country``) named in the current language."""
    return _in_language(
        getattr(country, "name_fr", ""), getattr(country, "name_en", ""), country.code
    )


def niche_label(niche) -> str:
    """A card's niche (a model row or a ``calc.Niche``) labelled in the current language."""
    return _in_language(getattr(niche, "label_fr", ""), getattr(niche, "label_en", ""), niche.slug)


def _audience_first(code: str) -> tuple[int, str]:
    if code in PRIMARY_COUNTRIES:
        return (PRIMARY_COUNTRIES.index(code), code)
    return (len(PRIMARY_COUNTRIES), code)


def country_codes(rates) -> list[str]:
    """The card's countries: the primary audience first, then by code."""
    return sorted(rates.countries, key=_audience_first)


def country_choices(rates, *, with_currency: bool = False) -> list[tuple[str, str]]:
    choices = []
    for code in country_codes(rates):
        country = rates.countries[code]
        name = country_name(country)
        choices.append((code, f"{name} ({country.currency})" if with_currency else name))
    return choices


def niche_choices(rates) -> list[tuple[str, str]]:
    """The card's niches in the card's order (its niches' positions)."""
    return [(slug, niche_label(niche)) for slug, niche in rates.niches.items()]


def currency_codes(rates) -> list[str]:
    """The currencies of the card's countries, the primary audience's first, each once."""
    codes: list[str] = []
    for code in country_codes(rates):
        currency = rates.countries[code].currency
        if currency not in codes:
            codes.append(currency)
    return codes
