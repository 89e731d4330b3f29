"""Template helpers shared by every page: language switching, money and number formatting."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def unprefixed_url(context) -> str:
    """The current URL in the default language (no /en/ prefix), for the language switcher.

    Django's set_language runs under the default language (its URL carries no prefix), so it
    can only translate a `next` URL that resolves in that language.
    """
    request = context["request"]
    return translate_url(request.get_full_path(), settings.LANGUAGE_CODE)
