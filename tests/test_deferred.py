"""A page's parts reach the template as callables, computed once and only when read, and never
hide a variable of Django's context processors."""

from __future__ import annotations

import functools

import pytest
from django.template import engines
from django.test import RequestFactory

from config.deferred import deferred
from creators.pages import ProfilePage
from estimator.views import _Answer


class Page:
    def __init__(self) -> None:
        self.computed: list[str] = []

    @functools.cached_property
    def total(self) -> str:
        self.computed.append("total")
        return "42 €"

    @functools.cached_property
    def charts(self) -> str:
        self.computed.append("charts")
        return "<svg>"


def test_a_part_is_computed_once_and_only_when_the_template_reads_it():
    page = Page()
    template = engines["django"].from_string("{{ total }} {{ total }}")
    assert template.render(deferred(page)) == "42 € 42 €"
    assert page.computed == ["total"]


@pytest.mark.django_db
@pytest.mark.parametrize("page_class", [_Answer, ProfilePage])
def test_no_part_hides_a_variable_of_the_context_processors(page_class):
    request = RequestFactory().get("/")
    request.user = None
    template = engines["django"].from_string("")
    provided = set()
    for processor in template.template.engine.template_context_processors:
        provided |= set(processor(request))
    parts = {
        name
        for cls in page_class.__mro__
        for name, value in vars(cls).items()
        if isinstance(value, functools.cached_property)
    }
    assert parts, page_class
    assert not parts & provided
