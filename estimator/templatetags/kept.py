"""``{% kept name value ... %}…{% endkept %}``: a part of a page kept in this process under the
values it shows.

The estimator's breakdown is drawn from parts (the total, the prices, one card per source, the
list of cards, the assumptions) that a new question mostly leaves unchanged. Each is kept under
the values it shows, compared as a dictionary compares its keys (hash, then equality): no text
of the values is built and no digest is taken (a ``{% cache %}`` key needs both, which cost a new
question more than drawing half its parts). So the values must be hashable (frozen dataclasses,
tuples, strings, numbers); values equal as numbers (12.5 and 12.50, 1 and True) share a part, so
they must show the same text (the estimator's formatting normalises numbers). The values must
include everything the part shows that the name does not fix: the active card's stamp and the
language for anything drawn from rates and translated texts, and whatever nested parts show.
Names are shared by every template: give each block a name of its own.

Kept per process (a part costs less to draw than a round trip to a shared cache) and bounded in
parts and in characters, the oldest dropped first. While developing (``DEBUG``) nothing is kept,
so an edited template shows at once.
"""

from __future__ import annotations

import threading

from django import template
from django.conf import settings

register = template.Library()

MAX_PARTS = 3000
# Parts run from 1 to 10 KB (a card, the list of eight): a bound on their text too, so the
# process keeps at most about 4 MB of it (and the values of the keys, of the same order).
MAX_CHARACTERS = 2_000_000

_parts: dict[tuple, str] = {}
_characters = 0
_lock = threading.Lock()


def forget() -> None:
    """Every kept part dropped (tests, and anyone who edits a template in production)."""
    global _characters
    with _lock:
        _parts.clear()
        _characters = 0


def kept_count() -> int:
    """How many parts are kept (tests)."""
    return len(_parts)


def kept_characters() -> int:
    """How many characters of text the kept parts hold (tests)."""
    return _characters


def _keep(key: tuple, part: str) -> None:
    global _characters
    with _lock:
        if key in _parts:
            return
        while _parts and (len(_parts) >= MAX_PARTS or _characters + len(part) > MAX_CHARACTERS):
            _characters -= len(_parts.pop(next(iter(_parts))))
        _parts[key] = part
        _characters += len(part)


class KeptNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str, values: list) -> None:
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context: template.Context) -> str:
        if settings.DEBUG:
            return self.nodelist.render(context)
        key = (self.name, *(value.resolve(context) for value in self.values))
        try:
            part = _parts.get(key)
        except TypeError as error:
            raise TypeError(f"{{% kept {self.name} %}}: its values must be hashable") from error
        if part is None:
            part = self.nodelist.render(context)
            _keep(key, part)
        return part


@register.tag("kept")
def do_kept(parser: template.base.Parser, token: template.base.Token) -> KeptNode:
    """``{% kept name value1 value2 ... %}``, closed by ``{% endkept %}``."""
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' takes a name and at least one value it is kept under."
        )
    return KeptNode(nodelist, bits[1], [parser.compile_filter(bit) for bit in bits[2:]])
