"""``{% kept name value ... %}…{% endkept %}``: a part of a page kept in this process under the
exact values it shows.

The estimator's breakdown is drawn from parts (one card per source, the price list, the
assumptions) that a new question mostly leaves unchanged. Each is kept under the values it
shows, compared by equality as a dictionary compares its keys: no text of the values is built
and no digest is taken (a ``{% cache %}`` key needs both, which cost a new question more than
drawing half its parts), and two different values can never share a part. The values must be
hashable (frozen dataclasses, tuples, strings, numbers), and must include everything the part
shows that the page's other values do not fix: the active card's stamp and the language for
anything drawn from rates and translated texts.

Kept per process and bounded (``MAX_PARTS``, the oldest dropped first): a part costs less to
draw than a round trip to a shared cache. While developing (``DEBUG``) nothing is kept, so an
edited template shows at once.
"""

from __future__ import annotations

import threading

from django import template
from django.conf import settings

register = template.Library()

MAX_PARTS = 3000  # about 1.5 KB each: under 5 MB per process

_parts: dict[tuple, str] = {}
_lock = threading.Lock()


def forget() -> None:
    """Every kept part dropped (tests, and anyone who edits a template in production)."""
    with _lock:
        _parts.clear()


def kept_count() -> int:
    return len(_parts)


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
            with _lock:
                if len(_parts) >= MAX_PARTS:
                    del _parts[next(iter(_parts))]
                _parts[key] = part
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
