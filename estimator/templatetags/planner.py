"""Template helpers shared by every page: language switching, money and number formatting."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.conf import settings
from django.urls import translate_url

from estimator.presentation import SOURCE_LABELS, format_money, format_percent

register = template.Library()


@register.simple_tag(takes_context=True)
def unprefixed_url(context) -> str:
    """The current URL in the default language (no /en/ prefix), for the language switcher.

    Django's set_language runs under the default language (its URL carries no prefix), so it
    can only translate a `next` URL that resolves in that language.
    """
    request = context["request"]
    return translate_url(request.get_full_path(), settings.LANGUAGE_CODE)


@register.filter
def money(value, currency: str) -> str:
    """The single money filter: "1 234,56 €" / "€1,234.56"; empty for None."""
    if value is None or value == "":
        return ""
    return format_money(Decimal(value), currency)


@register.filter
def percent(fraction) -> str:
    """A fraction as a percentage: 0.7 → "70 %" / "70%"."""
    return format_percent(Decimal(fraction))


@register.filter
def growth(value) -> str:
    """A signed percentage: "+12,5 %", "−3 %"."""
    if value is None:
        return ""
    value = Decimal(value)
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return sign + format_percent(abs(value) / 100)


@register.simple_tag
def source_label(key: str) -> str:
    return str(SOURCE_LABELS.get(key, key))
