"""{% kept %}: a part drawn once per name and values (compared as a dictionary compares its
keys), bounded, and never kept while developing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.template import TemplateSyntaxError, engines

from estimator.templatetags import kept

PART = "{% load kept %}{% kept card value %}[{{ draw }}]{% endkept %}"


@dataclass(frozen=True)
class Shown:
    amount: Decimal
    currency: str


class Drawing:
    """The part's content: counts how often the template draws it."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        return f"drawn {self.count}"


def render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def test_a_part_is_drawn_once_for_the_same_values():
    drawing = Drawing()
    first = render(PART, value=Shown(Decimal("12.50"), "EUR"), draw=drawing)
    # Another object with the same values: the same part, not drawn again.
    again = render(PART, value=Shown(Decimal("12.50"), "EUR"), draw=drawing)
    assert first == again == "[drawn 1]"
    assert drawing.count == 1


@pytest.mark.parametrize(
    "other", [Shown(Decimal("12.51"), "EUR"), Shown(Decimal("12.50"), "CAD"), ("EUR", 12)]
)
def test_other_values_draw_another_part(other):
    drawing = Drawing()
    render(PART, value=Shown(Decimal("12.50"), "EUR"), draw=drawing)
    assert render(PART, value=other, draw=drawing) == "[drawn 2]"


def test_every_value_counts_and_the_name_too():
    drawing = Drawing()
    two_values = "{% load kept %}{% kept card a b %}[{{ draw }}]{% endkept %}"
    render(two_values, a="fr", b=1, draw=drawing)
    assert render(two_values, a="en", b=1, draw=drawing) == "[drawn 2]"
    assert render(two_values, a="fr", b=2, draw=drawing) == "[drawn 3]"
    other_name = "{% load kept %}{% kept price a b %}[{{ draw }}]{% endkept %}"
    assert render(other_name, a="fr", b=1, draw=drawing) == "[drawn 4]"
    assert render(two_values, a="fr", b=1, draw=drawing) == "[drawn 1]"


def test_values_that_cannot_be_compared_as_keys_are_refused():
    with pytest.raises(TypeError, match="hashable"):
        render(PART, value=["a", "list"], draw=Drawing())


def test_the_oldest_part_goes_first_past_the_bound(monkeypatch):
    monkeypatch.setattr(kept, "MAX_PARTS", 3)
    drawing = Drawing()
    for value in range(5):
        render(PART, value=value, draw=drawing)
    assert kept.kept_count() == 3
    assert render(PART, value=4, draw=drawing) == "[drawn 5]"  # still kept
    assert render(PART, value=0, draw=drawing) == "[drawn 6]"  # dropped, drawn again


def test_nothing_is_kept_while_developing(settings):
    settings.DEBUG = True
    drawing = Drawing()
    render(PART, value=1, draw=drawing)
    assert render(PART, value=1, draw=drawing) == "[drawn 2]"
    assert kept.kept_count() == 0


def test_forget_drops_every_part():
    drawing = Drawing()
    render(PART, value=1, draw=drawing)
    kept.forget()
    assert render(PART, value=1, draw=drawing) == "[drawn 2]"


def test_a_part_needs_a_name_and_a_value():
    with pytest.raises(TemplateSyntaxError, match="at least one value"):
        render("{% load kept %}{% kept card %}x{% endkept %}")


def test_the_oldest_parts_go_first_past_the_bound_on_text(monkeypatch):
    monkeypatch.setattr(kept, "MAX_CHARACTERS", 20)
    drawing = Drawing()
    for value in range(3):
        render(PART, value=value, draw=drawing)  # "[drawn 1]": 9 characters each
    assert kept.kept_count() == 2
    assert kept.kept_characters() == 18
    assert render(PART, value=0, draw=drawing) == "[drawn 4]"  # dropped, drawn again
